/**
 * What the GP is fitted to: the observed values y (larger is better) mapped by a monotone
 * warp, and the warp's inverse to report predictions in the metric's own units.
 *
 * `standardized`: (y − mean)/sd, the usual choice.
 * `yeoJohnson`: the cost c = −y, standardized, then the Yeo–Johnson power transform (Yeo &
 * Johnson 2000, "A new family of power transformations to improve normality or symmetry",
 * Biometrika 87(4)) with λ chosen by maximum likelihood (their eq. 3.1: the profile
 * log-likelihood −(n/2) log σ̂²(λ) + (λ − 1) Σ sign(z) log(1 + |z|)) on a grid of λ in [−2, 2]
 * by 0.1, then standardized again. As in HEBO (Cowen-Rivers et al. 2022, "HEBO: pushing the
 * limits of sample-efficient hyperparameter optimisation", JAIR 74), the transform makes the
 * heavy tail of bad values (Rosenbrock's walls, Ackley's plateau) compressible, so the GP
 * spends its variance near the good region. Measured by `hptune bench --algorithms bo,bo-previous`
 * (20 seeds, 50 evaluations; docs/benchmarks.md).
 */

export interface OutputWarp {
  /** The observations in GP units. */
  readonly y: Float64Array;
  /** An observed value (larger is better) → GP units. */
  forward(v: number): number;
  /** GP units → the observed value's units (±Infinity beyond the warp's range). */
  inverse(u: number): number;
  /** Yeo–Johnson's λ, when that warp is used. */
  readonly lambda?: number;
}

interface Moments {
  readonly mean: number;
  readonly sd: number;
}

function moments(v: ArrayLike<number>): Moments {
  const n = v.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += v[i] / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (v[i] - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / n) || 1 };
}

export function standardized(yRaw: Float64Array): OutputWarp {
  const { mean, sd } = moments(yRaw);
  return { y: yRaw.map((v) => (v - mean) / sd), forward: (v) => (v - mean) / sd, inverse: (u) => u * sd + mean };
}

/** The identity (Polyaxon's model fits raw values). */
export function identity(yRaw: Float64Array): OutputWarp {
  return { y: yRaw.slice(), forward: (v) => v, inverse: (u) => u };
}

export function yeoJohnsonTransform(z: number, lambda: number): number {
  if (z >= 0) return Math.abs(lambda) < 1e-12 ? Math.log1p(z) : ((z + 1) ** lambda - 1) / lambda;
  return Math.abs(lambda - 2) < 1e-12 ? -Math.log1p(-z) : -((1 - z) ** (2 - lambda) - 1) / (2 - lambda);
}

/** The inverse of `yeoJohnsonTransform` (the transform keeps the sign of z). */
export function yeoJohnsonInverse(t: number, lambda: number): number {
  if (t >= 0) {
    if (Math.abs(lambda) < 1e-12) return Math.expm1(t);
    const base = lambda * t + 1;
    return base > 0 ? base ** (1 / lambda) - 1 : Infinity;
  }
  if (Math.abs(lambda - 2) < 1e-12) return -Math.expm1(-t);
  const base = 1 - (2 - lambda) * t;
  return base > 0 ? 1 - base ** (1 / (2 - lambda)) : -Infinity;
}

/** The λ on the grid that maximizes Yeo–Johnson's profile log-likelihood of z. */
export function fitYeoJohnsonLambda(z: ArrayLike<number>): number {
  const n = z.length;
  let logTerm = 0;
  for (let i = 0; i < n; i++) logTerm += Math.sign(z[i]) * Math.log1p(Math.abs(z[i]));
  const t = new Float64Array(n);
  let best = 1;
  let bestLl = -Infinity;
  for (let k = -20; k <= 20; k++) {
    const lambda = k / 10;
    for (let i = 0; i < n; i++) t[i] = yeoJohnsonTransform(z[i], lambda);
    const { sd } = moments(t);
    const ll = -(n / 2) * Math.log(sd * sd) + (lambda - 1) * logTerm;
    if (ll > bestLl) {
      bestLl = ll;
      best = lambda;
    }
  }
  return best;
}

export function yeoJohnson(yRaw: Float64Array): OutputWarp {
  const first = moments(yRaw.map((v) => -v));
  const toZ = (v: number) => (-v - first.mean) / first.sd;
  const lambda = fitYeoJohnsonLambda(yRaw.map(toZ));
  const second = moments(yRaw.map((v) => yeoJohnsonTransform(toZ(v), lambda)));
  const forward = (v: number) => -(yeoJohnsonTransform(toZ(v), lambda) - second.mean) / second.sd;
  const inverse = (u: number) => -(yeoJohnsonInverse(-u * second.sd + second.mean, lambda) * first.sd + first.mean);
  return { y: yRaw.map(forward), forward, inverse, lambda };
}
