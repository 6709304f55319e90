/**
 * Runs a built-in objective as a trial (docs/hptuning.md, "run: what a trial runs"): reads its inputs
 * `x1…xd` (and lc4's resource `epochs`) from the params, streams `{step, values: {loss}}`
 * reports, obeys each report's answer, and returns the outcome as plain data (errors
 * cross worker boundaries as data, docs/architecture.md, "What crosses the worker boundary").
 * Environment-neutral: the in-process runner and the worker pool both call it.
 */
import {
  OBJECTIVES,
  type AbortSignalLike,
  type Checkpoint,
  type ObjectiveName,
  type Params,
  type ReportFn,
  type TrialOutcome,
} from '../../engine/index.ts';
import { ackley5, branin, hartmann3, hartmann6, rosenbrock2Scaled } from './functions.ts';
import { lc4Loss } from './lc4.ts';

type ClosedForm = { readonly d: number; readonly f: (x: readonly number[]) => number };

/**
 * Name → function and dimension for the engine's OBJECTIVES metadata
 * (src/engine/spec/objectives.ts); the `satisfies` makes the compiler reject a missing
 * or extra name.
 */
const CLOSED_FORM = {
  branin: { d: 2, f: branin },
  hartmann3: { d: 3, f: hartmann3 },
  hartmann6: { d: 6, f: hartmann6 },
  rosenbrock2_scaled: { d: 2, f: rosenbrock2Scaled },
  ackley5: { d: 5, f: ackley5 },
} as const satisfies Record<Exclude<ObjectiveName, 'lc4' | 'noop'>, ClosedForm>;

/** lc4's resource param and its default (docs/benchmarks.md, "LC4: learning curves": R = 81). */
const { name: LC4_RESOURCE, default: LC4_DEFAULT_EPOCHS } = OBJECTIVES.lc4.resource;
const LC4_DIM = 4;

/** Every objective this module runs, for the runners' `unsupported` check. */
export const OBJECTIVE_NAMES: readonly ObjectiveName[] = [...(Object.keys(CLOSED_FORM) as (keyof typeof CLOSED_FORM)[]), 'lc4', 'noop'];

export interface RunObjectiveOptions {
  /** Resume state from an earlier run of the same trial line (docs/differences.md, "Resuming a promoted trial"); only lc4 uses it. */
  readonly checkpoint?: Checkpoint;
  readonly signal: AbortSignalLike;
}

/**
 * Runs objective `name` with `params`. `seed` is the noise seed: lc4's z(x, r, seed); the
 * benchmark uses the group's seed so that the same (x, r) gets the same loss in every
 * trial and every method (docs/benchmarks.md, "LC4's noise").
 */
export async function runObjective(
  name: ObjectiveName,
  params: Params,
  seed: number,
  report: ReportFn,
  opts: RunObjectiveOptions,
): Promise<TrialOutcome> {
  try {
    if (name === 'noop') return await once(0, report, opts.signal);
    if (name === 'lc4') return await runLc4(params, seed, report, opts);
    if (Object.prototype.hasOwnProperty.call(CLOSED_FORM, name)) return await runClosedForm(name, CLOSED_FORM[name], params, report, opts.signal);
    return {
      kind: 'failed',
      name: 'UnknownObjective',
      message: `run.objective must be one of ${OBJECTIVE_NAMES.join(', ')}; got ${JSON.stringify(name)}`,
    };
  } catch (e) {
    // A report callback that throws (e.g. a closed channel) ends the trial as data.
    const err = e instanceof Error ? e : new Error(String(e));
    return { kind: 'failed', name: err.name, message: err.message };
  }
}

function runClosedForm(
  name: string,
  { d, f }: ClosedForm,
  params: Params,
  report: ReportFn,
  signal: AbortSignalLike,
): Promise<TrialOutcome> | TrialOutcome {
  const x: number[] = [];
  for (let i = 1; i <= d; i++) {
    const v = readInput(name, params, `x${i}`);
    if (typeof v === 'string') return paramError(v);
    x.push(v);
  }
  const loss = f(x);
  if (!Number.isFinite(loss)) {
    return { kind: 'failed', name: 'ObjectiveError', message: `${name}(${x.join(', ')}) is not a finite number: ${loss}` };
  }
  return once(loss, report, signal);
}

/** A single report at step 1 (closed forms and noop). */
async function once(loss: number, report: ReportFn, signal: AbortSignalLike): Promise<TrialOutcome> {
  if (signal.aborted) return { kind: 'halted', decision: 'stop' };
  const decision = await report({ step: 1, values: { loss } });
  return decision === 'continue' ? { kind: 'completed' } : { kind: 'halted', decision };
}

/**
 * lc4: one report per unit of resource, r = 1, 2, …, floor(epochs), then r = epochs when
 * it is fractional. A checkpoint at step s resumes at floor(s) + 1, so a promoted trial
 * pays only the increment (docs/differences.md, "Resuming a promoted trial"); the loss at r does not depend on earlier steps, so a
 * resumed curve equals the uninterrupted one.
 */
async function runLc4(params: Params, seed: number, report: ReportFn, opts: RunObjectiveOptions): Promise<TrialOutcome> {
  const x: number[] = [];
  for (let i = 1; i <= LC4_DIM; i++) {
    const v = readInput('lc4', params, `x${i}`);
    if (typeof v === 'string') return paramError(v);
    x.push(v);
  }
  // Only an absent param takes the default; an explicit null is an error like any non-number.
  const epochs = params[LC4_RESOURCE] === undefined ? LC4_DEFAULT_EPOCHS : params[LC4_RESOURCE];
  if (typeof epochs !== 'number' || !(epochs > 0) || !Number.isFinite(epochs)) {
    return paramError(`lc4 needs the param ${LC4_RESOURCE} (its resource) to be a positive number; got ${describe(epochs)}`);
  }
  const start = opts.checkpoint;
  if (start && (start.meta.objective !== 'lc4' || !(start.step >= 0) || !Number.isFinite(start.step))) {
    return {
      kind: 'failed',
      name: 'CheckpointError',
      message: `lc4 resumes only from an lc4 checkpoint with a finite step >= 0; got objective ${describe(start.meta.objective)} at step ${start.step}`,
    };
  }

  let checkpoint: Checkpoint | undefined = start;
  const last = Math.floor(epochs);
  let r = start ? Math.floor(start.step) + 1 : 1;
  for (;;) {
    if (r > last) {
      // The fractional tail of a float resource (e.g. 2.5 after 1, 2), once.
      if (epochs === last || (checkpoint && checkpoint.step >= epochs)) break;
      r = epochs;
    }
    if (opts.signal.aborted) return checkpoint ? { kind: 'halted', decision: 'stop', checkpoint } : { kind: 'halted', decision: 'stop' };
    const decision = await report({ step: r, values: { loss: lc4Loss(x, r, seed) } });
    checkpoint = { step: r, meta: { objective: 'lc4' }, data: new ArrayBuffer(0) };
    if (decision !== 'continue') return { kind: 'halted', decision, checkpoint };
    if (r === epochs) break;
    r += 1;
  }
  return checkpoint ? { kind: 'completed', checkpoint } : { kind: 'completed' };
}

/** The finite number `params[key]`, or the sentence saying why not. */
function readInput(objective: string, params: Params, key: string): number | string {
  const v = params[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return v === undefined
    ? `${objective} reads the param ${key}, but the params have no ${key} (add it to hptuning.matrix or params)`
    : `${objective} needs the param ${key} to be a finite number; got ${describe(v)}`;
}

function paramError(message: string): TrialOutcome {
  return { kind: 'failed', name: 'ParamError', message };
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number') return String(v);
  return `${JSON.stringify(v)} (${v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v})`;
}
