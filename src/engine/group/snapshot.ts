/**
 * What the engine publishes about a group: immutable `GroupSnapshot`s, the one place the
 * UI and the CLI read a group's state from (`engine.watch(groupId, listener)`). They
 * render snapshots and compute no group state of their own (docs/architecture.md, "Group
 * state and snapshots").
 *
 * A snapshot never changes after it is published: a later change of the group produces a
 * new snapshot, and what an old one returns (trials, reports, the algorithm's view) stays
 * as it was. Its large parts (the trial list, the best trial) are computed on first read,
 * so a watcher pays only for what it reads.
 *
 * This file holds types only, so every layer (and the algorithms that fill
 * `AlgorithmView`) can import it without pulling code along.
 */
import type { GroupRecord } from '../store/store.ts';
import type { MetricSpec } from '../spec/types.ts';
import type { GroupEnd, GroupStatus, MetricReport, Params, TrialRecord, TrialStatus } from '../types.ts';

export type { GroupEnd, GroupEndKind } from '../types.ts';

export interface GroupProgress {
  /** Trials in a final status (succeeded, failed, stopped, skipped). */
  readonly done: number;
  readonly running: number;
  /**
   * Trials the plan runs in all (grid size, n_experiments, Hyperband's brackets, ...), never
   * below the trials that exist; undefined when the plan has no fixed size.
   */
  readonly planned?: number;
  /** Milliseconds the group has run: since it started, up to now or until it ended. */
  readonly elapsedMs: number;
  /**
   * Estimated milliseconds left: the mean duration of the finished trials (per unit of
   * resource for Hyperband and ASHA) times the work left, divided among the slots.
   * Undefined when it cannot be estimated honestly; `estimateNote` says why.
   */
  readonly remainingMs?: number;
  /** Why there is no estimate, or how rough it is (e.g. "no trial has finished yet"). */
  readonly estimateNote?: string;
}

/** The best trial by the group's metric (its last value), failed trials excluded. */
export interface BestTrial {
  readonly trial: number;
  readonly params: Params;
  readonly metric: string;
  readonly value: number;
}

export type StatusCounts = Readonly<Record<TrialStatus, number>>;

export interface GroupSnapshot {
  /** Grows by one with every published change of this group (in this engine). */
  readonly version: number;
  /** The group record: id, name, source, seed, concurrency, algorithm, status, message, timestamps. */
  readonly group: GroupRecord;
  /** Shorthand for `group.status`. */
  readonly status: GroupStatus;
  /** True while this engine drives the group. */
  readonly live: boolean;
  /** Every trial, by number (index = trial number), with its metric summaries and events. */
  readonly trials: readonly TrialRecord[];
  /** A trial's reports in order (empty when it has none): the learning curve. */
  reports(trial: number): readonly MetricReport[];
  readonly counts: StatusCounts;
  /** The metric the group is judged by (sorting, best trial); undefined when none applies. */
  readonly metric?: MetricSpec;
  readonly best?: BestTrial;
  readonly progress: GroupProgress;
  /** Why the group ended or paused; undefined while it runs or before it first ran. */
  readonly ended?: GroupEnd;
  /** The algorithm's own state (rungs, the GP), when it exposes one. */
  readonly algorithm?: AlgorithmView;
}

export type SnapshotListener = (snapshot: GroupSnapshot) => void;

// ---------------------------------------------------------------------------------------
// The algorithm's own state: `SearchAlgorithm.inspect(history)` returns it.

export type AlgorithmView = RungsView | BoView;

/** One rung of successive halving: the trials trained to `resource` in it. */
export interface RungView {
  readonly rung: number;
  readonly resource: number;
  /** Trial numbers in the rung, in creation order. */
  readonly trials: readonly number[];
  /** How many configurations the rung is planned to hold (Hyperband's n_i; ASHA's synchronous count). */
  readonly planned: number;
}

export interface BracketView {
  /** Hyperband's bracket s (s_max .. 0); undefined for ASHA, which has one ladder. */
  readonly bracket?: number;
  /** Bottom rung first. */
  readonly rungs: readonly RungView[];
}

/** A ranking decision at the end of a rung (Hyperband) or at a promotion (ASHA). */
export interface RungDecision {
  readonly kind: 'promoted' | 'eliminated';
  /** The ranked trial. */
  readonly trial: number;
  /** The trial a promotion created (continuing or re-running `trial` one rung up); absent until it exists. */
  readonly child?: number;
  readonly bracket?: number;
  /** The rung the trial was ranked in. */
  readonly rung: number;
  /** 1-based rank among the ranked trials, best first. */
  readonly rank: number;
  /** How many trials were ranked. */
  readonly ranked: number;
  /** How many go on (Hyperband's keep; ASHA's ⌊n/η⌋). */
  readonly kept: number;
  /** The value of the last trial that goes on: the cut-off. */
  readonly cutoff: number;
  /** The trial's own value of the metric. */
  readonly value: number;
  /**
   * False for ASHA's eliminations: a trial outside the top ⌊n/η⌋ today may still be
   * promoted when the rung grows. Hyperband's decisions are final.
   */
  readonly final: boolean;
}

export interface RungsView {
  readonly kind: 'hyperband' | 'asha';
  readonly metric: MetricSpec;
  /** The resource's name in the params (e.g. `epochs`). */
  readonly resource: string;
  readonly brackets: readonly BracketView[];
  /** Every promotion and elimination so far, in the order the rungs were ranked. */
  readonly decisions: readonly RungDecision[];
}

/** One encoded dimension of the BO space, enough to encode and decode a parameter for plotting. */
export interface BoDimension {
  /** The matrix key (a categorical key spans several one-hot dimensions with the same name). */
  readonly name: string;
  readonly kind: 'continuous' | 'log' | 'categorical' | 'discrete';
  /** The encoded range of this dimension. */
  readonly bounds: readonly [number, number];
  /** For categorical and discrete dimensions: the values, in encoding order. */
  readonly values?: readonly unknown[];
}

export interface BoObservation {
  readonly trial: number;
  readonly params: Params;
  /** The encoded point. */
  readonly x: readonly number[];
  /** The metric as reported (not negated for minimization). */
  readonly y: number;
}

export type AcquisitionKind = 'ucb' | 'ei' | 'poi';

export interface GpView {
  /** The fitted kernel hyperparameters by name (e.g. length scales, signal and noise variance). */
  readonly hyperparameters: Readonly<Record<string, number | readonly number[]>>;
  readonly dimensions: readonly BoDimension[];
  readonly observations: readonly BoObservation[];
  readonly incumbent?: BoObservation;
  /** The next suggestion, when it is computed. */
  readonly next?: { readonly params: Params; readonly x: readonly number[] };
  /** Posterior mean at encoded points, in the metric's units. */
  mean(points: readonly (readonly number[])[]): number[];
  /** Posterior standard deviation at encoded points, in the metric's units. */
  sd(points: readonly (readonly number[])[]): number[];
  /** The acquisition function at encoded points (larger is better). */
  acquisition(points: readonly (readonly number[])[], opts: { readonly kind: AcquisitionKind; readonly kappa?: number; readonly xi?: number }): number[];
}

export interface BoView {
  readonly kind: 'bo';
  readonly phase: 'random' | 'model';
  readonly randomStart: { readonly done: number; readonly total: number };
  readonly gp?: GpView;
}
