/**
 * The step of a trial's last report, when the run section determines it: a built-in model
 * reports epochs 1…epochs, LC4 reports 1…epochs (a fractional resource last), a closed-form
 * objective reports once at step 1 (docs/hptuning.md, "run: what a trial runs"). A trial
 * that reported its last step has finished its work: an early-stopping policy has nothing
 * left to save by stopping it, and stopping it would only mislabel a complete result.
 */
import type { Spec } from '../../spec/types.ts';
import type { ParamValue, TrialRecord } from '../../types.ts';
import { DEFAULTS } from '../../defaults.ts';
import { OBJECTIVES, isObjectiveName } from '../../spec/objectives.ts';

const numberOr = (v: ParamValue | undefined, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/** The last step `trial` will report, or undefined when only the trial's own code knows it. */
export function finalStep(spec: Spec, trial: TrialRecord): number | undefined {
  const run = spec.run;
  if (run?.kind === 'model') {
    // Models round epochs to the nearest integer, at least 1 (their parameter table).
    return Math.max(1, Math.round(trial.resource ?? numberOr(trial.params['epochs'], DEFAULTS.modelEpochs)));
  }
  if (run?.kind === 'objective' && isObjectiveName(run.objective)) {
    const info = OBJECTIVES[run.objective];
    if (!('resource' in info)) return 1;
    return trial.resource ?? numberOr(trial.params[info.resource.name], info.resource.default);
  }
  // User code and commands report what they like; a scheduled resource is the one bound known.
  return trial.resource;
}
