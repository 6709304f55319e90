/**
 * TPE's Parzen estimator built from a set of observations, with Optuna's TPESampler
 * (optuna/samplers/_tpe/parzen_estimator.py) as the reference for every default:
 * - one component per observation plus the prior (mean at the centre of the range, standard
 *   deviation the whole range; for a normal option its own normal), weighted `prior_weight`;
 * - univariate bandwidths: the larger distance to the neighbouring observations (the range's
 *   ends count as neighbours only with `consider_endpoints`), clipped to
 *   [range / min(100, n + 1), range] (Optuna's "magic clip");
 * - multivariate bandwidths: Scott's rule 0.2 · n^(−1/(d+4)) · range, with the same clip;
 * - categorical components: `prior_weight / (n + 1)` spread over the values as the prior
 *   gives them (uniform for `values`, the probabilities of `pvalues`), plus 1 on the observed
 *   value, normalized.
 */
import type { Dim } from './space.ts';
import type { Kernel, Mixture, Point } from './parzen.ts';
import { span } from './parzen.ts';

export interface EstimatorOptions {
  readonly priorWeight: number;
  readonly considerEndpoints: boolean;
  readonly multivariate: boolean;
}

/**
 * Optuna's `default_weights`: 1 for the last 25 observations (in trial order), a ramp from
 * 1/n to 1 for the older ones, so old observations count less once there are many.
 */
export function observationWeights(n: number): number[] {
  if (n < 25) return new Array<number>(n).fill(1);
  const ramp = n - 25;
  return Array.from({ length: n }, (_, i) => (i >= ramp ? 1 : ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1)));
}

/** The estimator over `dims` (points in the same order) from observations `rows` with weights `w`. */
export function parzenEstimator(dims: readonly Dim[], rows: readonly Point[], w: readonly number[], o: EstimatorOptions): Mixture {
  const n = rows.length;
  const weights = Float64Array.from([...w, o.priorWeight]);
  const total = weights.reduce((s, x) => s + x, 0);
  for (let i = 0; i < weights.length; i++) weights[i]! /= total;
  const kernels = dims.map((d, j): Kernel => {
    const column = rows.map((r) => r[j]!);
    if (d.kind === 'categorical') {
      const k = d.values.length;
      const probs = new Float64Array((n + 1) * k);
      const fill = o.priorWeight / (n + 1);
      column.forEach((v, c) => {
        let sum = 0;
        for (let i = 0; i < k; i++) sum += probs[c * k + i] = fill * k * d.prior[i]! + (i === v ? 1 : 0);
        for (let i = 0; i < k; i++) probs[c * k + i]! /= sum;
      });
      probs.set(d.prior, n * k);
      return { kind: 'categorical', n: k, probs };
    }
    const { low, high } = span(d);
    const width = high - low;
    const sigmas = o.multivariate ? column.map(() => 0.2 * Math.max(n, 1) ** (-1 / (dims.length + 4)) * width) : neighbourSigmas(column, low, high, o.considerEndpoints);
    const min = width / Math.min(100, n + 1);
    return {
      kind: 'numeric',
      low: d.low,
      high: d.high,
      mus: Float64Array.from([...column, d.prior.mu]),
      sigmas: Float64Array.from([...sigmas.map((s) => Math.min(width, Math.max(min, s))), d.prior.sigma]),
    };
  });
  return { weights, kernels };
}

/** Optuna's univariate rule: each point's larger gap to its sorted neighbours. */
function neighbourSigmas(mus: readonly number[], low: number, high: number, endpoints: boolean): number[] {
  const order = mus.map((_, i) => i).sort((a, b) => mus[a]! - mus[b]!);
  const sorted = [low, ...order.map((i) => mus[i]!), high];
  const gaps = order.map((_, r) => Math.max(sorted[r + 1]! - sorted[r]!, sorted[r + 2]! - sorted[r + 1]!));
  if (!endpoints && sorted.length >= 4) {
    gaps[0] = sorted[2]! - sorted[1]!;
    gaps[gaps.length - 1] = sorted[sorted.length - 2]! - sorted[sorted.length - 3]!;
  }
  const sigmas = new Array<number>(mus.length);
  order.forEach((i, r) => (sigmas[i] = gaps[r]!));
  return sigmas;
}
