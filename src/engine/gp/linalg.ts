/**
 * Dense linear algebra for the GP on row-major Float64Array matrices (docs/architecture.md, "Numerics").
 *
 * Notation: an n×n matrix A is stored row-major, A[i][j] = a[i * n + j]. Only the lower
 * triangle of a Cholesky factor is meaningful; its upper triangle is zero.
 *
 * The O(n³) routines also come as generators (`…Steps`) that yield every few rows, so that a
 * likelihood evaluation on hundreds of points never blocks the event loop for long
 * (cooperative.ts); the plain functions run them to completion.
 *
 * Failure is data, never an exception (the scikit-learn / Optuna habit of turning a failed
 * Cholesky into LML = −inf): `cholesky` returns `{ok: false}` when even the
 * largest jitter leaves the matrix numerically non-positive-definite.
 */

import { runSync, type Steps } from './cooperative.ts';

export type CholeskyResult =
  | {
      readonly ok: true;
      /** Lower-triangular L with L Lᵀ = A + jitter·I. */
      readonly L: Float64Array;
      /** The diagonal jitter that was added (0 when none was needed). */
      readonly jitter: number;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Σ_{t<len} x[xo+t]·y[yo+t] with four independent accumulators: the additions of one lane do
 * not wait for the previous lane's, which roughly doubles the speed of the O(n³) loops in V8.
 */
export function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let t = 0;
  for (; t + 3 < len; t += 4) {
    s0 += x[xo + t] * y[yo + t];
    s1 += x[xo + t + 1] * y[yo + t + 1];
    s2 += x[xo + t + 2] * y[yo + t + 2];
    s3 += x[xo + t + 3] * y[yo + t + 3];
  }
  for (; t < len; t++) s0 += x[xo + t] * y[yo + t];
  return s0 + s1 + (s2 + s3);
}

/**
 * Cholesky–Banachiewicz factorization of the symmetric matrix `a` (only its lower triangle
 * is read) into `out`. Returns false when a pivot is not strictly positive (or not finite).
 * Golub & Van Loan, Matrix Computations (4th ed.), Alg. 4.2.1.
 */
export function choleskyInPlace(a: Float64Array, n: number, jitter: number, out: Float64Array): boolean {
  return runSync(choleskyInPlaceSteps(a, n, jitter, out));
}

/**
 * Extends a factor by rows: `out` holds L's rows 0 … from−1 for the leading block of `a`
 * (row-major n×n, the same values a fresh factorization of `a` would give), and rows
 * from … n−1 are computed. Row i of the Cholesky–Banachiewicz order reads only rows < i of L
 * and row i of `a`, so the result equals a fresh factorization bit for bit, at the cost of
 * the new rows alone: O((n − from)·n²) instead of O(n³/3). Returns false on a non-positive
 * pivot (the caller then refactors with the jitter ladder of `cholesky`).
 */
export function choleskyExtend(a: Float64Array, n: number, out: Float64Array, from: number): boolean {
  return runSync(choleskyInPlaceSteps(a, n, 0, out, from));
}

/** Rows between two yields of the O(n³) loops: ~n²/2 multiply-adds each, well under a millisecond. */
const ROWS_PER_YIELD = 16;

function* choleskyInPlaceSteps(a: Float64Array, n: number, jitter: number, out: Float64Array, from = 0): Steps<boolean> {
  for (let i = from; i < n; i++) {
    if (i % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) yield;
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = a[ri + j] - dot(out, ri, out, rj, j);
      if (i === j) s += jitter;
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return false;
        out[ri + i] = Math.sqrt(s);
      } else {
        out[ri + j] = s / out[rj + j];
      }
    }
    for (let j = i + 1; j < n; j++) out[ri + j] = 0;
  }
  return true;
}

/**
 * Cholesky with a jitter ladder: first without jitter, then 1e-10·σ², 1e-9·σ², … up to
 * 1e-2·σ², where σ² is the mean of the diagonal (we measured that float64
 * needs 0–1e-10 on the clustered points of late-stage BO).
 */
export function cholesky(a: Float64Array, n: number, L: Float64Array = new Float64Array(n * n)): CholeskyResult {
  return runSync(choleskySteps(a, n, L));
}

/** `cholesky`, yielding inside the factorizations (cooperative.ts). */
export function* choleskySteps(a: Float64Array, n: number, L: Float64Array = new Float64Array(n * n)): Steps<CholeskyResult> {
  if (n === 0) return { ok: true, L, jitter: 0 };
  let trace = 0;
  for (let i = 0; i < n; i++) trace += a[i * n + i];
  const scale = trace / n;
  if (!(scale > 0) || !Number.isFinite(scale)) {
    return { ok: false, reason: `Cholesky needs a positive finite diagonal, mean diagonal was ${scale}` };
  }
  if (yield* choleskyInPlaceSteps(a, n, 0, L)) return { ok: true, L, jitter: 0 };
  for (let e = -10; e <= -2; e++) {
    const jitter = scale * 10 ** e;
    if (yield* choleskyInPlaceSteps(a, n, jitter, L)) return { ok: true, L, jitter };
  }
  return { ok: false, reason: `matrix is not positive definite even with jitter ${scale * 1e-2} (1e-2 times the mean diagonal ${scale})` };
}

/** Solves L x = b in place (forward substitution); L lower-triangular n×n. */
export function solveLower(L: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    b[i] = (b[i] - dot(L, ri, b, 0, i)) / L[ri + i];
  }
  return b;
}

/** Solves Lᵀ x = b in place (back substitution) with the same lower-triangular L. */
export function solveUpperT(L: Float64Array, n: number, b: Float64Array): Float64Array {
  // Column-oriented so that L is read along its rows (contiguous): row k of Lᵀx = b is
  // Σ_{i≥k} L_ik x_i = b_k, so once x_i is final its term L_ik·x_i leaves every b_k, k < i.
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const xi = (b[i] /= L[ri + i]);
    for (let k = 0; k < i; k++) b[k] -= L[ri + k] * xi;
  }
  return b;
}

/** Solves (L Lᵀ) x = b in place: the usual `alpha = K⁻¹ y` of R&W Alg. 2.1 line 3. */
export function cholSolve(L: Float64Array, n: number, b: Float64Array): Float64Array {
  return solveUpperT(L, n, solveLower(L, n, b));
}

/** log det(L Lᵀ) = 2 Σ log L_ii (R&W Alg. 2.1 line 8). */
export function logDetFromCholesky(L: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(L[i * n + i]);
  return 2 * s;
}

/**
 * (L Lᵀ)⁻¹, symmetric, both triangles filled. Row j of the work matrix M holds the solution of L x = e_j (column j of L⁻¹, zero before j), found by
 * forward substitution along L's rows; then (K⁻¹)_ab = Σ_{k ≥ max(a,b)} M_ak M_bk, a dot
 * product of two rows. Both passes read memory contiguously (n³/6 multiply-adds each).
 */
export function inverseFromCholesky(L: Float64Array, n: number, out: Float64Array = new Float64Array(n * n), work: Float64Array = new Float64Array(n * n)): Float64Array {
  return runSync(inverseFromCholeskySteps(L, n, out, work));
}

/** `inverseFromCholesky`, yielding every few rows. */
export function* inverseFromCholeskySteps(L: Float64Array, n: number, out: Float64Array, work: Float64Array): Steps<Float64Array> {
  const M = work;
  for (let j = 0; j < n; j++) {
    if (j % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) yield;
    const rj = j * n;
    for (let k = 0; k < j; k++) M[rj + k] = 0;
    M[rj + j] = 1 / L[rj + j];
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      M[rj + i] = -dot(L, ri + j, M, rj + j, i - j) / L[ri + i];
    }
  }
  for (let a = 0; a < n; a++) {
    if (a % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) yield;
    const ra = a * n;
    for (let b = 0; b <= a; b++) {
      const rb = b * n;
      const s = dot(M, ra + a, M, rb + a, n - a);
      out[ra + b] = s;
      out[rb + a] = s;
    }
  }
  return out;
}
