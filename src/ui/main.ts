// Composition root of the browser app. For now it mounts the spec editor with live
// validation and the plan preview; the engine, the IndexedDB store and the worker pool
// are composed here as their issues land (DESIGN.md, layers).
import './spec-editor.ts';
