// Export and import through IndexedDB: a group written to IdbStore comes back
// byte for byte after a round trip through the file text, checkpoints included.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { IdbStore } from '../../src/store/idb.ts';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import { exportGroup } from '../../src/engine/export/export.ts';
import { importGroup } from '../../src/engine/export/import.ts';
import { parseGroupExport } from '../../src/engine/export/parse.ts';
import { stringifyGroupExport } from '../../src/engine/export/serialize.ts';
import { summarizeAll } from '../../src/engine/group/metrics.ts';
import { bytes, group, report, trial } from './store-contract.ts';

describe('export and import with IdbStore', () => {
  it('IdbStore → file → MemoryStore → file → IdbStore gives the same file', async () => {
    const idb = await IdbStore.open('hptune', new IDBFactory());
    await idb.putGroup(group('g'));
    for (let t = 0; t < 3; t++) {
      const reports = [report(0, { loss: t === 1 ? NaN : 0.5 }), report(1)];
      await idb.putTrial(trial('g', t, { metrics: summarizeAll(reports), step: 1 }));
      await idb.addReports('g', t, reports);
      await idb.putCheckpoint('g', t, { step: 1, meta: { t }, data: bytes(300 + t, t) });
    }
    const text = stringifyGroupExport(await exportGroup(idb, 'g', { checkpoints: true, metric: { name: 'loss', optimization: 'minimize' } }));
    const first = parseGroupExport(text);
    if (!first.ok) throw new Error(JSON.stringify(first.issues));
    const mem = new MemoryStore();
    expect(await importGroup(mem, first.value)).toEqual({ ok: true, groupId: 'g' });
    const viaMemory = stringifyGroupExport(await exportGroup(mem, 'g', { checkpoints: true, metric: { name: 'loss', optimization: 'minimize' } }));
    expect(viaMemory).toBe(text);

    const second = await IdbStore.open('hptune', new IDBFactory());
    const again = parseGroupExport(viaMemory);
    if (!again.ok) throw new Error(JSON.stringify(again.issues));
    expect(await importGroup(second, again.value)).toEqual({ ok: true, groupId: 'g' });
    expect(stringifyGroupExport(await exportGroup(second, 'g', { checkpoints: true, metric: { name: 'loss', optimization: 'minimize' } }))).toBe(text);
    expect(await second.checkpointUsage('g')).toEqual({ count: 3, bytes: 903 });
    idb.close();
    second.close();
  });
});
