/**
 * Gaussian-process regression: the models, the log marginal likelihood and its gradient,
 * hyperparameter fitting.
 *
 * Notation (Rasmussen & Williams 2006, "Gaussian Processes for Machine Learning", ch. 2, 5):
 *   X (n×d, row-major), y (n), kernel k(x, x') = σ_f² ρ(r²(x, x')) with the radial profile ρ
 *   of kernels.ts and r² = Σ_j (x_j − x'_j)²/ℓ_j², noise variance σ_n².
 *   K = σ_f² ρ(R²) + σ_n² I,  K = L Lᵀ,  α = K⁻¹ y.
 *   log p(y | X, θ) = −½ yᵀα − Σ_i log L_ii − (n/2) log 2π            (Alg. 2.1, eq. 2.30)
 *   ∂/∂θ_j log p = ½ tr((ααᵀ − K⁻¹) ∂K/∂θ_j)                          (eq. 5.9)
 * Hyperparameters θ live in log space (log ℓ_j, log σ_f², log σ_n²) with box bounds, as in
 * scikit-learn's `Kernel.theta`; fitting maximizes log p (+ a log prior for hptune's model)
 * with the bounded quasi-Newton of lbfgsb.ts from the configured length scale, then from
 * `n_restarts_optimizer` random starts (scikit-learn `GaussianProcessRegressor.fit`).
 * A failed Cholesky (even after the jitter ladder) makes log p = −∞, never an exception.
 * The posterior given fitted hyperparameters is in posterior.ts.
 */
import type { Rng } from '../rng.ts';
import { choleskySteps, cholSolve, inverseFromCholeskySteps } from './linalg.ts';
import { runSync, type Steps } from './cooperative.ts';
import { radialProfile, type KernelSpec } from './kernels.ts';
import { minimizeBox } from './lbfgsb.ts';

export type Interval = readonly [number, number];

/** Which hyperparameters are fitted, their bounds (natural units) and restart boxes. */
export interface GpModel {
  readonly kernel: KernelSpec;
  /** One length scale per input dimension (ARD) or one shared. */
  readonly ard: boolean;
  /** σ_f²: fitted within `amplitudeBounds` when true, else fixed at `amplitude`. */
  readonly fitAmplitude: boolean;
  readonly amplitude: number;
  /** σ_n²: fitted within `noiseBounds` when true, else fixed at `noise`. */
  readonly fitNoise: boolean;
  readonly noise: number;
  readonly lengthScaleBounds: Interval;
  readonly amplitudeBounds: Interval;
  readonly noiseBounds: Interval;
  /** Where random restarts are drawn (log-uniformly). */
  readonly restart: { readonly lengthScale: Interval; readonly amplitude: Interval; readonly noise: Interval };
  /** Add the weak log prior of `logPrior` to the objective (MAP instead of ML-II). */
  readonly prior: boolean;
}

/**
 * Polyaxon's model (spec §8.4): scikit-learn `GaussianProcessRegressor(kernel)` with its
 * defaults: isotropic length scale in (1e-5, 1e5), no amplitude (σ_f² = 1), `alpha = 1e-10`
 * on the diagonal, restarts drawn log-uniformly over the whole bounds.
 */
export function plainModel(kernel: KernelSpec): GpModel {
  return {
    kernel,
    ard: false,
    fitAmplitude: false,
    amplitude: 1,
    fitNoise: false,
    noise: 1e-10,
    lengthScaleBounds: [1e-5, 1e5],
    amplitudeBounds: [1, 1],
    noiseBounds: [1e-10, 1e-10],
    restart: { lengthScale: [1e-5, 1e5], amplitude: [1, 1], noise: [1e-10, 1e-10] },
    prior: false,
  };
}

/**
 * hptune's model, for inputs scaled to [0, 1]^d and standardized y: ARD length scales, a
 * fitted amplitude and noise level, and Optuna's weak priors (`_gp/prior.py`), which keep the
 * fit sane with few points. The noise floor is 1e-9, below Optuna's 1e-6
 * (`_gp/gp.py` DEFAULT_MINIMUM_NOISE_VAR): deterministic objectives need the GP to resolve
 * differences of ~1e-6 of the y spread near the optimum (measured on branin, 5 seeds × 50
 * evaluations: median regret 1.5e-4 with the 1e-6 floor, 3.5e-6 with 1e-9).
 */
export function hptuneModel(kernel: KernelSpec): GpModel {
  return {
    kernel,
    ard: true,
    fitAmplitude: true,
    amplitude: 1,
    fitNoise: true,
    noise: 1e-3,
    lengthScaleBounds: [1e-3, 1e3],
    amplitudeBounds: [1e-3, 1e3],
    noiseBounds: [1e-9, 1],
    restart: { lengthScale: [0.05, 5], amplitude: [0.3, 3], noise: [1e-6, 1e-2] },
    prior: true,
  };
}

export interface GpHyper {
  /** One per input dimension (an isotropic model repeats its single value). */
  readonly lengthScales: Float64Array;
  readonly amplitude: number;
  readonly noise: number;
}

interface Layout {
  readonly size: number;
  readonly nLs: number;
  readonly amp: number; // index in θ, or −1
  readonly noise: number; // index in θ, or −1
}

function layout(model: GpModel, d: number): Layout {
  const nLs = model.ard ? d : 1;
  let size = nLs;
  const amp = model.fitAmplitude ? size++ : -1;
  const noise = model.fitNoise ? size++ : -1;
  return { size, nLs, amp, noise };
}

/** θ (log space) → natural hyperparameters. */
export function hyperFromTheta(model: GpModel, d: number, theta: ArrayLike<number>): GpHyper {
  const lay = layout(model, d);
  const lengthScales = new Float64Array(d);
  for (let j = 0; j < d; j++) lengthScales[j] = Math.exp(theta[model.ard ? j : 0]);
  return {
    lengthScales,
    amplitude: lay.amp >= 0 ? Math.exp(theta[lay.amp]) : model.amplitude,
    noise: lay.noise >= 0 ? Math.exp(theta[lay.noise]) : model.noise,
  };
}

/** Log-space box bounds of θ. */
export function thetaBounds(model: GpModel, d: number): { lo: Float64Array; hi: Float64Array } {
  const lay = layout(model, d);
  const lo = new Float64Array(lay.size);
  const hi = new Float64Array(lay.size);
  for (let j = 0; j < lay.nLs; j++) {
    lo[j] = Math.log(model.lengthScaleBounds[0]);
    hi[j] = Math.log(model.lengthScaleBounds[1]);
  }
  if (lay.amp >= 0) {
    lo[lay.amp] = Math.log(model.amplitudeBounds[0]);
    hi[lay.amp] = Math.log(model.amplitudeBounds[1]);
  }
  if (lay.noise >= 0) {
    lo[lay.noise] = Math.log(model.noiseBounds[0]);
    hi[lay.noise] = Math.log(model.noiseBounds[1]);
  }
  return { lo, hi };
}

/**
 * Weak log prior on λ_j = 1/ℓ_j², σ_f² and σ_n², after Optuna's default (`optuna/_gp/prior.py`,
 * constants omitted):  −Σ_j (0.1/λ_j + 0.1 λ_j) + Gamma(σ_f²; 2, 1) + Gamma(σ_n²; 1, 30),
 * log Gamma(x; a, b) = (a − 1) log x − b x. Optuna's noise prior has shape 1.1, whose mode
 * (σ_n² ≈ 0.003 of the y variance) blurred the optimum of deterministic objectives; with shape 1
 * (an exponential prior) the noise goes to its floor unless the data need it. Measured over 10
 * seeds × 50 evaluations, median regret shape 1.1 → 1: branin 8.5e-6 → 4.8e-6, hartmann6
 * 0.0117 → 0.0106, ackley5 6.6 → 4.5, rosenbrock2_scaled 4.7e-7 → 3.8e-7, hartmann3
 * 8.0e-7 → 9.8e-6 (still 270× below the plain model). Adds d/dθ into grad when given.
 */
function logPrior(lay: Layout, theta: ArrayLike<number>, grad: Float64Array | undefined): number {
  let v = 0;
  for (let j = 0; j < lay.nLs; j++) {
    const lambda = Math.exp(-2 * theta[j]);
    v -= 0.1 / lambda + 0.1 * lambda;
    if (grad) grad[j] += -0.2 / lambda + 0.2 * lambda; // dλ/dθ = −2λ
  }
  if (lay.amp >= 0) {
    const s = Math.exp(theta[lay.amp]);
    v += theta[lay.amp] - s;
    if (grad) grad[lay.amp] += 1 - s;
  }
  if (lay.noise >= 0) {
    const s = Math.exp(theta[lay.noise]);
    v -= 30 * s;
    if (grad) grad[lay.noise] -= 30 * s;
  }
  return v;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The fitting objective θ ↦ log p(y | X, θ) (+ log prior when the model has one), with its
 * gradient written into `grad` when given. Pairwise squared differences are precomputed once,
 * so an evaluation costs one kernel pass, one Cholesky and, with the gradient, one inverse.
 */
export function createObjective(
  model: GpModel,
  X: Float64Array,
  y: Float64Array,
  n: number,
  d: number,
): (theta: ArrayLike<number>, grad?: Float64Array) => number {
  const steps = createObjectiveSteps(model, X, y, n, d);
  return (theta, grad) => runSync(steps(theta, grad));
}

/** `createObjective` whose evaluations yield inside the O(n³) work (cooperative.ts). */
export function createObjectiveSteps(
  model: GpModel,
  X: Float64Array,
  y: Float64Array,
  n: number,
  d: number,
): (theta: ArrayLike<number>, grad?: Float64Array) => Steps<number> {
  const lay = layout(model, d);
  const profile = radialProfile(model.kernel);
  const np = (n * (n - 1)) / 2;
  const D = new Float64Array(np * d);
  for (let a = 1, p = 0; a < n; a++) {
    for (let b = 0; b < a; b++, p++) {
      for (let j = 0; j < d; j++) {
        const t = X[a * d + j] - X[b * d + j];
        D[p * d + j] = t * t;
      }
    }
  }
  const K = new Float64Array(n * n);
  const kv = new Float64Array(np);
  const kp = new Float64Array(np);
  const alpha = new Float64Array(n);
  const invLs2 = new Float64Array(d);
  const acc = new Float64Array(d);
  const vs = new Float64Array(2);
  const Lbuf = new Float64Array(n * n);
  const Kinv = new Float64Array(n * n);
  const work = new Float64Array(n * n);

  return function* (theta, grad) {
    if (grad) grad.fill(0);
    const hyper = hyperFromTheta(model, d, theta);
    const amp = hyper.amplitude;
    for (let j = 0; j < d; j++) invLs2[j] = 1 / (hyper.lengthScales[j] * hyper.lengthScales[j]);
    for (let a = 1, p = 0; a < n; a++) {
      const ra = a * n;
      for (let b = 0; b < a; b++, p++) {
        let r2 = 0;
        const o = p * d;
        for (let j = 0; j < d; j++) r2 += D[o + j] * invLs2[j];
        if (grad) {
          profile.valueAndSlope(r2, vs);
          kv[p] = vs[0];
          kp[p] = vs[1];
        } else {
          kv[p] = profile.value(r2);
        }
        K[ra + b] = amp * kv[p];
      }
    }
    for (let a = 0; a < n; a++) K[a * n + a] = amp + hyper.noise;
    yield;
    const chol = yield* choleskySteps(K, n, Lbuf);
    if (!chol.ok) return -Infinity;
    const L = chol.L;
    alpha.set(y);
    cholSolve(L, n, alpha);
    let value = -n * HALF_LOG_2PI;
    for (let i = 0; i < n; i++) value -= 0.5 * y[i] * alpha[i] + Math.log(L[i * n + i]);
    if (!Number.isFinite(value)) return -Infinity;
    if (grad) {
      yield* inverseFromCholeskySteps(L, n, Kinv, work);
      acc.fill(0);
      let offDiag = 0; // Σ_{a<b} W_ab ρ_ab
      let diag = 0; // Σ_a W_aa
      for (let a = 0; a < n; a++) diag += alpha[a] * alpha[a] - Kinv[a * n + a];
      for (let a = 1, p = 0; a < n; a++) {
        const ra = a * n;
        const aa = alpha[a];
        for (let b = 0; b < a; b++, p++) {
          const w = aa * alpha[b] - Kinv[ra + b];
          offDiag += w * kv[p];
          const wk = w * kp[p];
          const o = p * d;
          for (let j = 0; j < d; j++) acc[j] += wk * D[o + j];
        }
      }
      // ∂K_ab/∂log ℓ_j = σ_f² ρ'(r²)·(−2 Δ_j²/ℓ_j²); the factor ½ and the two triangles cancel.
      for (let j = 0; j < d; j++) grad[model.ard ? j : 0] += -2 * amp * invLs2[j] * acc[j];
      if (lay.amp >= 0) grad[lay.amp] = 0.5 * amp * (diag + 2 * offDiag); // ∂K/∂log σ_f² = K − σ_n² I
      if (lay.noise >= 0) grad[lay.noise] = 0.5 * hyper.noise * diag; // ∂K/∂log σ_n² = σ_n² I
    }
    if (model.prior) value += logPrior(lay, theta, grad);
    return value;
  };
}

/**
 * Iteration cap when warm-starting: θ fitted on n − 1 points is already close to the optimum
 * for n, and a few quasi-Newton steps recover nearly all of the remaining likelihood while an
 * evaluation costs O(n³) (≈5 ms at n = 200); the refinement continues at every later step.
 * Measured (10 seeds × 50 evaluations): 3 instead of 5 iterations left the median regret on
 * branin, hartmann3 and hartmann6 within seed noise and cut the step at n = 200, d = 6 by ~1/3.
 */
const WARM_MAX_ITER = 3;

export interface FitResult {
  readonly theta: Float64Array;
  readonly hyper: GpHyper;
  /** The maximized objective (log p, plus the log prior for hptune's model); −∞ if every start failed. */
  readonly objective: number;
}

export interface FitOptions {
  /** The configured `length_scale`: the first start (clipped into the bounds). */
  readonly lengthScale: number;
  /** `n_restarts_optimizer`: extra starts drawn log-uniformly from the model's restart box. */
  readonly restarts: number;
  readonly rng: Rng;
  /**
   * θ fitted at the previous BO step, if any: it replaces the configured start (the fit of
   * n + 1 points then needs a few iterations instead of ~20; it descends from that start anyway).
   */
  readonly warmStart?: ArrayLike<number>;
  readonly maxIter?: number;
}

/** Maximizes the objective over θ from the configured start and the random restarts. */
export function* fitHyperparameters(
  model: GpModel,
  X: Float64Array,
  y: Float64Array,
  n: number,
  d: number,
  opts: FitOptions,
): Steps<FitResult> {
  const lay = layout(model, d);
  const objective = createObjectiveSteps(model, X, y, n, d);
  const { lo, hi } = thetaBounds(model, d);
  const starts: Float64Array[] = [];
  const first = new Float64Array(lay.size);
  if (opts.warmStart && opts.warmStart.length === lay.size) {
    first.set(Array.from(opts.warmStart));
  } else {
    first.fill(Math.log(opts.lengthScale), 0, lay.nLs);
    if (lay.amp >= 0) first[lay.amp] = Math.log(model.amplitude);
    if (lay.noise >= 0) first[lay.noise] = Math.log(model.noise);
  }
  starts.push(first);
  const logUniform = ([a, b]: Interval) => Math.log(a) + opts.rng.next() * (Math.log(b) - Math.log(a));
  for (let r = 0; r < opts.restarts; r++) {
    const s = new Float64Array(lay.size);
    for (let j = 0; j < lay.nLs; j++) s[j] = logUniform(model.restart.lengthScale);
    if (lay.amp >= 0) s[lay.amp] = logUniform(model.restart.amplitude);
    if (lay.noise >= 0) s[lay.noise] = logUniform(model.restart.noise);
    starts.push(s);
  }
  const negative = function* (theta: Float64Array, g: Float64Array): Steps<number> {
    const v = yield* objective(theta, g);
    for (let i = 0; i < g.length; i++) g[i] = -g[i];
    return -v;
  };
  let best: Float64Array = clipInto(first, lo, hi);
  let bestValue = -Infinity;
  for (const s of starts) {
    const res = yield* minimizeBox(negative, s, lo, hi, { maxIter: opts.maxIter ?? (opts.warmStart ? WARM_MAX_ITER : 50), pgtol: 1e-3, ftol: 1e-6 });
    if (-res.f > bestValue) {
      bestValue = -res.f;
      best = res.x;
    }
  }
  return { theta: best, hyper: hyperFromTheta(model, d, best), objective: bestValue };
}

function clipInto(x: Float64Array, lo: Float64Array, hi: Float64Array): Float64Array {
  return x.map((v, i) => Math.min(hi[i], Math.max(lo[i], v)));
}
