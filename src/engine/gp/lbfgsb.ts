/**
 * Bounded quasi-Newton minimization: projected L-BFGS on a box, in the spirit of L-BFGS-B
 * (Byrd, Lu, Nocedal & Zhu 1995) which scipy's `fmin_l_bfgs_b` implements and Polyaxon used both
 * for the marginal likelihood (scikit-learn) and for the acquisition (docs/hptuning.md, "Maximizing the acquisition").
 *
 * Each iteration: variables at a bound whose gradient pushes outward are held fixed
 * (the active set); the search direction is the L-BFGS two-loop recursion (Nocedal & Wright,
 * Numerical Optimization 2nd ed., Alg. 7.4) on the free variables; the step is found by
 * backtracking (quadratic interpolation) along the projected path x(t) = P(x + t·d) with the Armijo condition
 * f(x(t)) ≤ f(x) + c₁ ∇f(x)ᵀ(x(t) − x)  (Nocedal & Wright eq. 3.4; Bertsekas 1982 for the
 * projected form). Curvature pairs with sᵀy ≤ 0 are skipped to keep the inverse Hessian
 * approximation positive definite. A non-finite f (e.g. a failed Cholesky) is treated as
 * "too far" and the step shrinks.
 *
 * Stops when the projected gradient's largest component is below `pgtol`, or the relative
 * decrease of f in one iteration is below `ftol` (scipy's `factr·eps` = 1e7 × 2.2e-16).
 */
import type { Steps } from './cooperative.ts';

/**
 * Writes ∇f(x) into g and returns f(x): a plain function, or a generator that yields while it
 * works (an O(n³) likelihood evaluation yields inside its factorizations, likelihood.ts).
 */
export type ValueAndGradient = (x: Float64Array, g: Float64Array) => number | Steps<number>;

function* evaluate(fg: ValueAndGradient, x: Float64Array, g: Float64Array): Steps<number> {
  const r = fg(x, g);
  return typeof r === 'number' ? r : yield* r;
}

export interface BoxMinimizeOptions {
  readonly maxIter?: number;
  readonly memory?: number;
  readonly pgtol?: number;
  readonly ftol?: number;
  readonly maxEvals?: number;
}

export interface BoxMinimum {
  readonly x: Float64Array;
  readonly f: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

const C1 = 1e-4;

/** Minimizes f over lo ≤ x ≤ hi from x0 (clipped into the box); yields after each evaluation. */
export function* minimizeBox(
  fg: ValueAndGradient,
  x0: ArrayLike<number>,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
  opts: BoxMinimizeOptions = {},
): Steps<BoxMinimum> {
  const n = x0.length;
  const maxIter = opts.maxIter ?? 100;
  const m = opts.memory ?? 8;
  const pgtol = opts.pgtol ?? 1e-5;
  const ftol = opts.ftol ?? 2.220446049250313e-9;
  const maxEvals = opts.maxEvals ?? 4 * maxIter;

  let x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = clip(x0[i], lo[i], hi[i]);
  let g = new Float64Array(n);
  let f = yield* evaluate(fg, x, g);
  let evals = 1;
  yield;
  if (!Number.isFinite(f)) return { x, f, iterations: 0, evaluations: evals, converged: false };

  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  const d = new Float64Array(n);
  const free = new Uint8Array(n);
  let xn = new Float64Array(n);
  let gn = new Float64Array(n);

  for (let it = 0; it < maxIter; it++) {
    // Active set and projected-gradient test.
    let pg = 0;
    for (let i = 0; i < n; i++) {
      const atLo = x[i] <= lo[i] && g[i] > 0;
      const atHi = x[i] >= hi[i] && g[i] < 0;
      free[i] = atLo || atHi ? 0 : 1;
      if (free[i]) pg = Math.max(pg, Math.abs(g[i]));
    }
    if (pg <= pgtol) return { x, f, iterations: it, evaluations: evals, converged: true };

    // Two-loop recursion on the free variables.
    for (let i = 0; i < n; i++) d[i] = free[i] ? g[i] : 0;
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(S[k], d, free);
      axpy(-alpha[k], Y[k], d, free);
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gammaScale = dot(S[last], Y[last], free) / Math.max(dot(Y[last], Y[last], free), 1e-300);
      if (gammaScale > 0) for (let i = 0; i < n; i++) d[i] *= gammaScale;
    }
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k] * dot(Y[k], d, free);
      axpy(alpha[k] - beta, S[k], d, free);
    }
    for (let i = 0; i < n; i++) d[i] = free[i] ? -d[i] : 0;
    let slope = dot(g, d, free);
    if (!(slope < 0)) {
      // Not a descent direction: restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i] : 0;
      slope = dot(g, d, free);
    }

    let t = 1;
    if (S.length === 0) {
      // First step (or after a restart): move no variable by more than 1.
      let norm = 0;
      for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]));
      t = Math.min(1, 1 / norm);
    }
    let fn = Infinity;
    let accepted = false;
    for (let ls = 0; ls < 40 && evals < maxEvals; ls++) {
      let decrease = 0;
      for (let i = 0; i < n; i++) {
        xn[i] = clip(x[i] + t * d[i], lo[i], hi[i]);
        decrease += g[i] * (xn[i] - x[i]);
      }
      fn = yield* evaluate(fg, xn, gn);
      evals++;
      yield;
      if (Number.isFinite(fn) && fn <= f + C1 * decrease) {
        accepted = true;
        break;
      }
      if (!Number.isFinite(fn)) {
        t *= 0.1;
        continue;
      }
      // Backtrack to the minimizer of the quadratic through f, the slope and f(x(t)),
      // safeguarded to [0.1t, 0.5t] (Nocedal & Wright, section 3.5, eq. 3.57).
      const slope0 = decrease / t;
      const tq = (-slope0 * t * t) / (2 * (fn - f - slope0 * t));
      t = Math.min(0.5 * t, Math.max(0.1 * t, Number.isFinite(tq) ? tq : 0.5 * t));
    }
    if (!accepted) return { x, f, iterations: it, evaluations: evals, converged: false };

    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xn[i] - x[i];
      y[i] = gn[i] - g[i];
      sy += s[i] * y[i];
      yy += y[i] * y[i];
    }
    if (sy > 1e-10 * yy) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    const fPrev = f;
    [x, xn] = [xn, x];
    [g, gn] = [gn, g];
    f = fn;
    if ((fPrev - f) <= ftol * Math.max(Math.abs(fPrev), Math.abs(f), 1)) {
      return { x, f, iterations: it + 1, evaluations: evals, converged: true };
    }
    if (evals >= maxEvals) break;
  }
  return { x, f, iterations: maxIter, evaluations: evals, converged: false };
}

function clip(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

function dot(a: Float64Array, b: Float64Array, mask: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) if (mask[i]) s += a[i] * b[i];
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array, mask: Uint8Array): void {
  for (let i = 0; i < x.length; i++) if (mask[i]) y[i] += a * x[i];
}
