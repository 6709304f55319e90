/**
 * Conditioning the GP step after step without refactoring K from scratch.
 *
 * Between two hyperparameter fits, BO conditions the same kernel on a list of points that
 * grows by one observation per step (plus the running trials at the end, constant liar).
 * The Cholesky factor of the leading block of K is the leading block of the factor of K, so
 * the rows the two lists share are kept and only the new rows are computed
 * (`choleskyExtend`): O(k·n²) for k new rows instead of O(n³/3), with the same bits as a
 * fresh factorization (docs/architecture.md, "Numerics"). Anything else (other
 * hyperparameters, an earlier point changed, a factor that needed jitter, a pivot that fails)
 * refactors with the jitter ladder, exactly as `condition` does.
 */
import { cholesky, choleskyExtend, cholSolve } from './linalg.ts';
import { radialProfile, type KernelSpec } from './kernels.ts';
import type { GpHyper } from './model.ts';
import { fillKernelRows, Posterior, type PosteriorResult } from './posterior.ts';

export class FactorCache {
  private key = '';
  private X = new Float64Array(0);
  private n = 0;
  private L: Float64Array = new Float64Array(0);
  /** Rows of the factor the last `condition` kept from the one before (0: factored afresh). */
  reused = 0;

  /** `condition` of posterior.ts, reusing the rows it shares with the previous call. */
  condition(kernel: KernelSpec, hyper: GpHyper, X: Float64Array, y: Float64Array, n: number, d: number): PosteriorResult {
    const profile = radialProfile(kernel);
    const key = cacheKey(kernel, hyper);
    let from = 0;
    if (key === this.key) {
      const shared = Math.min(this.n, n);
      while (from < shared && sameRow(this.X, X, from, d)) from++;
    }
    const K = new Float64Array(n * n);
    fillKernelRows(profile, hyper, X, n, d, from, K);
    let L: Float64Array = new Float64Array(n * n);
    for (let i = 0; i < from; i++) L.set(this.L.subarray(i * this.n, i * this.n + i + 1), i * n);
    let jitter = 0;
    if (from === 0 || !choleskyExtend(K, n, L, from)) {
      if (from > 0) fillKernelRows(profile, hyper, X, n, d, 0, K); // the rows before `from` were skipped
      from = 0;
      const chol = cholesky(K, n, L);
      if (!chol.ok) {
        this.key = '';
        return chol;
      }
      L = chol.L;
      jitter = chol.jitter;
    }
    this.reused = from;
    // Only a factor without jitter equals the leading block of a larger one.
    this.key = jitter === 0 ? key : '';
    this.X = X.slice(0, n * d);
    this.n = n;
    this.L = L;
    const alpha = cholSolve(L, n, Float64Array.from(y));
    return { ok: true, posterior: new Posterior(profile, hyper, X, n, d, L, alpha, jitter), jitter };
  }
}

function cacheKey(kernel: KernelSpec, hyper: GpHyper): string {
  const nu = kernel.kind === 'matern' ? kernel.nu : 'rbf';
  return `${nu}|${Array.from(hyper.lengthScales).join(',')}|${hyper.amplitude}|${hyper.noise}`;
}

function sameRow(a: Float64Array, b: Float64Array, i: number, d: number): boolean {
  for (let j = 0; j < d; j++) if (a[i * d + j] !== b[i * d + j]) return false;
  return true;
}
