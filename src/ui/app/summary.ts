/**
 * What the groups list and the plan preview show, computed from snapshots (pure): trials
 * done and planned, the best metric, and the total epochs (or steps) a spec will train.
 */
import {
  bestTrial,
  DEFAULTS,
  groupMetric,
  isObjectiveName,
  OBJECTIVES,
  parseSpec,
  planGroup,
  TRIAL_DONE,
  type GroupRecord,
  type MetricSpec,
  type Plan,
  type Spec,
  type TrialRecord,
} from '../../engine/index.ts';

export interface GroupSummary {
  readonly group: GroupRecord;
  readonly metric?: MetricSpec;
  readonly trials: number;
  readonly done: number;
  /** Trials the plan expects; undefined when unknown (random search without a count). */
  readonly planned?: number;
  readonly best?: { readonly trial: number; readonly value: number };
}

/** What a group's spec says, parsed once per source (a view re-summarizes on every update). */
export interface SpecFacts {
  readonly plan?: Plan;
  readonly metric?: MetricSpec;
}

export function specFacts(source: string): SpecFacts {
  const parsed = parseSpec(source);
  if (!parsed.ok) return {};
  const metric = groupMetric(parsed.spec);
  return { plan: planGroup(parsed.spec), ...(metric && { metric }) };
}

export function summarize(group: GroupRecord, trials: readonly TrialRecord[], facts: SpecFacts = specFacts(group.source)): GroupSummary {
  const { plan, metric } = facts;
  const b = bestTrial(trials, metric);
  let done = 0;
  for (const t of trials) if (TRIAL_DONE.has(t.status)) done++;
  return {
    group,
    ...(metric && { metric }),
    trials: trials.length,
    done,
    // ASHA (and a stopped-then-resumed group) can run more trials than planned: never show "400 of 12".
    ...(plan && plan.trials > 0 && { planned: Math.max(plan.trials, trials.length) }),
    ...(b && metric && { best: { trial: b.number, value: b.metrics[metric.name]!.last } }),
  };
}

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
  if (plan.algorithm === 'hyperband' || plan.algorithm === 'asha') {
    const resume = (a.kind === 'hyperband' || a.kind === 'asha') && a.resume;
    const total = resume ? plan.resource_total_resume : plan.resource_total;
    const name = a.kind === 'hyperband' || a.kind === 'asha' ? a.resource.name : 'resource';
    return { unit, total, note: `sum of ${name} over every rung${resume ? ', promoted trials resuming from their checkpoints' : ', each trial trained from scratch'}` };
  }
  const each = perTrial(spec);
  if (each === undefined || plan.trials === 0) return { unit, note: 'unknown before running (the epochs are tuned or the trial count is open)' };
  return { unit, total: each * plan.trials, note: `${plan.trials} trials × ${each} ${unit}; early stopping can end it sooner` };
}
