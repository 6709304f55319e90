/**
 * What the plan preview shows of a spec before it runs: the total epochs (or steps) it
 * will train. A group's own state (trials done, the best trial, time left) comes from the
 * engine's snapshots, never from here.
 */
import { DEFAULTS, isObjectiveName, OBJECTIVES, type Plan, type Spec } from '../../engine/index.ts';

export interface WorkEstimate {
  /** What one unit is: `epochs` for models, `steps` for objectives and code. */
  readonly unit: 'epochs' | 'steps';
  /** Units in all; undefined when it cannot be known before running. */
  readonly total?: number;
  readonly note: string;
}

/** Epochs (or steps) one trial trains when nothing schedules it: the `epochs` param, else the run's default. */
function perTrial(spec: Spec): number | undefined {
  const fixed = spec.params['epochs'];
  if (typeof fixed === 'number') return fixed;
  if (spec.hptuning.matrix.some((m) => m.name === 'epochs')) return undefined;
  const run = spec.run;
  if (run?.kind === 'model') return DEFAULTS.modelEpochs;
  if (run?.kind === 'objective' && isObjectiveName(run.objective)) {
    const info = OBJECTIVES[run.objective];
    return 'resource' in info ? info.resource.default : 1;
  }
  return undefined;
}

/** The total work of a plan (an estimate of total epochs). */
export function estimateWork(spec: Spec, plan: Plan): WorkEstimate {
  const unit = spec.run?.kind === 'model' ? 'epochs' : 'steps';
  const a = spec.hptuning.algorithm;
  if (plan.algorithm === 'hyperband' || plan.algorithm === 'asha' || plan.algorithm === 'bohb') {
    const resume = (a.kind === 'hyperband' || a.kind === 'asha' || a.kind === 'bohb') && a.resume;
    const total = resume ? plan.resource_total_resume : plan.resource_total;
    const name = a.kind === 'hyperband' || a.kind === 'asha' || a.kind === 'bohb' ? a.resource.name : 'resource';
    return { unit, total, note: `sum of ${name} over every rung${resume ? ', promoted trials resuming from their checkpoints' : ', each trial trained from scratch'}` };
  }
  const each = perTrial(spec);
  if (each === undefined || plan.trials === 0) return { unit, note: 'unknown before running (the epochs are tuned or the trial count is open)' };
  return { unit, total: each * plan.trials, note: `${plan.trials} trials × ${each} ${unit}; early stopping can end it sooner` };
}
