/** `hptune/idb`: the IndexedDB store, for browsers (docs/library.md, "Stores"). */
export { IdbStore, type StorageUsage } from '../store/idb.ts';
