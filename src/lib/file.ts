/** `hptune/file`: the file store, for Node: a journal of JSON lines a reopened group continues from (docs/library.md, "Stores"). */
export { FileStore, FileStoreError } from '../store/file.ts';
