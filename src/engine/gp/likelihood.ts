/**
 * The log marginal likelihood of a GP and its gradient (Rasmussen & Williams 2006, ch. 2, 5):
 *   K = σ_f² ρ(R²) + σ_n² I,  K = L Lᵀ,  α = K⁻¹ y.
 *   log p(y | X, θ) = −½ yᵀα − Σ_i log L_ii − (n/2) log 2π            (Alg. 2.1, eq. 2.30)
 *   ∂/∂θ_j log p = ½ tr((ααᵀ − K⁻¹) ∂K/∂θ_j)                          (eq. 5.9)
 * plus the log prior of model.ts for hptune's model (MAP instead of ML-II). A failed Cholesky
 * (even after the jitter ladder) makes log p = −∞, never an exception.
 */
import { choleskySteps, cholSolve, inverseFromCholeskySteps } from './linalg.ts';
import { runSync, type Steps } from './cooperative.ts';
import { radialProfile } from './kernels.ts';
import { hyperFromTheta, layout, logPrior, type GpModel } from './model.ts';

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
    if (model.prior) value += logPrior(lay, theta, grad, model.ard ? model.lengthScaleSpread : undefined);
    return value;
  };
}
