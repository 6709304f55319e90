/**
 * The metric a group is judged by (for sorting trials and naming the best one): the
 * algorithm's own metric (Hyperband, ASHA, BO), else the first early-stopping item's,
 * else the built-in objective's (always minimized), else `val_loss` for models.
 */
import type { MetricSpec, Spec } from '../spec/types.ts';
import type { TrialRecord } from '../types.ts';
import { OBJECTIVES, isObjectiveName } from '../spec/objectives.ts';

export function groupMetric(spec: Spec): MetricSpec | undefined {
  const a = spec.hptuning.algorithm;
  if (a.kind === 'hyperband' || a.kind === 'asha' || a.kind === 'bo' || a.kind === 'tpe' || a.kind === 'bohb') return a.metric;
  const es = spec.hptuning.earlyStopping[0];
  if (es) return { name: es.metric, optimization: es.optimization };
  const run = spec.run;
  if (run?.kind === 'objective' && isObjectiveName(run.objective)) return { name: OBJECTIVES[run.objective].metric, optimization: 'minimize' };
  if (run?.kind === 'model') return { name: 'val_loss', optimization: 'minimize' };
  return undefined;
}

/** Trials with the metric, best first (ties by trial number), then those without it. */
export function rankTrials(trials: readonly TrialRecord[], metric: MetricSpec | undefined): TrialRecord[] {
  if (!metric) return [...trials];
  const sign = metric.optimization === 'maximize' ? -1 : 1;
  const value = (t: TrialRecord) => t.metrics[metric.name]?.last;
  return [...trials].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === undefined || vb === undefined) return (va === undefined ? 1 : 0) - (vb === undefined ? 1 : 0) || a.number - b.number;
    return sign * (va - vb) || a.number - b.number;
  });
}

/**
 * The best trial by the group's metric (last value, docs/differences.md, "The last reported value decides") among the trials that report it
 * and did not fail (a failed trial's last value is not a result); ties go to the earlier trial.
 */
export function bestTrial(trials: readonly TrialRecord[], metric: MetricSpec | undefined): TrialRecord | undefined {
  if (!metric) return undefined;
  const eligible = trials.filter((t) => t.status !== 'failed' && !Number.isNaN(t.metrics[metric.name]?.last ?? NaN));
  return rankTrials(eligible, metric)[0];
}
