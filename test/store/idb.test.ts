// IdbStore beyond the shared contract: schema upgrade from version 1, storage failures as
// StoreError, checkpoint size accounting (items 1 and 6).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdbStore } from '../../src/store/idb.ts';
import { SCHEMA_VERSION } from '../../src/store/schema.ts';
import { StoreError, toStoreError } from '../../src/store/errors.ts';
import { bytes, group, report, trial } from './store-contract.ts';

/** Resolves a raw IDBRequest (the v1 database is written without idb, as an old hptune did). */
function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Writes a database in the layout of schema version 1 (schema.ts, "History"). */
async function writeV1(factory: IDBFactory): Promise<void> {
  const open = factory.open('hptune', 1);
  open.onupgradeneeded = () => {
    const db = open.result;
    db.createObjectStore('groups', { keyPath: 'id' });
    db.createObjectStore('trials', { keyPath: ['groupId', 'number'] });
    db.createObjectStore('reports', { autoIncrement: true }).createIndex('byTrial', ['groupId', 'trial']);
  };
  const db = await done(open);
  const tx = db.transaction(['groups', 'trials', 'reports'], 'readwrite');
  tx.objectStore('groups').put(group('old'));
  tx.objectStore('trials').put(trial('old', 0));
  tx.objectStore('trials').put(trial('old', 1));
  const reports = tx.objectStore('reports');
  reports.add({ ...report(0), groupId: 'old', trial: 1 });
  reports.add({ ...report(0), groupId: 'old', trial: 0 });
  reports.add({ ...report(0), groupId: 'other', trial: 0 });
  reports.add({ ...report(1), groupId: 'old', trial: 1 });
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

describe('IndexedDB schema upgrade', () => {
  it(`opens a version-1 database at version ${SCHEMA_VERSION} with all its data`, async () => {
    const factory = new IDBFactory();
    await writeV1(factory);
    const store = await IdbStore.open('hptune', factory);
    expect(await store.getGroup('old')).toEqual(group('old'));
    expect(await store.listTrials('old')).toEqual([trial('old', 0), trial('old', 1)]);
    // The byGroup index added by version 2 is built from the version-1 records, in write order.
    expect((await store.listReports('old')).map((r) => [r.trial, r.step])).toEqual([[1, 0], [0, 0], [1, 1]]);
    expect((await store.listReports('old', 1)).map((r) => r.step)).toEqual([0, 1]);
    // New writes go after the old ones, and the version-2 checkpoints store works.
    await store.addReports('old', 0, [report(5)]);
    expect((await store.listReports('old')).map((r) => r.step)).toEqual([0, 0, 1, 5]);
    await store.putCheckpoint('old', 0, { step: 5, meta: {}, data: bytes(8, 1) });
    expect(new Uint8Array((await store.getCheckpoint('old', 0))!.data)).toEqual(new Uint8Array(bytes(8, 1)));
    await store.deleteGroup('old');
    expect(await store.listReports('old')).toEqual([]);
    expect(await store.listReports('other')).toHaveLength(1);
    store.close();
    // Reopening the upgraded database runs no migration again and keeps the data.
    const again = await IdbStore.open('hptune', factory);
    expect(await again.listReports('other')).toHaveLength(1);
    again.close();
  });

  it('keeps data across close and reopen', async () => {
    const factory = new IDBFactory();
    const a = await IdbStore.open('hptune', factory);
    await a.putGroup(group('g'));
    await a.addReports('g', 0, [report(0)]);
    a.close();
    const b = await IdbStore.open('hptune', factory);
    expect(await b.getGroup('g')).toEqual(group('g'));
    expect(await b.listReports('g')).toHaveLength(1);
    b.close();
  });
});

describe('storage failures surface as StoreError', () => {
  afterEach(() => vi.restoreAllMocks());

  it('no IndexedDB → unavailable', async () => {
    const saved = globalThis.indexedDB;
    // @ts-expect-error: simulating a platform without IndexedDB (e.g. a private mode)
    delete globalThis.indexedDB;
    try {
      const err = await IdbStore.open().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect(err).toMatchObject({ code: 'unavailable' });
      expect((err as Error).message).toMatch(/no IndexedDB/);
    } finally {
      globalThis.indexedDB = saved;
    }
  });

  it('an older connection that does not close → blocked', async () => {
    const factory = new IDBFactory();
    await writeV1(factory);
    const old = await done(factory.open('hptune', 1));
    const err = await IdbStore.open('hptune', factory).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'blocked' });
    expect((err as Error).message).toMatch(/another tab still has an older version/);
    expect((err as Error).message).toMatch(/version 1 to 2/);
    old.close();
  });

  it('a database newer than this hptune → version', async () => {
    const factory = new IDBFactory();
    (await done(factory.open('hptune', SCHEMA_VERSION + 5))).close();
    const err = await IdbStore.open('hptune', factory).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'version' });
    expect((err as Error).message).toMatch(/newer version of hptune/);
  });

  it('steps aside for an upgrade in another tab, then fails with closed', async () => {
    const factory = new IDBFactory();
    const store = await IdbStore.open('hptune', factory);
    await store.putGroup(group('g'));
    const newer = await done(factory.open('hptune', SCHEMA_VERSION + 1));
    newer.close();
    const err = await store.getGroup('g').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'closed' });
    expect((err as Error).message).toMatch(/^reading group g failed: .*reload this page \(a newer hptune opened it in another tab\)$/);
  });

  it('quota exceeded while writing reports → quota, and none of the batch is stored', async () => {
    const store = await IdbStore.open('hptune', new IDBFactory());
    const add = IDBObjectStore.prototype.add;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: [unknown, IDBValidKey?]) {
      if (++calls === 3) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return add.apply(this, args);
    });
    const err = await store.addReports('g', 0, [report(0), report(1), report(2)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ code: 'quota' });
    expect((err as Error).message).toMatch(/saving 3 reports of trial 0 in group g failed: the storage quota is used up/);
    vi.restoreAllMocks();
    expect(await store.listReports('g')).toEqual([]);
    await store.addReports('g', 0, [report(0)]);
    expect(await store.listReports('g')).toHaveLength(1);
    store.close();
  });

  it('maps DOMException names to codes and keeps the cause', () => {
    const cases: [string, string][] = [
      ['QuotaExceededError', 'quota'],
      ['VersionError', 'version'],
      ['InvalidStateError', 'closed'],
      ['DataCloneError', 'failed'],
    ];
    for (const [name, code] of cases) {
      const cause = new DOMException('detail', name);
      const e = toStoreError(cause, 'doing x');
      expect(e.code).toBe(code);
      expect(e.cause).toBe(cause);
      expect(e.message).toMatch(new RegExp(`^doing x failed: .*\\(${name}: detail\\)$`));
    }
  });
});

describe('checkpoint size accounting', () => {
  it('sums checkpoint bytes per group and overall', async () => {
    const store = await IdbStore.open('hptune', new IDBFactory());
    await store.putCheckpoint('a', 0, { step: 1, meta: {}, data: bytes(100, 1) });
    await store.putCheckpoint('a', 1, { step: 1, meta: {}, data: bytes(50, 2) });
    await store.putCheckpoint('a', 1, { step: 2, meta: {}, data: bytes(70, 3) });
    await store.putCheckpoint('b', 0, { step: 1, meta: {}, data: bytes(1, 4) });
    expect(await store.checkpointUsage('a')).toEqual({ count: 2, bytes: 170 });
    expect(await store.checkpointUsage()).toEqual({ count: 3, bytes: 171 });
    await store.deleteGroup('a');
    expect(await store.checkpointUsage()).toEqual({ count: 1, bytes: 1 });
    store.close();
  });

  it('usage() and requestPersistence() answer undefined where navigator.storage is missing (Node)', async () => {
    const store = await IdbStore.open('hptune', new IDBFactory());
    vi.stubGlobal('navigator', {});
    expect(await store.usage()).toBeUndefined();
    expect(await store.requestPersistence()).toBeUndefined();
    vi.stubGlobal('navigator', {
      storage: { estimate: async () => ({ usage: 10, quota: 100 }), persisted: async () => false, persist: async () => true },
    });
    expect(await store.usage()).toEqual({ usage: 10, quota: 100 });
    expect(await store.requestPersistence()).toBe(true);
    vi.unstubAllGlobals();
    store.close();
  });
});
