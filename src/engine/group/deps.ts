/** What the group's effect loop is given and whom it tells (driver.ts), and its per-trial bookkeeping. */
import type { Store, GroupRecord } from '../store/store.ts';
import type { Checkpoint, Decision, TrialOutcome, TrialReport, TrialRunner } from '../runner.ts';
import type { History, SearchAlgorithm, Suggestion, Verdict } from '../algorithm.ts';
import type { MetricReport, Params, TrialEvent, TrialRecord } from '../types.ts';
import { trialSeed } from '../rng.ts';
import type { GroupEvent } from './events.ts';
import type { GroupState, Halt } from './state.ts';
import type { AbortFlag } from './signal.ts';
import { StateHistory } from './history.ts';

export interface DriverObserver {
  group?(group: GroupRecord): void;
  trial?(trial: TrialRecord): void;
  report?(trial: number, report: MetricReport): void;
}

/** Extra per-report rules applied after the algorithm's own (the early-stopping policies). */
export type ReportRule = (trial: TrialRecord, report: MetricReport, history: History) => Verdict;

export interface DriverDeps {
  readonly store: Store;
  readonly runner: TrialRunner;
  readonly algorithm: SearchAlgorithm;
  readonly rules?: readonly ReportRule[];
  readonly observer?: DriverObserver;
  /** Every new state, as `reduce` makes it, with the trials the event touched (the engine publishes snapshots from it). */
  readonly onState?: (state: GroupState, trials: readonly number[]) => void;
  /** Clock in ms (tests pass a fake one). */
  readonly now?: () => number;
  /** Keep each finished trial's checkpoint in the store (needed by `resume: true`). */
  readonly keepCheckpoints?: boolean;
  /** Run past the early-stopping thresholds (the user continues a group that met one). */
  readonly ignoreThresholds?: boolean;
}

/** Effect-side bookkeeping of a running trial: its abort signal and what to answer the runner. */
export interface Running {
  readonly signal: AbortFlag;
  /** Set when the engine decided the trial's fate before the runner returned. */
  forced?: { readonly status: 'stopped' | 'failed'; readonly message: string; readonly event?: TrialEvent };
  /** The group is pausing: answer `pause` at the next report and keep the trial's checkpoint. */
  pausing?: boolean;
  /** A trial re-run from scratch repeats steps already stored: reports up to this step are not stored again. */
  readonly skipUntil?: number;
  /**
   * The reports being stored and applied. A runner may end a stopped trial without waiting
   * for the answer to its last report (the worker pool terminates the worker): the trial is
   * settled only after them, so its stored summaries include every stored report.
   */
  reporting?: Promise<unknown>;
  done: Promise<void>;
}

/** The event a runner's outcome makes, given what the engine decided before the runner returned. */
export function outcomeEvent(n: number, time: number, forced: Running['forced'], outcome: TrialOutcome): GroupEvent {
  const backend = outcome.kind !== 'failed' && outcome.backend !== undefined ? { backend: outcome.backend } : {};
  const failed = (reason: string): GroupEvent => ({ type: 'trial-failed', time, trial: n, reason, event: { time, kind: 'failed', message: reason } });
  if (forced?.status === 'failed') return failed(forced.message);
  if (forced) return { type: 'trial-stopped', time, trial: n, reason: forced.message, ...(forced.event && { event: forced.event }), ...backend };
  if (outcome.kind === 'completed') return { type: 'trial-ended', time, trial: n, ...backend, ...(outcome.checkpoint && { checkpointStep: outcome.checkpoint.step }) };
  if (outcome.kind === 'halted') return { type: 'trial-stopped', time, trial: n, reason: `halted (${outcome.decision})`, ...backend };
  return failed(`${outcome.name}: ${outcome.message}`);
}

/** What a halt means for one running trial: stopped (or, for a paused group, interrupted) and aborted. */
export function applyHalt(h: Halt, r: Running): void {
  if (h.kind === 'paused-by-user') {
    r.pausing = true; // cooperative: the trial hands back a checkpoint at its next report
    return;
  }
  // A paused group's trials are interrupted, not stopped: they run again on resume.
  if (h.status !== 'paused') r.forced ??= { status: 'stopped', message: h.kind === 'threshold' ? 'Early stopping' : h.message };
  r.signal.abort();
}

/** Why a report cannot be stored (a metric or the step is not a finite number), or undefined. */
export function invalidReport(step: number, values: Readonly<Record<string, unknown>>): string | undefined {
  const bad = Object.entries(values).find(([, v]) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad) return `metric ${bad[0]} is not a finite number at step ${step}: ${String(bad[1])}`;
  return Number.isFinite(step) ? undefined : `step is not a finite number: ${step}`;
}

/** Store implementations that need a platform API throw errors named `StoreError` (src/store/errors.ts). */
export function isStoreError(e: unknown): boolean {
  return e instanceof Error && e.name === 'StoreError';
}

export function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/**
 * Where an interrupted trial starts again: from its own checkpoint when a pause left one,
 * else from the start (or its parent's checkpoint). Steps already stored beyond the
 * checkpoint (a pause, then a crash later) are skipped, not stored again.
 */
export async function restartPoint(store: Store, t: TrialRecord): Promise<{ checkpoint?: Checkpoint; skipUntil?: number }> {
  const own = t.step !== undefined ? await store.getCheckpoint(t.groupId, t.number) : undefined;
  const checkpoint = own ?? (t.resumeFrom !== undefined ? await store.getCheckpoint(t.groupId, t.resumeFrom) : undefined);
  const skip = t.step !== undefined && (own?.step ?? -Infinity) < t.step;
  return { ...(checkpoint && { checkpoint }), ...(skip && { skipUntil: t.step }) };
}

/** The event that creates trial `number` from the algorithm's suggestion. */
export function createdEvent(s: Extract<Suggestion, { kind: 'trial' }>, number: number, groupSeed: number, groupParams: Params, time: number) {
  const resumeFrom = s.resume && s.parent !== undefined ? s.parent : undefined;
  return {
    type: 'trial-created',
    time,
    trial: {
      number,
      // The group's `params` win over the matrix (docs/hptuning.md, "From a suggestion to a trial's params").
      params: { ...s.params, ...groupParams },
      seed: trialSeed(groupSeed, number),
      ...(s.resource !== undefined && { resource: s.resource }),
      ...(s.parent !== undefined && { parent: s.parent }),
      ...(resumeFrom !== undefined && { resumeFrom }),
      ...(s.tags && { tags: s.tags }),
      ...(s.note && { note: s.note }),
    },
  } satisfies GroupEvent;
}

/** A runner's report function whose calls are kept in `entry.reporting` (Running.reporting). */
export function tracked(entry: Running, onReport: (r: TrialReport) => Promise<Decision>): (r: TrialReport) => Promise<Decision> {
  return (r) => {
    const p = onReport(r);
    entry.reporting = Promise.allSettled([entry.reporting, p]);
    return p;
  };
}

const CONTINUE: Verdict = { decision: 'continue' };

/** The verdict on a report: the algorithm's own, then each rule's; the first that is not `continue` wins. */
export function verdictOn(deps: DriverDeps, state: GroupState, trial: TrialRecord, report: MetricReport): Verdict {
  const history = new StateHistory(state);
  const own = deps.algorithm.onReport?.(trial, report, history) ?? CONTINUE;
  if (own.decision !== 'continue') return own;
  for (const rule of deps.rules ?? []) {
    const v = rule(trial, report, history);
    if (v.decision !== 'continue') return v;
  }
  return CONTINUE;
}
