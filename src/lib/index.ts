/**
 * The `hptune` package's main entry (docs/library.md): the engine's public API and the
 * ask/tell API. DOM-free and free of Node built-ins, so it runs in Node, in a browser
 * bundle and in a worker. The stores that need a platform have their own entries:
 * `hptune/idb` (IndexedDB, browsers) and `hptune/file` (a JSON journal file, Node).
 */
export * from '../engine/index.ts';
