/**
 * A group's state, as `reduce` computes it from events: the group record, every trial
 * with its metric summaries and reports, which trials run and which wait to run again,
 * and whether the group is stopping or pausing and why. It is immutable: the trial and
 * report lists are persistent vectors (pvec.ts), so one event costs the same at any size.
 */
import type { GroupRecord } from '../store/store.ts';
import type { GroupStatus, MetricReport, TrialRecord, TrialStatus } from '../types.ts';
import type { GroupEnd, StatusCounts } from './snapshot.ts';
import type { HaltKind } from './events.ts';
import { PVec } from './pvec.ts';

/** The group stops (or pauses) once its running trials are done: with which status and why. */
export interface Halt {
  readonly status: Extract<GroupStatus, 'paused' | 'stopped' | 'failed'>;
  readonly kind: HaltKind;
  readonly message: string;
  readonly trial?: number;
}

/** Durations of the trials that ran to a final status: the basis of the time-left estimate. */
export interface Durations {
  readonly count: number;
  readonly totalMs: number;
  /** Resource the timed trials trained (a resumed trial only its increment; 1 each without a resource). */
  readonly units: number;
  /** The latest time a trial ended or was interrupted (a paused group's elapsed time ends there). */
  readonly last: number;
}

export interface GroupState {
  readonly group: GroupRecord;
  readonly trials: PVec<TrialRecord>;
  readonly reports: PVec<ReportLog>;
  /** Running trials, in start order (at most `concurrency`). */
  readonly running: readonly number[];
  /** Trials a pause or a crash cut short: started again before anything new. */
  readonly interrupted: readonly number[];
  readonly counts: StatusCounts;
  readonly halt?: Halt;
  /** The user stopped pending trials: nothing new starts, running trials finish. */
  readonly pendingOnly: boolean;
  /** Set once the algorithm has no more trials: its reason ('' when it ended as planned). */
  readonly exhausted?: string;
  readonly durations: Durations;
}

const ZERO: StatusCounts = { created: 0, running: 0, succeeded: 0, failed: 0, stopped: 0, skipped: 0 };

export function initialState(group: GroupRecord): GroupState {
  return {
    group,
    trials: PVec.empty(),
    reports: PVec.empty(),
    running: [],
    interrupted: [],
    counts: ZERO,
    pendingOnly: false,
    durations: { count: 0, totalMs: 0, units: 0, last: 0 },
  };
}

export function recount(counts: StatusCounts, from: TrialStatus | undefined, to: TrialStatus): StatusCounts {
  if (from === to) return counts;
  const next = { ...counts, [to]: counts[to] + 1 };
  if (from !== undefined) next[from] = counts[from] - 1;
  return next;
}

/** The group's end as data, from its halt or, without one, from how the search ended. */
export function endOf(state: GroupState): GroupEnd {
  const h = state.halt;
  if (h) return { kind: h.kind, message: h.message, ...(h.trial !== undefined && { trial: h.trial }) };
  if (state.pendingOnly) return { kind: 'stop-pending', message: state.exhausted || 'User stopped pending trials' };
  return { kind: 'exhausted', message: state.exhausted || 'Every planned trial has run.' };
}

/** The resource a trial trains: its increment over the checkpoint it resumed from, else all of it (1 without a resource). */
export function trainedUnits(state: GroupState, t: TrialRecord): number {
  if (t.resource === undefined) return 1;
  const from = t.resumeFrom === undefined ? undefined : state.trials.get(t.resumeFrom)?.resource;
  return Math.max(0, t.resource - (from ?? 0));
}

/**
 * A trial's reports, append-only. Logs share one array while they only grow; a log
 * appended to from an older version copies first, so no log ever sees another's reports
 * (the reducer stays pure).
 */
export class ReportLog {
  static readonly EMPTY = new ReportLog([], 0);
  private view: readonly MetricReport[] | undefined;

  private constructor(
    private readonly items: MetricReport[],
    readonly length: number,
  ) {}

  /** The log with `reports` added at its end (one step for a replayed trial's reports). */
  append(reports: readonly MetricReport[]): ReportLog {
    const items = this.items.length === this.length ? this.items : this.items.slice(0, this.length);
    for (const r of reports) items.push(r);
    return new ReportLog(items, this.length + reports.length);
  }

  /** The reports, as an array no later append changes. */
  list(): readonly MetricReport[] {
    if (this.length === 0) return ReportLog.NONE;
    return (this.view ??= this.items.slice(0, this.length));
  }

  last(): MetricReport | undefined {
    return this.length > 0 ? this.items[this.length - 1] : undefined;
  }

  private static readonly NONE: readonly MetricReport[] = [];
}
