/**
 * The GP models BO fits: which hyperparameters are free, their bounds and restart boxes, the
 * layout of the hyperparameter vector θ, and the weak prior of hptune's model.
 *
 * Notation (Rasmussen & Williams 2006, "Gaussian Processes for Machine Learning", ch. 2, 5):
 * kernel k(x, x') = σ_f² ρ(r²(x, x')) with the radial profile ρ of kernels.ts and
 * r² = Σ_j (x_j − x'_j)²/ℓ_j², noise variance σ_n². θ lives in log space (log ℓ_j, log σ_f²,
 * log σ_n²) with box bounds, as in scikit-learn's `Kernel.theta`.
 */
import type { KernelSpec } from './kernels.ts';

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
  /**
   * With ARD and the prior: the scale τ of a normal prior on each log length scale's distance
   * from their mean (partial pooling toward one shared length scale; `logPrior`). Undefined: none.
   */
  readonly lengthScaleSpread?: number;
}

/**
 * Polyaxon's model (docs/hptuning.md, "The Gaussian process"): scikit-learn `GaussianProcessRegressor(kernel)` with its
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
    lengthScaleSpread: 0.5,
  };
}

export interface GpHyper {
  /** One per input dimension (an isotropic model repeats its single value). */
  readonly lengthScales: Float64Array;
  readonly amplitude: number;
  readonly noise: number;
}

export interface Layout {
  readonly size: number;
  readonly nLs: number;
  readonly amp: number; // index in θ, or −1
  readonly noise: number; // index in θ, or −1
}

export function layout(model: GpModel, d: number): Layout {
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
 * 8.0e-7 → 9.8e-6 (still 270× below the plain model).
 *
 * With ARD, `lengthScaleSpread` τ adds −Σ_j (log ℓ_j − m)²/(2τ²), m the mean of the log ℓ_j: a
 * hierarchical prior that pools the length scales toward a shared one unless the data pull them
 * apart (partial pooling, Gelman et al., "Bayesian Data Analysis", 3rd ed., ch. 5). Fifty
 * evaluations do not pin five or six independent length scales: some grow long and the model
 * ignores their dimension, which hurt Ackley-5D (symmetric in all inputs) most. Measured with
 * `hptune bench` (60 seeds, 50 evaluations, median regret without → with τ = 0.5): ackley5
 * 4.40 → 4.03, hartmann6 2.5e-3 → 1.7e-3, hartmann3 3.0e-7 → 2.6e-7, branin 3.6e-6 → 5.0e-6,
 * rosenbrock2_scaled 1.8e-7 → 2.8e-7 (both still below the settings before the output warp,
 * 6.6e-6 and 7.7e-7). Adds d/dθ into grad when given.
 */
export function logPrior(lay: Layout, theta: ArrayLike<number>, grad: Float64Array | undefined, spread?: number): number {
  let v = 0;
  for (let j = 0; j < lay.nLs; j++) {
    const lambda = Math.exp(-2 * theta[j]);
    v -= 0.1 / lambda + 0.1 * lambda;
    if (grad) grad[j] += -0.2 / lambda + 0.2 * lambda; // dλ/dθ = −2λ
  }
  if (spread !== undefined && lay.nLs > 1) {
    let m = 0;
    for (let j = 0; j < lay.nLs; j++) m += theta[j] / lay.nLs;
    const inv = 1 / (spread * spread);
    for (let j = 0; j < lay.nLs; j++) {
      const dev = theta[j] - m;
      v -= 0.5 * dev * dev * inv;
      if (grad) grad[j] -= dev * inv; // the terms through m sum to zero (Σ_j dev_j = 0)
    }
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
