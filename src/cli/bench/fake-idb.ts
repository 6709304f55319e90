// Installs fake-indexeddb's IndexedDB globals in Node, for `hptune bench --storage` only.
import 'fake-indexeddb/auto';
