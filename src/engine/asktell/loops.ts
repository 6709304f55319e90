/**
 * The two drivers for the common loop over an ask/tell group (docs/library.md, "The loop"):
 * an async iterator that hands out one trial at a time, and `optimize`, which runs an
 * objective on every trial with as many at once as the group's concurrency.
 */
import type { Decision } from '../runner.ts';
import type { Params, TrialRecord } from '../types.ts';
import type { Report, TellResult } from './check.ts';
import { AskTellError } from './errors.ts';
import type { AskTellGroup, AskedTrial } from './group.ts';

/** Sends an intermediate report: `values` at `step` (by default the previous step + 1, from 1). Answers `continue` or `stop`. */
export type ReportCallback = (values: Record<string, number>, step?: number) => Promise<Decision>;

/**
 * A trial's work: returns the group metric's final value, an object of final values, or
 * nothing when `report` already sent everything.
 */
export type Objective = (params: Params, report: ReportCallback, trial: AskedTrial) => Promise<number | Record<string, number> | void> | number | Record<string, number> | void;

export interface OptimizeOptions {
  /** At most this many trials (the search's own end comes first when it is sooner). */
  readonly trials?: number;
}

export async function* trialLoop(g: AskTellGroup): AsyncGenerator<AskedTrial, void, undefined> {
  while (true) {
    const t = await g.ask();
    if (!t) return;
    yield t;
    if (g.isOpen(t)) {
      throw new AskTellError('not-told', `trials(): trial ${t.number} was not told before the loop asked for the next one; call g.tell(t, value) (or g.fail) in the loop body`, t.number);
    }
  }
}

export async function optimizeLoop(g: AskTellGroup, objective: Objective, options: OptimizeOptions): Promise<TrialRecord | undefined> {
  const limit = options.trials ?? Infinity;
  const group = await g.ready;
  let started = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && started < limit) {
      started++;
      const t = await g.ask();
      if (!t) return;
      try {
        await g.tell(t, await runOne(g, t, objective));
      } catch (error) {
        failure ??= { error };
        if (g.isOpen(t)) await g.fail(t, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(group.concurrency, limit)) }, worker));
  if (failure) throw failure.error;
  return g.best();
}

async function runOne(g: AskTellGroup, t: AskedTrial, objective: Objective): Promise<TellResult> {
  let last: number | undefined;
  const report: ReportCallback = (values, step) => {
    last = step ?? (last ?? 0) + 1;
    return g.report(t, { step: last, values });
  };
  const result = await objective(t.params, report, t);
  if (result === undefined || typeof result === 'number') return result ?? [];
  const finalStep: Report['step'] = last ?? t.resource ?? 1;
  return [{ step: finalStep, values: result }];
}
