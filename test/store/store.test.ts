// The Store contract (test/store/store-contract.ts) against every Store implementation.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import { IdbStore } from '../../src/store/idb.ts';
import { runStoreContract } from './store-contract.ts';

runStoreContract('MemoryStore', async () => new MemoryStore());
// A fresh IDBFactory per store: every test starts from an empty database.
runStoreContract('IdbStore (fake-indexeddb)', () => IdbStore.open('hptune', new IDBFactory()));
