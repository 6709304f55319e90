/**
 * Builds the `GroupSnapshot` of one group state (snapshot.ts has the types). The cheap
 * parts (status, counts, progress) are computed at once; the trial list, the best trial and
 * the algorithm's view on first read, so a watcher that shows only a progress bar does
 * not pay O(trials) per snapshot. Everything it returns comes from one immutable state.
 */
import type { MetricSpec } from '../spec/types.ts';
import type { SearchAlgorithm } from '../algorithm.ts';
import type { MetricReport, TrialRecord } from '../types.ts';
import type { AlgorithmView, BestTrial, GroupEnd, GroupProgress, GroupSnapshot, StatusCounts } from './snapshot.ts';
import type { GroupState } from './state.ts';
import type { GroupRecord } from '../store/store.ts';
import { bestTrial } from './metric.ts';
import { StateHistory } from './history.ts';

/** What the snapshot needs beyond the state: from the group's spec and the engine. */
export interface SnapshotContext {
  readonly version: number;
  readonly live: boolean;
  readonly now: number;
  readonly metric?: MetricSpec;
  /** Trials the plan runs in all; undefined when it has no fixed size. */
  readonly planned?: number;
  /** True for algorithms whose trials train different amounts (Hyperband, ASHA): the estimate is rougher. */
  readonly unevenTrials?: boolean;
  readonly algorithm?: SearchAlgorithm;
}

const NONE: readonly MetricReport[] = [];

class Snapshot implements GroupSnapshot {
  readonly version: number;
  readonly group: GroupRecord;
  readonly live: boolean;
  readonly counts: StatusCounts;
  readonly metric?: MetricSpec;
  readonly progress: GroupProgress;
  readonly ended?: GroupEnd;
  private cache: { trials?: readonly TrialRecord[]; best?: BestTrial | null; algorithm?: AlgorithmView | null } = {};

  constructor(
    private readonly state: GroupState,
    private readonly ctx: SnapshotContext,
  ) {
    this.version = ctx.version;
    this.group = state.group;
    this.live = ctx.live;
    this.counts = state.counts;
    if (ctx.metric) this.metric = ctx.metric;
    this.progress = progress(state, ctx);
    // A running group has not ended, whatever ended it last time.
    if (state.group.ended && state.group.status !== 'running') this.ended = state.group.ended;
  }

  get status() {
    return this.group.status;
  }
  get trials(): readonly TrialRecord[] {
    return (this.cache.trials ??= Object.freeze(this.state.trials.toArray()));
  }
  reports(trial: number): readonly MetricReport[] {
    return this.state.reports.get(trial)?.list() ?? NONE;
  }
  get best(): BestTrial | undefined {
    if (this.cache.best === undefined) {
      const m = this.metric;
      const t = bestTrial(this.trials, m);
      this.cache.best = t && m ? { trial: t.number, params: t.params, metric: m.name, value: t.metrics[m.name]!.last } : null;
    }
    return this.cache.best ?? undefined;
  }
  get algorithm(): AlgorithmView | undefined {
    if (this.cache.algorithm === undefined) this.cache.algorithm = this.ctx.algorithm?.inspect?.(new StateHistory(this.state)) ?? null;
    return this.cache.algorithm ?? undefined;
  }
}

export function buildSnapshot(state: GroupState, ctx: SnapshotContext): GroupSnapshot {
  return Object.freeze(new Snapshot(state, ctx));
}

/**
 * Progress and an honest estimate of the time left: the mean duration of the trials that
 * ran to their end, times the trials still to run plus what the running ones likely have
 * left, shared among the concurrency slots. No estimate without a finished trial, a plan
 * of fixed size, or a running group.
 */
function progress(state: GroupState, ctx: SnapshotContext): GroupProgress {
  const c = state.counts;
  const g = state.group;
  const done = c.succeeded + c.failed + c.stopped + c.skipped;
  const running = c.running;
  const planned = ctx.planned === undefined ? undefined : Math.max(ctx.planned, state.trials.size);
  const end = g.status === 'running' ? ctx.now : (g.finishedAt ?? Math.max(state.durations.last, g.startedAt ?? 0));
  const elapsedMs = g.startedAt === undefined ? 0 : Math.max(0, end - g.startedAt);
  const base = { done, running, ...(planned !== undefined && { planned }), elapsedMs };
  const d = state.durations;
  if (g.status !== 'running') return { ...base, estimateNote: 'The group is not running.' };
  if (planned === undefined) return { ...base, estimateNote: 'The plan has no fixed number of trials.' };
  if (d.count === 0) return { ...base, estimateNote: 'No trial has finished yet.' };
  const mean = d.totalMs / d.count;
  const waiting = Math.max(0, planned - done - running);
  let residual = 0;
  let longest = 0;
  for (const n of state.running) {
    const started = state.trials.get(n)?.startedAt ?? ctx.now;
    const left = Math.max(0, mean - (ctx.now - started));
    residual += left;
    longest = Math.max(longest, left);
  }
  const remainingMs = Math.max(longest, (waiting * mean + residual) / Math.max(1, g.concurrency));
  const note = ctx.unevenTrials
    ? `Rough: from ${d.count} finished trials' mean duration; trials train different amounts of resource.`
    : `From ${d.count} finished trials' mean duration and ${g.concurrency} slot${g.concurrency === 1 ? '' : 's'}.`;
  return { ...base, remainingMs, estimateNote: note };
}
