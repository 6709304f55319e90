/**
 * Mixtures of product kernels over the dimensions of space.ts: the Parzen estimators l(x) and
 * g(x) of TPE (Bergstra et al. 2011, "Algorithms for Hyper-Parameter Optimization", section 4) and
 * the kernel density estimates of BOHB (Falkner, Klein & Hutter 2018, section 3.1). A component
 * holds, per numeric dimension, a normal truncated to the dimension's bounds, and per
 * categorical dimension a distribution over its values.
 */
import type { Rng } from '../../rng.ts';
import { logNormPdf, normCdf } from '../../gp/stats.ts';
import type { Dim } from './space.ts';

export interface NumericKernel {
  readonly kind: 'numeric';
  readonly low: number;
  readonly high: number;
  /** One mean and one standard deviation per component. */
  readonly mus: Float64Array;
  readonly sigmas: Float64Array;
}

export interface CategoricalKernel {
  readonly kind: 'categorical';
  readonly n: number;
  /** Row c (n entries) is component c's distribution over the values. */
  readonly probs: Float64Array;
}

export type Kernel = NumericKernel | CategoricalKernel;

export interface Mixture {
  /** Component weights, summing to 1. */
  readonly weights: Float64Array;
  readonly kernels: readonly Kernel[];
}

/** A point: u per numeric dimension, the value index per categorical one. */
export type Point = readonly number[];

/** log of the mass of N(0, 1) on [a, b], computed in the tail where it is small. */
function logMass(a: number, b: number): number {
  const mass = a > 0 ? normCdf(-a) - normCdf(-b) : normCdf(b) - normCdf(a);
  return Math.log(Math.max(mass, 1e-300));
}

function logSumExp(xs: Float64Array): number {
  let max = -Infinity;
  for (const x of xs) if (x > max) max = x;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const x of xs) sum += Math.exp(x - max);
  return max + Math.log(sum);
}

/** log of the mixture density at x (a density on numeric dimensions, a mass on categorical ones). */
export function logPdf(m: Mixture, x: Point): number {
  const terms = new Float64Array(m.weights.length);
  for (let c = 0; c < terms.length; c++) {
    let t = Math.log(m.weights[c]!);
    m.kernels.forEach((k, d) => {
      if (k.kind === 'categorical') {
        t += Math.log(k.probs[c * k.n + x[d]!]!);
      } else {
        const mu = k.mus[c]!;
        const s = k.sigmas[c]!;
        t += logNormPdf((x[d]! - mu) / s) - Math.log(s) - logMass((k.low - mu) / s, (k.high - mu) / s);
      }
    });
    terms[c] = t;
  }
  return logSumExp(terms);
}

/** Index drawn with probability proportional to `weights` (offset `at`, `n` entries). */
function pick(weights: Float64Array, rng: Rng, at = 0, n = weights.length): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[at + i]!;
  let u = rng.next() * total;
  for (let i = 0; i < n; i++) {
    u -= weights[at + i]!;
    if (u < 0) return i;
  }
  return n - 1;
}

/** A draw of N(mu, s) truncated to [low, high]: rejection, then the nearest bound's side when it keeps missing. */
function truncatedNormal(mu: number, s: number, low: number, high: number, rng: Rng): number {
  for (let i = 0; i < 100; i++) {
    const x = mu + s * rng.normal();
    if (x >= low && x <= high) return x;
  }
  // The window is far in a tail (mass below 1e-2 per try): a uniform draw inside it keeps the bounds.
  const a = Math.max(low, mu - 5 * s);
  const b = Math.min(high, mu + 5 * s);
  return a <= b ? a + (b - a) * rng.next() : mu < low ? low : high;
}

/** One point drawn from the mixture. */
export function sample(m: Mixture, rng: Rng): number[] {
  const c = pick(m.weights, rng);
  return m.kernels.map((k) => (k.kind === 'categorical' ? pick(k.probs, rng, c * k.n, k.n) : truncatedNormal(k.mus[c]!, k.sigmas[c]!, k.low, k.high, rng)));
}

/** The range a dimension's bandwidths are measured against: 1 on [0, 1], ±3 prior sd when unbounded. */
export function span(d: Extract<Dim, { kind: 'numeric' }>): { low: number; high: number } {
  return Number.isFinite(d.low) && Number.isFinite(d.high) ? { low: d.low, high: d.high } : { low: d.prior.mu - 3 * d.prior.sigma, high: d.prior.mu + 3 * d.prior.sigma };
}
