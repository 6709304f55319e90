// The Store contract against real IndexedDB in Chromium, plus what only a browser has:
// navigator.storage. Runs in the vitest browser project.
import { describe, expect, it } from 'vitest';
import { IdbStore } from '../../src/store/idb.ts';
import { runStoreContract } from './store-contract.ts';

let n = 0;
// A fresh database name per store: every test starts empty.
runStoreContract('IdbStore (Chromium IndexedDB)', () => IdbStore.open(`hptune-contract-${Date.now()}-${n++}`));

describe('storage usage and persistence (Chromium)', () => {
  it('reports usage and quota, and answers a persistence request', async () => {
    const store = await IdbStore.open(`hptune-usage-${Date.now()}`);
    await store.putCheckpoint('g', 0, { step: 1, meta: {}, data: new ArrayBuffer(1 << 20) });
    const usage = await store.usage();
    expect(usage!.quota).toBeGreaterThan(0);
    expect(typeof (await store.requestPersistence())).toBe('boolean');
    expect(await store.checkpointUsage('g')).toEqual({ count: 1, bytes: 1 << 20 });
    store.close();
  });
});
