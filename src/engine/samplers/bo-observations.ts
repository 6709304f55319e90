/**
 * What a BO step learns from the history (docs/hptuning.md, "How BO runs"): the observations
 * (succeeded trials with a finite last value of the metric; y = value when maximizing,
 * −value when minimizing), the running trials (conditioned on with the constant liar), and
 * the succeeded trials left out because their metric is missing or not finite.
 */
import type { Params, TrialRecord } from '../types.ts';
import { encodeParams, type BoSpace } from '../space/encoding.ts';

export interface Observations {
  /** Encoded configurations of the observations, in trial order. */
  readonly x: readonly Float64Array[];
  /** Their values, larger is better. */
  readonly y: Float64Array;
  readonly trials: readonly number[];
  readonly params: readonly Params[];
  /** Encoded configurations of running (or created) trials. */
  readonly pending: readonly Float64Array[];
  /** Succeeded trials without a finite value of the metric. */
  readonly excluded: readonly number[];
  /** Whether any trial is running or created. */
  readonly running: boolean;
}

export function collectObservations(trials: readonly TrialRecord[], space: BoSpace, metric: string, sign: 1 | -1): Observations {
  const x: Float64Array[] = [];
  const y: number[] = [];
  const numbers: number[] = [];
  const params: Params[] = [];
  const pending: Float64Array[] = [];
  const excluded: number[] = [];
  let running = false;
  for (const t of trials) {
    const e = new Float64Array(space.dim);
    const encodable = encodeParams(space, t.params, e);
    if (t.status === 'running' || t.status === 'created') {
      running = true;
      if (encodable) pending.push(e);
      continue;
    }
    const v = t.metrics[metric]?.last;
    if (t.status === 'succeeded' && encodable && typeof v === 'number' && Number.isFinite(v)) {
      x.push(e);
      y.push(sign * v);
      numbers.push(t.number);
      params.push(t.params);
    } else if (t.status === 'succeeded') {
      excluded.push(t.number);
    }
  }
  return { x, y: Float64Array.from(y), trials: numbers, params, pending, excluded, running };
}

export function describeStatuses(trials: readonly TrialRecord[]): string {
  const counts = new Map<string, number>();
  for (const t of trials) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
  return [...counts].map(([s, c]) => `${c} ${s}`).join(', ');
}
