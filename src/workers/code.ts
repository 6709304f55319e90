/**
 * User code as a trial (docs/hptuning.md, "run: what a trial runs"): the source of a
 * JavaScript function `(params, report) => result`, run inside a worker for teaching.
 *
 * - `report(values, step?)` sends `{step, values}` (step defaults to 1, 2, 3, ...) and
 *   resolves to the scheduler's answer, 'continue' | 'pause' | 'stop'; after a non-continue
 *   answer the code should return, and further reports are not forwarded.
 * - The result may be a number (reported as `{loss: result}` at the next step), an object
 *   of numbers (reported as is), or undefined (the reports already sent are the result).
 * - A thrown error, a rejected promise or a non-finite value fails the trial with its message.
 */
import { rngFor, type Decision, type Params, type ReportFn, type TrialOutcome } from '../engine/index.ts';
import { PURPOSE, withRandom } from './random.ts';

export type UserReport = (values: Record<string, number>, step?: number) => Promise<Decision>;
type UserFn = (params: Params, report: UserReport) => unknown;

class CodeError extends Error {
  override readonly name = 'CodeError';
}

function compileUserCode(code: string): UserFn {
  let fn: unknown;
  try {
    // Indirect eval of an expression: the code sees globals only, not this module's scope.
    fn = new Function(`"use strict"; return (${code}\n);`)();
  } catch (e) {
    throw new CodeError(`run.code does not compile: ${(e as Error).message}`);
  }
  if (typeof fn !== 'function') throw new CodeError(`run.code must be a function (params, report) => result; got ${typeof fn}`);
  return fn as UserFn;
}

function checkValues(values: unknown, what: string): Record<string, number> {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new CodeError(`${what} must be an object of numbers, e.g. {loss: 0.3}; got ${JSON.stringify(values)}`);
  }
  for (const [k, v] of Object.entries(values)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new CodeError(`${what}: metric ${k} must be a finite number; got ${String(v)}`);
  }
  return values as Record<string, number>;
}

/**
 * Runs user code with `Math.random` seeded from the trial seed (everything random is
 * replayable), and waits for every report it sent before returning, so the engine never
 * settles a trial while one of its reports is still being recorded.
 */
export async function runUserCode(code: string, params: Params, report: ReportFn, seed: number): Promise<TrialOutcome> {
  let step = 0;
  let decision: Decision = 'continue';
  const inFlight = new Set<Promise<unknown>>();
  const send = async (values: Record<string, number>, at?: number): Promise<Decision> => {
    if (decision !== 'continue') return decision;
    if (at !== undefined && (typeof at !== 'number' || !Number.isFinite(at))) throw new CodeError(`report step must be a finite number; got ${String(at)}`);
    step = at ?? step + 1;
    const answer = Promise.resolve(report({ step, values: checkValues(values, 'report(values)') }));
    inFlight.add(answer);
    try {
      decision = await answer;
    } finally {
      inFlight.delete(answer);
    }
    return decision;
  };
  try {
    const fn = compileUserCode(code);
    const result = await withRandom(rngFor(seed, PURPOSE.code), async () => fn(structuredClone(params), send));
    await Promise.allSettled([...inFlight]);
    if (typeof result === 'number') {
      if (!Number.isFinite(result)) throw new CodeError(`run.code returned a non-finite result: ${result}`);
      await send({ loss: result });
    } else if (result !== undefined && result !== null) {
      await send(checkValues(result, 'run.code result'));
    }
    return decision === 'continue' ? { kind: 'completed' } : { kind: 'halted', decision };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    return { kind: 'failed', name: err.name || 'Error', message: err.message };
  }
}
