/**
 * Builds the `GroupSnapshot` of one group state (snapshot.ts has the types). The cheap
 * parts (status, counts, progress) are computed at once; the trial list, the best trial and
 * the algorithm's view on first read, so a watcher that shows only a progress bar does
 * not pay O(trials) per snapshot. Everything it returns comes from one immutable state.
 */
import type { MetricSpec } from '../spec/types.ts';
import type { SearchAlgorithm } from '../algorithm.ts';
import type { MetricReport, TrialRecord } from '../types.ts';
import type { RungDecision } from '../algorithm-view.ts';
import type { AlgorithmView, BestTrial, GroupEnd, GroupProgress, GroupSnapshot, StatusCounts } from './snapshot.ts';
import type { GroupRecord } from '../store/store.ts';
import { bestTrial } from './metric.ts';
import { StateHistory } from './history.ts';
import { trainedUnits, type GroupState } from './state.ts';
import { decisionsByTrial, trialReason } from './reasons.ts';
import { GROUP_DONE } from '../types.ts';

/** What the snapshot needs beyond the state: from the group's spec and the engine. */
export interface SnapshotContext {
  readonly version: number;
  readonly live: boolean;
  readonly now: number;
  readonly metric?: MetricSpec;
  /** Trials the plan runs in all; undefined when it has no fixed size. */
  readonly planned?: number;
  /**
   * Resource the plan trains in all (Hyperband's and ASHA's resource_total, or with resume
   * the increments only): the estimate then goes by time per unit of resource, since their
   * trials train very different amounts.
   */
  readonly plannedUnits?: number;
  readonly algorithm?: SearchAlgorithm;
  /** Trials changed since the previous published snapshot (undefined: a watcher's first). */
  readonly changed?: readonly number[];
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
  readonly changed?: readonly number[];
  private cache: { trials?: readonly TrialRecord[]; best?: BestTrial | null; algorithm?: AlgorithmView | null; decisions?: ReadonlyMap<number, RungDecision> } = {};

  constructor(
    private readonly state: GroupState,
    private readonly ctx: SnapshotContext,
  ) {
    this.version = ctx.version;
    this.group = state.group;
    this.live = ctx.live;
    this.counts = state.counts;
    if (ctx.metric) this.metric = ctx.metric;
    if (ctx.changed) this.changed = ctx.changed;
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
  get size(): number {
    return this.state.trials.size;
  }
  trial(n: number): TrialRecord | undefined {
    return this.state.trials.get(n);
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
  reason(n: number): string {
    const t = this.state.trials.get(n);
    if (!t) return '';
    const decisions = (this.cache.decisions ??= decisionsByTrial(this.algorithm));
    return trialReason(t, decisions.get(n), this.metric, GROUP_DONE.has(this.status));
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
  // Work is counted in trials, or in units of resource when the plan gives their total.
  const perUnit = ctx.plannedUnits !== undefined;
  const rate = perUnit ? d.totalMs / Math.max(d.units, 1) : d.totalMs / d.count;
  let started = 0;
  let residual = 0;
  let longest = 0;
  const residuals: number[] = [];
  for (const n of state.running) {
    const t = state.trials.get(n)!;
    const work = perUnit ? trainedUnits(state, t) : 1;
    started += work;
    const left = Math.max(0, work * rate - (ctx.now - (t.startedAt ?? ctx.now)));
    residual += left;
    residuals.push(left);
    longest = Math.max(longest, left);
  }
  const waiting = perUnit ? Math.max(0, ctx.plannedUnits! - d.units - started) : Math.max(0, planned - done - running);
  const slotCount = Math.max(1, g.concurrency);
  const remainingMs =
    !perUnit && waiting <= 10_000
      ? makespan(residuals, waiting, rate, slotCount)
      : Math.max(longest, (waiting * rate + residual) / slotCount);
  const note = perUnit
    ? `From ${d.count} finished trials' time per unit of resource (${d.units} units so far), the plan's total resource and ${slots(g.concurrency)}.`
    : `From ${d.count} finished trials' mean duration and ${slots(g.concurrency)}.`;
  return { ...base, remainingMs, estimateNote: note };
}

function slots(n: number): string {
  return `${n} slot${n === 1 ? '' : 's'}`;
}

/**
 * When the last trial ends if each waiting trial (of length `mean`) takes the slot that frees
 * first: the last wave of a group is seldom full, which a plain work / slots would miss.
 */
function makespan(residuals: readonly number[], waiting: number, mean: number, slotCount: number): number {
  const free = [...residuals, ...Array<number>(Math.max(0, slotCount - residuals.length)).fill(0)];
  for (let k = 0; k < waiting; k++) {
    let i = 0;
    for (let j = 1; j < free.length; j++) if (free[j]! < free[i]!) i = j;
    free[i]! += mean;
  }
  return Math.max(0, ...free);
}
