/**
 * The Store port over IndexedDB (`idb`): groups, trials, every metric report, checkpoints
 *. Schema and migrations: schema.ts. IndexedDB structured-clones on every write
 * and read, so nothing a caller holds aliases what is stored (Optuna's rule).
 *
 * Every write resolves only when its transaction has committed, which is what the engine's
 * durability rule needs ("every report is committed before the decision based on it is
 * acted upon"). The default durability hint is kept: Chromium's "relaxed" commit survives a
 * reload, a tab crash and a closed tab; only an OS crash could lose the last writes.
 */
import { wrap, type IDBPDatabase } from 'idb';
import type { Checkpoint, GroupRecord, MetricReport, Store, StoredReport, TrialRecord } from '../engine/index.ts';
import { DEFAULT_DB_NAME, SCHEMA_VERSION, groupRange, migrate, type HptuneDB, type UpgradeTx } from './schema.ts';
import { StoreError, storeError, toStoreError } from './errors.ts';

export interface StorageUsage {
  /** Bytes used by this origin (all of its storage, not only hptune's). */
  readonly usage: number;
  readonly quota: number;
}

export class IdbStore implements Store {
  /** Why the connection is closed, once it is: every later call fails with it. */
  private closedBecause: string | undefined;

  private constructor(private readonly db: IDBPDatabase<HptuneDB>) {
    // Another tab wants to upgrade the schema: step aside instead of blocking it, and make
    // this store's later calls fail with a message that says to reload.
    db.addEventListener('versionchange', () => {
      db.close();
      this.closedBecause = 'a newer hptune opened it in another tab';
    });
    db.addEventListener('close', () => {
      this.closedBecause ??= 'the browser closed the connection';
    });
  }

  /**
   * Opens (creating or upgrading) the database. `idbFactory` defaults to the global
   * `indexedDB`; pass one (e.g. fake-indexeddb's `new IDBFactory()`) to isolate tests.
   * The IDB classes (IDBDatabase, IDBKeyRange, ...) must be globals, as `idb` requires.
   * Fails with StoreError: `unavailable`, `blocked`, `version`, or `failed`.
   */
  static async open(name: string = DEFAULT_DB_NAME, idbFactory?: IDBFactory): Promise<IdbStore> {
    const doing = `opening the hptune database ${JSON.stringify(name)}`;
    const factory = idbFactory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    if (!factory) throw storeError('unavailable', doing, 'indexedDB is not defined');
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name, SCHEMA_VERSION);
    } catch (e) {
      // Old Firefox private mode threw here (InvalidStateError) rather than failing the request.
      throw storeError('unavailable', doing, (e as Error).message, e);
    }
    const opened = wrap(request) as Promise<IDBPDatabase<HptuneDB>>;
    request.addEventListener('upgradeneeded', (event) => {
      const db = wrap(request.result) as IDBPDatabase<HptuneDB>;
      migrate(db, event.oldVersion, wrap(request.transaction!) as unknown as UpgradeTx);
    });
    const blocked = new Promise<never>((_, reject) => {
      request.addEventListener('blocked', (event) => {
        // The open stays queued in the browser; if it later succeeds, release it at once,
        // since the caller has been told it failed.
        opened.then((db) => db.close(), () => undefined);
        reject(storeError('blocked', doing, `upgrade from version ${event.oldVersion} to ${event.newVersion} waits for other connections to close`));
      });
    });
    try {
      return new IdbStore(await Promise.race([opened, blocked]));
    } catch (e) {
      if (e instanceof StoreError) throw e;
      const n = (e as { name?: unknown } | null)?.name;
      // An open refused by the browser (private modes, disabled storage) is "unavailable".
      const refused = n === 'SecurityError' || n === 'InvalidStateError' || n === 'UnknownError';
      throw refused ? storeError('unavailable', doing, `${n}: ${(e as Error).message}`, e) : toStoreError(e, doing);
    }
  }

  close(): void {
    this.db.close();
    this.closedBecause ??= 'the store was closed';
  }

  /** Runs `op`, turning any IndexedDB failure into a StoreError that says what was attempted. */
  private async run<T>(doing: string, op: (db: IDBPDatabase<HptuneDB>) => Promise<T>): Promise<T> {
    if (this.closedBecause) throw storeError('closed', doing, this.closedBecause);
    try {
      return await op(this.db);
    } catch (e) {
      throw this.closedBecause ? storeError('closed', doing, this.closedBecause, e) : toStoreError(e, doing);
    }
  }

  putGroup(group: GroupRecord): Promise<void> {
    return this.run(`saving group ${group.id}`, async (db) => {
      await db.put('groups', group);
    });
  }

  getGroup(id: string): Promise<GroupRecord | undefined> {
    return this.run(`reading group ${id}`, (db) => db.get('groups', id));
  }

  listGroups(): Promise<readonly GroupRecord[]> {
    return this.run('listing groups', (db) => db.getAll('groups'));
  }

  /** One transaction over the four stores: the group disappears with all it owns, or not at all. */
  deleteGroup(id: string): Promise<void> {
    return this.run(`deleting group ${id}`, async (db) => {
      const tx = db.transaction(['groups', 'trials', 'reports', 'checkpoints'], 'readwrite');
      const reports = tx.objectStore('reports');
      const keys = await reports.index('byGroup').getAllKeys(id);
      await Promise.all([
        tx.objectStore('groups').delete(id),
        tx.objectStore('trials').delete(groupRange(id)),
        tx.objectStore('checkpoints').delete(groupRange(id)),
        ...keyRuns(keys).map(([first, last]) => reports.delete(IDBKeyRange.bound(first, last))),
        tx.done,
      ]);
    });
  }

  putTrial(trial: TrialRecord): Promise<void> {
    return this.run(`saving trial ${trial.number} of group ${trial.groupId}`, async (db) => {
      await db.put('trials', trial);
    });
  }

  listTrials(groupId: string): Promise<readonly TrialRecord[]> {
    return this.run(`reading the trials of group ${groupId}`, (db) => db.getAll('trials', groupRange(groupId)));
  }

  /** All the reports in one transaction: one commit, and either all are stored or none. */
  addReports(groupId: string, trial: number, reports: readonly MetricReport[]): Promise<void> {
    const what = `saving ${reports.length} report${reports.length === 1 ? '' : 's'} of trial ${trial} in group ${groupId}`;
    return this.run(what, async (db) => {
      if (reports.length === 0) return;
      const tx = db.transaction('reports', 'readwrite');
      const adds: Promise<unknown>[] = [];
      try {
        for (const r of reports) adds.push(tx.store.add({ step: r.step, values: r.values, time: r.time, groupId, trial }));
      } catch (e) {
        // A synchronous failure (e.g. DataCloneError) after some adds: abort, so none commits.
        tx.abort();
        await Promise.allSettled([...adds, tx.done]);
        throw e;
      }
      await Promise.all([...adds, tx.done]);
    });
  }

  listReports(groupId: string, trial?: number): Promise<readonly StoredReport[]> {
    if (trial === undefined) return this.run(`reading the reports of group ${groupId}`, (db) => readGroupReports(db, groupId));
    return this.run(`reading the reports of trial ${trial} in group ${groupId}`, (db) =>
      db.getAllFromIndex('reports', 'byTrial', [groupId, trial]),
    );
  }

  putCheckpoint(groupId: string, trial: number, checkpoint: Checkpoint): Promise<void> {
    const { step, meta, data } = checkpoint;
    return this.run(`saving the checkpoint of trial ${trial} in group ${groupId} (${data.byteLength} bytes)`, async (db) => {
      await db.put('checkpoints', { groupId, trial, step, meta, data, bytes: data.byteLength });
    });
  }

  getCheckpoint(groupId: string, trial: number): Promise<Checkpoint | undefined> {
    return this.run(`reading the checkpoint of trial ${trial} in group ${groupId}`, async (db) => {
      const row = await db.get('checkpoints', [groupId, trial]);
      return row && { step: row.step, meta: row.meta, data: row.data };
    });
  }

  /** How many checkpoints and bytes a group (or the whole store) holds. */
  checkpointUsage(groupId?: string): Promise<{ readonly count: number; readonly bytes: number }> {
    return this.run('measuring checkpoint usage', async (db) => {
      let count = 0;
      let bytes = 0;
      let cursor = await db.transaction('checkpoints').store.openCursor(groupId === undefined ? undefined : groupRange(groupId));
      while (cursor) {
        count++;
        bytes += cursor.value.bytes;
        cursor = await cursor.continue();
      }
      return { count, bytes };
    });
  }

  /** The origin's storage use and quota (navigator.storage.estimate), where the platform has it. */
  async usage(): Promise<StorageUsage | undefined> {
    const storage = storageManager();
    if (!storage?.estimate) return undefined;
    const { usage, quota } = await storage.estimate();
    return usage === undefined || quota === undefined ? undefined : { usage, quota };
  }

  /**
   * Asks the browser to keep this origin's data under storage pressure
   * (navigator.storage.persist). true: granted; false: refused; undefined: not supported here.
   */
  async requestPersistence(): Promise<boolean | undefined> {
    const storage = storageManager();
    if (!storage?.persist) return undefined;
    return (await storage.persisted?.()) || storage.persist();
  }
}

/**
 * Reads in ranges of this many primary keys. Measured in headless Chromium (shared, loaded
 * machine): one getAll of 20,000 reports took 1.8–2.1 s, the same reports read as ranges of
 * 100 keys took 0.37–0.93 s, ranges of 300 took 1.36 s; Chromium's cost per getAll grows
 * faster than its result. For 1,000 trials × 100 reports: 13.6 s as one getAll, 2.0 s paged.
 */
const REPORT_PAGE = 100;

/**
 * A group's reports in write order: the byGroup index gives the primary keys in order (keys
 * are cheap to read), then ranges of the reports store between them are read in parallel in
 * the same transaction. A range may hold another group's reports written in between; those
 * are skipped.
 */
async function readGroupReports(db: IDBPDatabase<HptuneDB>, groupId: string): Promise<StoredReport[]> {
  const tx = db.transaction('reports');
  const keys = await tx.store.index('byGroup').getAllKeys(groupId);
  const pages: Promise<StoredReport[]>[] = [];
  for (let i = 0; i < keys.length; i += REPORT_PAGE) {
    const last = keys[Math.min(i + REPORT_PAGE, keys.length) - 1]!;
    pages.push(tx.store.getAll(IDBKeyRange.bound(keys[i]!, last)));
  }
  const out: StoredReport[] = [];
  for (const page of await Promise.all(pages)) for (const r of page) if (r.groupId === groupId) out.push(r);
  return out;
}

/**
 * Sorted auto-increment keys as runs of consecutive integers [first, last]. The reports store
 * only ever holds integer keys, so no other record lies inside a run, and one range delete
 * replaces a delete per report (a group's reports are mostly contiguous: 100,000 deletes
 * took 7.9 s on fake-indexeddb).
 */
function keyRuns(keys: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const k of keys) {
    const run = runs[runs.length - 1];
    if (run && k === run[1] + 1) run[1] = k;
    else runs.push([k, k]);
  }
  return runs;
}

function storageManager(): Partial<StorageManager> | undefined {
  return (globalThis as { navigator?: { storage?: Partial<StorageManager> } }).navigator?.storage;
}
