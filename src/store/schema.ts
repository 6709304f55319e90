/**
 * The IndexedDB schema of hptune and its history. Each version's migration runs inside the
 * `upgradeneeded` transaction, in order, from the version on disk to SCHEMA_VERSION, so a
 * database written by any earlier hptune opens with its data (tested from version 1).
 *
 * History:
 * 1. groups (key `id`), trials (key [groupId, number]), reports (auto-increment key,
 *    index `byTrial` on [groupId, trial]).
 * 2. reports get the index `byGroup` (a group's reports in write order without scanning
 *    per trial; built from the existing records by the upgrade); the `checkpoints` store
 *    (key [groupId, trial], the byte size kept beside the bytes for usage accounting).
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { Checkpoint, GroupRecord, StoredReport, TrialRecord } from '../engine/index.ts';

export const SCHEMA_VERSION = 2;
export const DEFAULT_DB_NAME = 'hptune';

export interface CheckpointRow extends Checkpoint {
  readonly groupId: string;
  readonly trial: number;
  /** data.byteLength, so usage can be summed and shown per group. */
  readonly bytes: number;
}

export interface HptuneDB extends DBSchema {
  groups: { key: string; value: GroupRecord };
  trials: { key: [string, number]; value: TrialRecord };
  reports: { key: number; value: StoredReport; indexes: { byTrial: [string, number]; byGroup: string } };
  checkpoints: { key: [string, number]; value: CheckpointRow };
}

export type UpgradeTx = IDBPTransaction<HptuneDB, StoreNames<HptuneDB>[], 'versionchange'>;

const MIGRATIONS: readonly ((db: IDBPDatabase<HptuneDB>, tx: UpgradeTx) => void)[] = [
  // → 1
  (db) => {
    db.createObjectStore('groups', { keyPath: 'id' });
    db.createObjectStore('trials', { keyPath: ['groupId', 'number'] });
    // Out-of-line auto-increment keys: records stay exactly the StoredReport, and the key
    // orders reports by write, which index reads preserve within one index key.
    const reports = db.createObjectStore('reports', { autoIncrement: true });
    reports.createIndex('byTrial', ['groupId', 'trial']);
  },
  // → 2
  (db, tx) => {
    tx.objectStore('reports').createIndex('byGroup', 'groupId');
    db.createObjectStore('checkpoints', { keyPath: ['groupId', 'trial'] });
  },
];

export function migrate(db: IDBPDatabase<HptuneDB>, oldVersion: number, tx: UpgradeTx): void {
  for (let v = oldVersion; v < SCHEMA_VERSION; v++) MIGRATIONS[v]!(db, tx);
}

/** Key range of every [groupId, n] key of one group (arrays sort after numbers, and a prefix before its extensions). */
export function groupRange(groupId: string): IDBKeyRange {
  return IDBKeyRange.bound([groupId], [groupId, []]);
}
