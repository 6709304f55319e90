// The storage benchmark helpers (src/store/bench.ts), run small: they measure, they do not gate
// (the machine is shared, so timing assertions stay out of tests; the times go to `hptune bench --storage`).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { benchReopen, benchReportWrites, summarize } from '../../src/store/bench.ts';
import { IdbStore } from '../../src/store/idb.ts';
import { MemoryStore } from '../../src/engine/store/memory.ts';

describe('storage benchmark helpers', () => {
  it('summarize gives median, p95 and mean', () => {
    expect(summarize([5, 1, 3, 2, 4])).toEqual({ median: 3, p95: 5, mean: 3, n: 5 });
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
  });

  it('times single-report writes and leaves every report stored', async () => {
    const store = await IdbStore.open('bench', new IDBFactory());
    const t = await benchReportWrites(store, 50);
    expect(t.n).toBe(50);
    expect(await store.listReports('bench-writes', 0)).toHaveLength(50);
    store.close();
    expect((await benchReportWrites(new MemoryStore(), 10)).n).toBe(10);
  });

  it('fills, closes, reopens and reads a whole group back', async () => {
    const factory = new IDBFactory();
    const t = await benchReopen(await IdbStore.open('bench', factory), () => IdbStore.open('bench', factory), 20, 10);
    expect(t.totalMs).toBeCloseTo(t.openMs + t.trialsMs + t.reportsMs, 6);
    const store = await IdbStore.open('bench', factory);
    expect(await store.listReports('bench-reopen')).toHaveLength(200);
    store.close();
  });
});
