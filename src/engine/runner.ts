/**
 * The TrialRunner port (docs/architecture.md, "Ports"): run one trial job, stream its reports,
 * obey the answer to each report, honour an AbortSignal. Outcomes are plain data,
 * since errors cross worker boundaries flattened (Comlink).
 * Implementations: the in-process runner (src/workers/inprocess.ts), the worker pool.
 */
import type { Params } from './types.ts';
import type { RunSpec } from './spec/types.ts';

/** The answer to a report, obeyed at the trial's next report boundary (e.g. epoch). */
export type Decision = 'continue' | 'pause' | 'stop';

/**
 * Opaque saved state of a trial (model weights, optimizer state, or just the step
 * reached), handed back on pause or finish and given to a promoted trial with
 * `resume: true` (docs/differences.md, "Resuming a promoted trial"). `data` is transferable across workers.
 */
export interface Checkpoint {
  /** The step (unit of resource) the state corresponds to. */
  readonly step: number;
  /** JSON-safe description (e.g. tfjs weight specs, backend). */
  readonly meta: Readonly<Record<string, unknown>>;
  /** The bytes, possibly empty. */
  readonly data: ArrayBuffer;
}

export interface TrialJob {
  readonly groupId: string;
  readonly trial: number;
  /** Merged params: matrix suggestion, then the resource (docs/differences.md, "A promoted trial's params carry its new resource"), then the group's `params` (docs/hptuning.md, "From a suggestion to a trial's params"). */
  readonly params: Params;
  /** Seed for everything random inside the trial (docs/differences.md, "A seeded generator of our own, one stream per trial"). */
  readonly seed: number;
  /**
   * The group's seed. Built-in objectives take their noise from it, so the same
   * configuration sees the same noise in every trial and every method (docs/benchmarks.md, "LC4: learning curves").
   */
  readonly groupSeed: number;
  readonly run: RunSpec;
  /** When set, the trial resumes from this state and trains only the increment (docs/differences.md, "Resuming a promoted trial"). */
  readonly checkpoint?: Checkpoint;
}

/** A report as the trial sends it; the engine stamps the time. */
export interface TrialReport {
  readonly step: number;
  readonly values: Readonly<Record<string, number>>;
}

export type ReportFn = (report: TrialReport) => Decision | Promise<Decision>;

export type TrialOutcome =
  | { readonly kind: 'completed'; readonly checkpoint?: Checkpoint; readonly backend?: string }
  | { readonly kind: 'halted'; readonly decision: 'pause' | 'stop'; readonly checkpoint?: Checkpoint; readonly backend?: string }
  | { readonly kind: 'failed'; readonly name: string; readonly message: string };

/** The part of AbortSignal the engine uses (the engine is compiled without DOM types). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface TrialRunner {
  /**
   * The caller runs the trials itself (the ask/tell API, docs/library.md): the spec needs no
   * `run` section, and a job's `run` is the spec's section when it has one (the runner ignores it).
   */
  readonly callerRuns?: boolean;
  /** Why this runner cannot run such a section, or undefined when it can. Checked before a group starts. */
  unsupported?(run: RunSpec): string | undefined;
  run(job: TrialJob, report: ReportFn, signal: AbortSignalLike): Promise<TrialOutcome>;
  /** Release workers and other resources. */
  close?(): Promise<void>;
}
