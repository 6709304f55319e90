/**
 * The Store port (docs/architecture.md, "Ports"): everything the engine persists.
 * Implementations: MemoryStore (here; tests and CLI), IndexedDB and file stores (src/store).
 * Reads return copies: a caller never aliases what the store holds (Optuna's rule).
 */
import type { GroupEnd, GroupStatus, MetricReport, TrialRecord } from '../types.ts';
import type { Checkpoint } from '../runner.ts';

export interface GroupRecord {
  readonly id: string;
  readonly name: string;
  /** The spec text as the user wrote it (YAML or JSON), so the group can be re-parsed and shown. */
  readonly source: string;
  /** The seed actually used (the spec's, or one drawn at creation: docs/differences.md, "Seed 0 is a seed, and every group has one"). */
  readonly seed: number;
  readonly concurrency: number;
  readonly algorithm: string;
  readonly status: GroupStatus;
  readonly message?: string;
  readonly createdAt: number;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  /** Why the group last ended or paused, as data (the UI shows it; `run` refuses to ignore a met threshold). */
  readonly ended?: GroupEnd;
  /** Serializable algorithm state that cannot be rebuilt from the trials (e.g. defaults applied: docs/differences.md, "BO defaults for omitted fields"). */
  readonly state?: Readonly<Record<string, unknown>>;
}

export interface StoredReport extends MetricReport {
  readonly groupId: string;
  readonly trial: number;
}

export interface Store {
  putGroup(group: GroupRecord): Promise<void>;
  getGroup(id: string): Promise<GroupRecord | undefined>;
  listGroups(): Promise<readonly GroupRecord[]>;
  /** Deletes the group with its trials, reports and checkpoints. */
  deleteGroup(id: string): Promise<void>;

  putTrial(trial: TrialRecord): Promise<void>;
  listTrials(groupId: string): Promise<readonly TrialRecord[]>;

  /** Appends reports (kept in order); committed before the engine acts on them. */
  addReports(groupId: string, trial: number, reports: readonly MetricReport[]): Promise<void>;
  /** A trial's reports, or the whole group's when `trial` is omitted, in report order. */
  listReports(groupId: string, trial?: number): Promise<readonly StoredReport[]>;

  putCheckpoint(groupId: string, trial: number, checkpoint: Checkpoint): Promise<void>;
  getCheckpoint(groupId: string, trial: number): Promise<Checkpoint | undefined>;
}
