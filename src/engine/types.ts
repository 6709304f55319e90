/**
 * Plain, structured-clone-safe data shared by every part of the engine.
 * Nothing here depends on a platform (no DOM, no Worker, no Node).
 */

/** A hyperparameter value: anything a polyaxonfile `values` list may hold (docs/hptuning.md, "values"). */
export type ParamValue = number | string | boolean | null | readonly ParamValue[] | { readonly [k: string]: ParamValue };
export type Params = Readonly<Record<string, ParamValue>>;

export type Optimization = 'maximize' | 'minimize';

/** Trial statuses: the subset of Polyaxon's experiment statuses (docs/hptuning.md, "Trial statuses") that hptune uses. */
export type TrialStatus = 'created' | 'running' | 'succeeded' | 'failed' | 'stopped' | 'skipped';
export const TRIAL_DONE: ReadonlySet<TrialStatus> = new Set(['succeeded', 'failed', 'stopped', 'skipped']);

/**
 * Group statuses (docs/hptuning.md, "Group statuses"). `paused` is hptune's own: the user paused the group, its
 * running trials handed back a checkpoint where they could, and it resumes where it was.
 */
export type GroupStatus = 'created' | 'running' | 'paused' | 'stopping' | 'stopped' | 'done' | 'failed';
export const GROUP_DONE: ReadonlySet<GroupStatus> = new Set(['stopped', 'done', 'failed']);

/** One metric report of a trial: every report is kept (docs/differences.md, "The last reported value decides"). `time` is ms since the epoch. */
export interface MetricReport {
  readonly step: number;
  readonly values: Readonly<Record<string, number>>;
  readonly time: number;
}

/** min / max / last of one metric over a trial's reports (docs/differences.md, "The last reported value decides"; Polyaxon #418). */
export interface MetricSummary {
  readonly last: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

/** Why something happened to a trial, with the rule and the numbers (e.g. a promotion or a stop). */
export interface TrialEvent {
  readonly time: number;
  /** `paused`: cut short by a pause (or a storage fault), to run again from where it got. */
  readonly kind: 'promoted' | 'stopped' | 'pruned' | 'failed' | 'early-stopping' | 'note' | 'paused';
  readonly message: string;
}

/** A trial as stored and as shown: an immutable snapshot. */
export interface TrialRecord {
  readonly groupId: string;
  /** 0-based, in creation order; also the key of the trial's random stream (docs/differences.md, "A seeded generator of our own, one stream per trial"). */
  readonly number: number;
  readonly params: Params;
  readonly status: TrialStatus;
  /** The seed handed to the trial's code (model init, shuffling, objective noise). */
  readonly seed: number;
  readonly createdAt: number;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  /** Failure or stop reason, as a sentence. */
  readonly message?: string;
  readonly metrics: Readonly<Record<string, MetricSummary>>;
  /** Last step reported, if any. */
  readonly step?: number;
  /** The resource value this trial trains to (Hyperband / ASHA), already in `params` too (docs/differences.md, "A promoted trial's params carry its new resource"). */
  readonly resource?: number;
  /** The trial this one was promoted from (Hyperband / ASHA clones). */
  readonly parent?: number;
  /** The trial whose checkpoint this one started from (a promotion with `resume: true`, docs/differences.md, "Resuming a promoted trial"). */
  readonly resumeFrom?: number;
  /** Scheduler bookkeeping (e.g. bracket, rung); plain numbers only. */
  readonly tags?: Readonly<Record<string, number>>;
  readonly events?: readonly TrialEvent[];
  /** The compute backend the trial ran on (e.g. `cpu`), when the runner says. */
  readonly backend?: string;
}

/** Why a group ended (or stopped for now), as data: the UI shows it instead of re-deriving it. */
export type GroupEndKind =
  /** The search ran out of trials to run (its plan is done, or its space is used up). */
  | 'exhausted'
  /** An early-stopping threshold was met; running it again ends at once unless the user continues anyway. */
  | 'threshold'
  /** Stopped by the user (or Ctrl-C): running trials were stopped. */
  | 'user-stop'
  /** The user stopped pending trials; the running ones finished. */
  | 'stop-pending'
  /** The group failed (the run cannot start, the search failed, an internal error). */
  | 'failed'
  /** Paused by the user; `engine.run(id)` continues it. */
  | 'paused-by-user'
  /** Paused by a storage error; every report saved before it is kept. */
  | 'storage-fault';

export interface GroupEnd {
  readonly kind: GroupEndKind;
  /** A sentence for people, with the numbers (e.g. the threshold and the trial that met it). */
  readonly message: string;
  /** The trial that met the threshold (kind `threshold`). */
  readonly trial?: number;
}
