/**
 * What Hyperband and ASHA share when they promote: ranking a rung by the metric, the
 * promoted trial's suggestion (docs/differences.md, "Resuming a promoted trial"; "A promoted trial's params carry its new resource") and the sentences that explain each decision.
 */
import type { MatrixEntry, MetricSpec } from '../../spec/types.ts';
import type { TrialRecord } from '../../types.ts';
import type { Suggestion } from '../../algorithm.ts';
import { distinctCombinations } from '../../space/cardinality.ts';
import { formatSig } from '../../format.ts';

/** A trial that can be promoted, with the value it is ranked by. */
export interface Ranked {
  readonly trial: TrialRecord;
  readonly value: number;
}

/**
 * The trials of a rung that may go on, best first: those that succeeded and reported the
 * metric, ranked by its last value (docs/differences.md, "The last reported value decides"), ties by trial number (Polyaxon sorts stably in
 * creation order, docs/hptuning.md, "How Hyperband runs"). A failed trial, one without the metric, and one stopped
 * before the end of its rung (by a policy or by the user) are never promoted.
 */
export function rankForPromotion(trials: readonly TrialRecord[], metric: MetricSpec): Ranked[] {
  const sign = metric.optimization === 'maximize' ? -1 : 1;
  const ranked: Ranked[] = [];
  for (const trial of trials) {
    const m = trial.metrics[metric.name];
    if (trial.status === 'succeeded' && m !== undefined) ranked.push({ trial, value: m.last });
  }
  return ranked.sort((a, b) => sign * (a.value - b.value) || a.trial.number - b.trial.number);
}

/** Whether any of the trials reported the metric at least once (whatever their status). */
export function reportsMetric(trials: readonly TrialRecord[], metric: MetricSpec): boolean {
  return trials.some((t) => t.metrics[metric.name] !== undefined);
}

/** The group failure when the metric is never reported: names it and what was reported instead. */
export function missingMetricMessage(where: string, trials: readonly TrialRecord[], metric: MetricSpec): string {
  const seen = new Set<string>();
  for (const t of trials) for (const name of Object.keys(t.metrics)) seen.add(name);
  const failed = trials.filter((t) => t.status === 'failed').length;
  const reported = seen.size > 0 ? [...seen].sort().join(', ') : 'none';
  return (
    `${where}: none of ${trials.length} trial${trials.length === 1 ? '' : 's'} reported metric '${metric.name}' ` +
    `(${failed} failed), so they cannot be ranked; metrics reported: ${reported}`
  );
}

/** The promoted copy of `parent` at `resource` (the new value is in its params). */
export function promotion(
  parent: Ranked,
  resource: { readonly name: string; readonly value: number },
  resume: boolean,
  tags: Readonly<Record<string, number>>,
  why: string,
): Extract<Suggestion, { kind: 'trial' }> {
  const how = resume ? `resumes trial ${parent.trial.number}'s checkpoint` : 'trains from scratch';
  return {
    kind: 'trial',
    params: { ...parent.trial.params, [resource.name]: resource.value },
    resource: resource.value,
    parent: parent.trial.number,
    resume,
    tags,
    note: `${why}; promoted trial ${parent.trial.number} to ${resource.name}=${formatSig(resource.value)}, ${how}`,
  };
}

/** "kept 9 of 27 by val_loss (minimize), cut-off 0.231; trial 4 scored 0.198 there, rank 3 of 27" (4 significant digits). */
export function rankSentence(kept: number, ranked: readonly Ranked[], index: number, metric: MetricSpec): string {
  const cutoff = ranked[Math.min(kept, ranked.length) - 1]!.value;
  return (
    `kept ${kept} of ${ranked.length} by ${metric.name} (${metric.optimization}), cut-off ${formatSig(cutoff)}; ` +
    `trial ${ranked[index]!.trial.number} scored ${formatSig(ranked[index]!.value)} there, rank ${index + 1} of ${ranked.length}`
  );
}

/** Polyaxon rejects nothing here and lets the matrix overwrite the resource ; hptune refuses the clash (docs/differences.md, "The resource may not be a matrix key or a params constant"). */
export function checkResourceName(matrix: readonly MatrixEntry[], name: string, section: string): void {
  if (matrix.some((e) => e.name === name)) {
    throw new RangeError(`${section}.resource.name must not be a matrix key (it receives the resource), got '${name}'`);
  }
}

/**
 * The number of distinct configurations of the matrix (docs/differences.md, "Random search is capped at the reachable configurations"; Infinity with a continuous
 * entry), or the group failure when it cannot be sampled (as random search fails).
 */
export function spaceSize(matrix: readonly MatrixEntry[], who: string): number | Extract<Suggestion, { kind: 'failed' }> {
  try {
    const n = distinctCombinations(matrix);
    if (n > 0) return n;
    return { kind: 'failed', message: `${who} cannot sample the matrix: an entry generates no values (e.g. a range with a negative step)` };
  } catch (e) {
    return { kind: 'failed', message: `${who} cannot sample the matrix: ${(e as Error).message}` };
  }
}
