/**
 * A tiny stand-in for the group driver, for Hyperband and ASHA tests: asks while a slot
 * is free, creates TrialRecords from suggestions as the driver does, and finishes one
 * running trial at a time with scripted metrics.
 */
import type { MetricSummary, TrialRecord, TrialStatus } from '../../src/engine/types.ts';
import { TRIAL_DONE } from '../../src/engine/types.ts';
import type { History, SearchAlgorithm, Suggestion } from '../../src/engine/algorithm.ts';

export interface LoopOptions {
  readonly concurrency: number;
  /** The metrics a trial reports when it finishes (one report at step = its resource). */
  readonly metrics: (t: TrialRecord, trials: readonly TrialRecord[]) => Record<string, number>;
  /** How the trial ends; 'succeeded' by default. */
  readonly status?: (t: TrialRecord) => TrialStatus;
  /** Which of the running trials (oldest first) finishes next; the oldest by default. */
  readonly pick?: (running: readonly TrialRecord[]) => number;
  /** A fresh algorithm before every ask (state rebuilt from the history alone). */
  readonly reopen?: () => SearchAlgorithm;
}

export interface LoopResult {
  readonly trials: readonly TrialRecord[];
  /** The suggestion that ended the loop: exhausted or failed. */
  readonly end: Suggestion;
  /** For each trial, the trials running (not done) when it was created. */
  readonly runningAtCreation: readonly (readonly number[])[];
  /** Number of trials created before each 'wait' answer, in order. */
  readonly waits: readonly number[];
  readonly maxRunning: number;
}

export function drive(algorithm: SearchAlgorithm, o: LoopOptions): LoopResult {
  const trials: TrialRecord[] = [];
  const reports = new Map<number, { step: number; values: Record<string, number>; time: number }[]>();
  const history: History = { trials, reports: (n) => reports.get(n) ?? [] };
  const runningAtCreation: number[][] = [];
  const waits: number[] = [];
  let maxRunning = 0;
  const running = () => trials.filter((t) => !TRIAL_DONE.has(t.status));
  for (let guard = 0; guard < 100_000; guard++) {
    while (running().length < o.concurrency) {
      const s = (o.reopen ? o.reopen() : algorithm).ask(history);
      if (s instanceof Promise) throw new Error('ask() returned a promise');
      if (s.kind === 'wait') {
        waits.push(trials.length);
        if (running().length === 0) return { trials, end: { kind: 'failed', message: 'wait with nothing running' }, runningAtCreation, waits, maxRunning };
        break;
      }
      if (s.kind !== 'trial') return { trials, end: s, runningAtCreation, waits, maxRunning };
      runningAtCreation.push(running().map((t) => t.number));
      trials.push({
        groupId: 'g',
        number: trials.length,
        params: s.params,
        status: 'running',
        seed: 0,
        createdAt: 0,
        metrics: {},
        ...(s.resource !== undefined && { resource: s.resource }),
        ...(s.parent !== undefined && { parent: s.parent }),
        ...(s.tags && { tags: s.tags }),
        ...(s.note && { events: [{ time: 0, kind: 'note' as const, message: s.note }] }),
        ...(s.resume !== undefined && { resumeFlag: s.resume }),
      });
      maxRunning = Math.max(maxRunning, running().length);
    }
    const now = running();
    const t = now[o.pick ? o.pick(now) : 0]!;
    const values = o.metrics(t, trials);
    const metrics: Record<string, MetricSummary> = {};
    for (const [k, v] of Object.entries(values)) metrics[k] = { last: v, min: v, max: v, count: 1 };
    reports.set(t.number, [{ step: t.resource ?? 1, values, time: 0 }]);
    trials[t.number] = { ...t, status: o.status?.(t) ?? 'succeeded', metrics };
  }
  throw new Error('loop did not end');
}

/** The `resume` flag the suggestion carried (kept on the test record). */
export function resumeOf(t: TrialRecord): boolean | undefined {
  return (t as TrialRecord & { resumeFlag?: boolean }).resumeFlag;
}

export function noteOf(t: TrialRecord): string | undefined {
  return t.events?.[0]?.message;
}
