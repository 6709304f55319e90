/**
 * The GP posterior with fixed hyperparameters (Rasmussen & Williams 2006, Alg. 2.1):
 *   K = σ_f² ρ(R²) + σ_n² I = L Lᵀ,  α = K⁻¹ y,
 *   μ(x) = k(x)ᵀα,  σ²(x) = k(x,x) − vᵀv,  v = L⁻¹k(x)   (lines 4–6),
 * σ² of the latent f, clamped at 0 (Optuna `_gp/gp.py` does the same). Kernel notation as in
 * model.ts and kernels.ts.
 */
import { cholesky, cholSolve, solveLower, solveUpperT } from './linalg.ts';
import { radialProfile, type KernelSpec, type RadialProfile } from './kernels.ts';
import type { GpHyper } from './model.ts';

/** The GP conditioned on (X, y) with fixed hyperparameters. */
export class Posterior {
  readonly n: number;
  readonly d: number;
  private readonly X: Float64Array;
  private readonly L: Float64Array;
  private readonly alpha: Float64Array;
  private readonly invLs2: Float64Array;
  private readonly amp: number;
  private readonly profile: RadialProfile;
  private readonly k: Float64Array;
  private readonly v: Float64Array;
  private readonly w: Float64Array;
  private readonly vs = new Float64Array(2);
  private readonly batch: Float64Array;
  private readonly noise: number;
  private readonly jitter: number;

  constructor(profile: RadialProfile, hyper: GpHyper, X: Float64Array, n: number, d: number, L: Float64Array, alpha: Float64Array, jitter = 0) {
    this.profile = profile;
    this.noise = hyper.noise;
    this.jitter = jitter;
    this.batch = new Float64Array(4 * n);
    this.n = n;
    this.d = d;
    this.X = X;
    this.L = L;
    this.alpha = alpha;
    this.amp = hyper.amplitude;
    this.invLs2 = hyper.lengthScales.map((l) => 1 / (l * l));
    this.k = new Float64Array(n);
    this.v = new Float64Array(n);
    this.w = new Float64Array(n);
  }

  private r2(x: ArrayLike<number>, i: number): number {
    const { d, X, invLs2 } = this;
    let r2 = 0;
    for (let j = 0; j < d; j++) {
      const t = x[j] - X[i * d + j];
      r2 += t * t * invLs2[j];
    }
    return r2;
  }

  /** Posterior mean into out[0] and standard deviation (of the latent f, clamped at 0) into out[1]. */
  predict(x: ArrayLike<number>, out: Float64Array): void {
    const { n, k, v, amp } = this;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      k[i] = amp * this.profile.value(this.r2(x, i));
      mean += k[i] * this.alpha[i];
    }
    v.set(k);
    solveLower(this.L, n, v);
    let vv = 0;
    for (let i = 0; i < n; i++) vv += v[i] * v[i];
    out[0] = mean;
    out[1] = Math.sqrt(Math.max(amp - vv, 0));
  }

  /** σ_f², the prior variance of f. */
  get amplitude(): number {
    return this.amp;
  }

  /** Prior variance plus what the factor's diagonal adds (noise, jitter): K_ii. */
  get diagonal(): number {
    return this.amp + this.noise + this.jitter;
  }

  /**
   * k(x) for m points (xs row-major m×d) into Kx (row-major m×n) and μ(x) = k(x)ᵀα into
   * means: O(m·n·d), the cheap half of a prediction.
   */
  kernelRows(xs: Float64Array, m: number, Kx: Float64Array, means: Float64Array): void {
    const { n, d, amp, alpha, profile, X, invLs2 } = this;
    const r2 = this.w; // scratch (predictWithGradient's, not in use here)
    for (let c = 0; c < m; c++) {
      const xo = c * d;
      for (let i = 0; i < n; i++) {
        let s = 0;
        const o = i * d;
        for (let j = 0; j < d; j++) {
          const t = xs[xo + j] - X[o + j];
          s += t * t * invLs2[j];
        }
        r2[i] = s;
      }
      const ko = c * n;
      profile.values(r2, n, amp, Kx, ko);
      let mean = 0;
      for (let i = 0; i < n; i++) mean += Kx[ko + i] * alpha[i];
      means[c] = mean;
    }
  }

  /**
   * σ(x) for the rows `rows[from … to−1]` of Kx (from `kernelRows`) into sds[row]. Four rows
   * share each pass over L in the forward substitution v = L⁻¹k (four right-hand sides, four
   * independent accumulators), which halves the time of these n²/2 solves; σ² = k(x,x) − vᵀv.
   */
  sdRows(Kx: Float64Array, rows: ArrayLike<number>, from: number, to: number, sds: Float64Array): void {
    const { n, amp, L } = this;
    const B = this.batch;
    for (let start = from; start < to; start += 4) {
      const count = Math.min(4, to - start);
      for (let c = 0; c < 4; c++) {
        if (c >= count) {
          for (let i = 0; i < n; i++) B[4 * i + c] = 0;
          continue;
        }
        const ko = rows[start + c] * n;
        for (let i = 0; i < n; i++) B[4 * i + c] = Kx[ko + i];
      }
      for (let i = 0; i < n; i++) {
        const ri = i * n;
        let s0 = B[4 * i];
        let s1 = B[4 * i + 1];
        let s2 = B[4 * i + 2];
        let s3 = B[4 * i + 3];
        for (let k = 0; k < i; k++) {
          const l = L[ri + k];
          s0 -= l * B[4 * k];
          s1 -= l * B[4 * k + 1];
          s2 -= l * B[4 * k + 2];
          s3 -= l * B[4 * k + 3];
        }
        const inv = 1 / L[ri + i];
        B[4 * i] = s0 * inv;
        B[4 * i + 1] = s1 * inv;
        B[4 * i + 2] = s2 * inv;
        B[4 * i + 3] = s3 * inv;
      }
      for (let c = 0; c < count; c++) {
        let vv = 0;
        for (let i = 0; i < n; i++) vv += B[4 * i + c] * B[4 * i + c];
        sds[rows[start + c]] = Math.sqrt(Math.max(amp - vv, 0));
      }
    }
  }

  /** `predict` for m points at once (xs row-major m×d): out[2i] = μ, out[2i+1] = σ of point i. */
  predictBatch(xs: Float64Array, m: number, out: Float64Array): void {
    const Kx = new Float64Array(m * this.n);
    const means = new Float64Array(m);
    const sds = new Float64Array(m);
    this.kernelRows(xs, m, Kx, means);
    this.sdRows(Kx, Uint32Array.from({ length: m }, (_, i) => i), 0, m, sds);
    for (let i = 0; i < m; i++) {
      out[2 * i] = means[i];
      out[2 * i + 1] = sds[i];
    }
  }

  /**
   * As `predict`, plus ∇μ(x) into gMean and ∇σ(x) into gStd:
   * ∇μ = Σ_i α_i ∇k_i,  ∇σ² = −2 Σ_i β_i ∇k_i with β = K⁻¹k (differentiating σ² = k(x,x) − kᵀK⁻¹k),
   * ∇k_i = σ_f² ρ'(r_i²)·2(x − X_i)/ℓ².
   */
  predictWithGradient(x: ArrayLike<number>, out: Float64Array, gMean: Float64Array, gStd: Float64Array): void {
    const { n, d, k, v, w, amp, X, invLs2, vs } = this;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      this.profile.valueAndSlope(this.r2(x, i), vs);
      k[i] = amp * vs[0];
      w[i] = 2 * amp * vs[1];
      mean += k[i] * this.alpha[i];
    }
    v.set(k);
    solveLower(this.L, n, v);
    let vv = 0;
    for (let i = 0; i < n; i++) vv += v[i] * v[i];
    const std = Math.sqrt(Math.max(amp - vv, 0));
    solveUpperT(this.L, n, v); // v = β = K⁻¹k
    gMean.fill(0);
    gStd.fill(0);
    for (let i = 0; i < n; i++) {
      const a = w[i] * this.alpha[i];
      const b = w[i] * v[i];
      for (let j = 0; j < d; j++) {
        const t = x[j] - X[i * d + j];
        gMean[j] += a * t;
        gStd[j] += b * t;
      }
    }
    const sScale = std > 0 ? -1 / std : 0; // ∇σ = ∇σ²/(2σ) = −(Σ β_i ∇k_i)/σ
    for (let j = 0; j < d; j++) {
      gMean[j] *= invLs2[j];
      gStd[j] *= invLs2[j] * sScale;
    }
    out[0] = mean;
    out[1] = std;
  }
}

export type PosteriorResult = { readonly ok: true; readonly posterior: Posterior; readonly jitter: number } | { readonly ok: false; readonly reason: string };

/**
 * Rows from … n−1 of K = σ_f² ρ(R²) + σ_n² I (lower triangle and diagonal) into K (row-major
 * n×n). Every caller fills K with this one routine, so a factor extended row by row
 * (factor-cache.ts) sees the same entries as a fresh one.
 */
export function fillKernelRows(profile: RadialProfile, hyper: GpHyper, X: Float64Array, n: number, d: number, from: number, K: Float64Array): void {
  const invLs2 = hyper.lengthScales.map((l) => 1 / (l * l));
  for (let a = from; a < n; a++) {
    for (let b = 0; b < a; b++) {
      let r2 = 0;
      for (let j = 0; j < d; j++) {
        const t = X[a * d + j] - X[b * d + j];
        r2 += t * t * invLs2[j];
      }
      K[a * n + b] = hyper.amplitude * profile.value(r2);
    }
    K[a * n + a] = hyper.amplitude + hyper.noise;
  }
}

/** Conditions the GP with hyperparameters `hyper` on (X, y): L and α of R&W Alg. 2.1. */
export function condition(kernel: KernelSpec, hyper: GpHyper, X: Float64Array, y: Float64Array, n: number, d: number): PosteriorResult {
  const profile = radialProfile(kernel);
  const K = new Float64Array(n * n);
  fillKernelRows(profile, hyper, X, n, d, 0, K);
  const chol = cholesky(K, n);
  if (!chol.ok) return chol;
  const alpha = cholSolve(chol.L, n, Float64Array.from(y));
  return { ok: true, posterior: new Posterior(profile, hyper, X, n, d, chol.L, alpha, chol.jitter), jitter: chol.jitter };
}
