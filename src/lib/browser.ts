/**
 * The self-contained browser build (docs/library.md, "Without a bundler"): the main entry and
 * the IndexedDB store with their dependencies inside, one ES module a page imports directly.
 * `npm run build:browser` writes it to public/lib/hptune.js, which the app's static host
 * serves (public/examples/own-model.html uses it).
 */
export * from './index.ts';
export * from './idb.ts';
