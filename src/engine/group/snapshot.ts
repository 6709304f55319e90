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
import type { AlgorithmView } from '../algorithm-view.ts';
import type { MetricSpec } from '../spec/types.ts';
import type { GroupEnd, GroupStatus, MetricReport, Params, TrialRecord, TrialStatus } from '../types.ts';

export type { GroupEnd, GroupEndKind } from '../types.ts';
// What an algorithm shows of its state (brackets and rungs, the fitted GP): defined beside
// the SearchAlgorithm interface, which produces it, and re-exported here with the snapshot.
export type * from '../algorithm-view.ts';

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
  /** Trial n without building the whole list (cheap in a group of 10^5 trials). */
  trial(n: number): TrialRecord | undefined;
  /** How many trials exist (the length of `trials`, without building it). */
  readonly size: number;
  /**
   * The numbers of the trials that changed since the previous snapshot this watcher got, so a
   * view can update just those; undefined on a watcher's first snapshot (read everything).
   */
  readonly changed?: readonly number[];
  readonly counts: StatusCounts;
  /** The metric the group is judged by (sorting, best trial); undefined when none applies. */
  readonly metric?: MetricSpec;
  readonly best?: BestTrial;
  readonly progress: GroupProgress;
  /** Why the group ended or paused; undefined while it runs or before it first ran. */
  readonly ended?: GroupEnd;
  /** The algorithm's own state (rungs, the GP), when it exposes one. */
  readonly algorithm?: AlgorithmView;
  /**
   * Trial n's reason in plain words: why it ended, what its rung's ranking decided
   * (promoted or eliminated, its rank and the cut-off), else why it was created; '' when
   * nothing is known. Numbers in 4 significant digits.
   */
  reason(n: number): string;
}

export type SnapshotListener = (snapshot: GroupSnapshot) => void;
