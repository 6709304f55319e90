import { describe, expect, it } from 'vitest';
import { rngFor } from '../../src/engine/rng.ts';
import { cholesky, cholSolve, inverseFromCholesky, logDetFromCholesky, solveLower, solveUpperT } from '../../src/engine/gp/linalg.ts';
import { besselK, gamma, logGamma } from '../../src/engine/gp/bessel.ts';
import { maternGeneral, radialProfile } from '../../src/engine/gp/kernels.ts';
import { erfc, logH, logNormCdf, normCdf, normPdf } from '../../src/engine/gp/stats.ts';
import { hptuneModel, plainModel, thetaBounds, type GpModel } from '../../src/engine/gp/model.ts';
import { createObjective } from '../../src/engine/gp/likelihood.ts';
import { fitHyperparameters } from '../../src/engine/gp/fit.ts';
import { condition } from '../../src/engine/gp/posterior.ts';
import { minimizeBox } from '../../src/engine/gp/lbfgsb.ts';
import { drive, runSync } from '../../src/engine/gp/cooperative.ts';
import { maximizeAcquisition } from '../../src/engine/gp/maximize.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

function randomSpd(n: number, seed: number): Float64Array {
  const rng = rngFor(seed);
  const B = Float64Array.from({ length: n * n }, () => rng.normal());
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? n : 0;
      for (let k = 0; k < n; k++) s += B[i * n + k] * B[j * n + k];
      A[i * n + j] = s;
    }
  return A;
}

function matVec(A: Float64Array, n: number, x: Float64Array): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += A[i * n + k] * x[k];
    return s;
  });
}

describe('docs/architecture.md, "Numerics": Cholesky, triangular solves, log-det (gp/linalg)', () => {
  it('factors the textbook matrix exactly', () => {
    const A = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);
    const r = cholesky(A, 3);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Array.from(r.L)).toEqual([2, 0, 0, 6, 1, 0, -8, 5, 3]);
    expect(r.jitter).toBe(0);
    expect(logDetFromCholesky(r.L, 3)).toBeCloseTo(2 * Math.log(6), 14);
  });

  it('solves L x = b, Lᵀ x = b and A x = b on random SPD matrices', () => {
    for (const [n, seed] of [[1, 1], [5, 2], [30, 3], [45, 4]]) {
      const A = randomSpd(n, seed);
      const r = cholesky(A, n);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const rng = rngFor(seed, 99);
      const b = Float64Array.from({ length: n }, () => rng.normal());
      const x = cholSolve(r.L, n, Float64Array.from(b));
      const Ax = matVec(A, n, x);
      for (let i = 0; i < n; i++) expect(Math.abs(Ax[i] - b[i])).toBeLessThan(1e-10 * n);
      const y = solveLower(r.L, n, Float64Array.from(b));
      const Ly = matVec(r.L, n, y);
      for (let i = 0; i < n; i++) expect(Math.abs(Ly[i] - b[i])).toBeLessThan(1e-10 * n);
      const LT = Float64Array.from({ length: n * n }, (_, k) => r.L[(k % n) * n + Math.floor(k / n)]);
      const z = solveUpperT(r.L, n, Float64Array.from(b));
      const LTz = matVec(LT, n, z);
      for (let i = 0; i < n; i++) expect(Math.abs(LTz[i] - b[i])).toBeLessThan(1e-10 * n);
      const inv = inverseFromCholesky(r.L, n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += A[i * n + k] * inv[k * n + j];
          expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-10);
        }
    }
  });

  it('climbs the jitter ladder on a singular matrix and reports failure as data', () => {
    const ones = new Float64Array(9).fill(1); // rank 1, PSD
    const r = cholesky(ones, 3);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.jitter).toBeGreaterThanOrEqual(1e-10);
      expect(r.jitter).toBeLessThanOrEqual(1e-2);
    }
    const indefinite = Float64Array.from([1, 2, 2, 1]); // eigenvalues 3 and −1
    const bad = cholesky(indefinite, 2);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toMatch(/not positive definite even with jitter/);
    expect(cholesky(Float64Array.from([0, 0, 0, 0]), 2).ok).toBe(false);
  });
});

describe('kernels: closed forms and the general Bessel path (gp/kernels, gp/bessel)', () => {
  it('Γ and K_ν match reference values', () => {
    expect(rel(gamma(5), 24)).toBeLessThan(1e-14);
    expect(rel(gamma(0.3), 2.991568987687591)).toBeLessThan(1e-14);
    expect(rel(Math.exp(logGamma(1.9)), 0.9617658319073874)).toBeLessThan(1e-14);
    expect(rel(besselK(0, 1), 0.42102443824070834)).toBeLessThan(1e-13);
    expect(rel(besselK(1, 2), 0.13986588181652243)).toBeLessThan(1e-13);
    for (const z of [0.01, 0.5, 3, 40]) expect(rel(besselK(0.5, z), Math.sqrt(Math.PI / (2 * z)) * Math.exp(-z))).toBeLessThan(1e-13);
  });

  it('RBF and Matern ν = 0.5, 1.5, 2.5 equal their closed forms', () => {
    const s3 = Math.sqrt(3);
    const s5 = Math.sqrt(5);
    const forms: [Parameters<typeof radialProfile>[0], (r: number) => number][] = [
      [{ kind: 'rbf' }, (r) => Math.exp(-0.5 * r * r)],
      [{ kind: 'matern', nu: 0.5 }, (r) => Math.exp(-r)],
      [{ kind: 'matern', nu: 1.5 }, (r) => (1 + s3 * r) * Math.exp(-s3 * r)],
      [{ kind: 'matern', nu: 2.5 }, (r) => (1 + s5 * r + (5 * r * r) / 3) * Math.exp(-s5 * r)],
    ];
    for (const [spec, k] of forms) {
      const p = radialProfile(spec);
      for (const r of [0, 0.1, 0.7, 1, 2.5, 6]) expect(p.value(r * r)).toBeCloseTo(k(r), 15);
    }
  });

  it('Matern 0.5, 1.5 and 2.5 agree with the general K_ν path (values and slopes)', () => {
    const out1 = new Float64Array(2);
    const out2 = new Float64Array(2);
    for (const nu of [0.5, 1.5, 2.5]) {
      const closed = radialProfile({ kind: 'matern', nu });
      const general = maternGeneral(nu);
      for (const r2 of [1e-8, 0.01, 0.3, 1, 4, 25, 400]) {
        closed.valueAndSlope(r2, out1);
        general.valueAndSlope(r2, out2);
        expect(Math.abs(out1[0] - out2[0])).toBeLessThan(1e-13);
        expect(Math.abs(out1[1] - out2[1])).toBeLessThanOrEqual(1e-13 * Math.abs(out1[1]) + 1e-300);
      }
    }
  });

  it('the general path (ν = 1.9, the DOC example) has k(0) = 1 and slopes that match finite differences', () => {
    const p = maternGeneral(1.9);
    const out = new Float64Array(2);
    p.valueAndSlope(0, out);
    expect(out[0]).toBe(1);
    expect(out[1]).toBeCloseTo(-1.9 / (2 * 0.9), 12);
    for (const r2 of [0.05, 0.5, 2, 9]) {
      p.valueAndSlope(r2, out);
      const h = 1e-6 * r2;
      expect(rel(out[1], (p.value(r2 + h) - p.value(r2 - h)) / (2 * h))).toBeLessThan(1e-6);
      expect(out[0]).toBeLessThan(1);
    }
  });
});

describe('normal distribution helpers (gp/stats)', () => {
  it('erfc, Φ, φ and the log forms are accurate, also in the tails', () => {
    expect(rel(erfc(0.5), 0.4795001221869535)).toBeLessThan(1e-14);
    expect(rel(erfc(3), 2.209049699858544e-5)).toBeLessThan(1e-13);
    expect(rel(erfc(-1), 1.8427007929497148)).toBeLessThan(1e-15);
    expect(rel(normCdf(-10), 7.619853024160527e-24)).toBeLessThan(1e-12);
    expect(normCdf(0)).toBe(0.5);
    expect(normPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 16);
    // log Φ far in the tail: Φ(z) ≈ φ(z)/|z| (1 − 1/z² + 3/z⁴)
    const z = -60;
    const approx = -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - Math.log(-z) + Math.log(1 - 1 / (z * z) + 3 / z ** 4);
    expect(rel(logNormCdf(z), approx)).toBeLessThan(1e-12);
    for (const zz of [-0.5, -2, -5, -12, 1.3]) {
      expect(rel(logH(zz), Math.log(normPdf(zz) + zz * normCdf(zz)))).toBeLessThan(1e-9);
    }
    expect(Number.isFinite(logH(-80))).toBe(true);
  });
});

/** Rasmussen & Williams Alg. 2.1 on a two-point data set, by hand. */
describe('GP posterior on a tiny data set (gp/gpr)', () => {
  it('matches hand-computed mean and variance', () => {
    const X = Float64Array.from([0, 1]);
    const y = Float64Array.from([1, -1]);
    const hyper = { lengthScales: Float64Array.from([1]), amplitude: 1, noise: 0 };
    const r = condition({ kind: 'rbf' }, hyper, X, y, 2, 1);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const c = Math.exp(-0.5);
    const out = new Float64Array(2);
    r.posterior.predict([0.5], out);
    expect(out[0]).toBeCloseTo(0, 14);
    expect(out[1] ** 2).toBeCloseTo(1 - (2 * Math.exp(-0.25)) / (1 + c), 12);
    r.posterior.predict([2], out);
    expect(out[0]).toBeCloseTo((Math.exp(-2) - c) / (1 - c), 12);
    r.posterior.predict([0], out);
    expect(out[0]).toBeCloseTo(1, 10);
    expect(out[1]).toBeLessThan(1e-6);
  });

  it('predictBatch equals predict point by point (m not a multiple of 4)', () => {
    const rng = rngFor(8);
    const n = 23;
    const d = 2;
    const X = Float64Array.from({ length: n * d }, () => rng.next());
    const y = Float64Array.from({ length: n }, () => rng.normal());
    const r = condition({ kind: 'matern', nu: 2.5 }, { lengthScales: Float64Array.from([0.3, 0.6]), amplitude: 1.3, noise: 1e-6 }, X, y, n, d);
    if (!r.ok) throw new Error(r.reason);
    const m = 7;
    const xs = Float64Array.from({ length: m * d }, () => rng.next());
    const out = new Float64Array(2 * m);
    r.posterior.predictBatch(xs, m, out);
    const one = new Float64Array(2);
    for (let i = 0; i < m; i++) {
      r.posterior.predict(xs.subarray(i * d, i * d + d), one);
      expect(out[2 * i]).toBeCloseTo(one[0], 13);
      expect(out[2 * i + 1]).toBeCloseTo(one[1], 13);
    }
  });

  it('posterior gradients match finite differences', () => {
    const rng = rngFor(7);
    const n = 12;
    const d = 3;
    const X = Float64Array.from({ length: n * d }, () => rng.next());
    const y = Float64Array.from({ length: n }, () => rng.normal());
    const hyper = { lengthScales: Float64Array.from([0.3, 0.5, 0.8]), amplitude: 1.7, noise: 1e-4 };
    for (const kernel of [{ kind: 'rbf' } as const, { kind: 'matern', nu: 2.5 } as const, { kind: 'matern', nu: 1.9 } as const]) {
      const r = condition(kernel, hyper, X, y, n, d);
      if (!r.ok) throw new Error(r.reason);
      const x = [0.41, 0.27, 0.66];
      const out = new Float64Array(2);
      const gm = new Float64Array(d);
      const gs = new Float64Array(d);
      r.posterior.predictWithGradient(x, out, gm, gs);
      const base = new Float64Array(2);
      r.posterior.predict(x, base);
      expect(out[0]).toBeCloseTo(base[0], 12);
      expect(out[1]).toBeCloseTo(base[1], 12);
      for (let j = 0; j < d; j++) {
        const h = 1e-6;
        const xp = [...x];
        const xm = [...x];
        xp[j] += h;
        xm[j] -= h;
        const p = new Float64Array(2);
        const m = new Float64Array(2);
        r.posterior.predict(xp, p);
        r.posterior.predict(xm, m);
        expect(gm[j]).toBeCloseTo((p[0] - m[0]) / (2 * h), 5);
        expect(gs[j]).toBeCloseTo((p[1] - m[1]) / (2 * h), 5);
      }
    }
  });
});

describe('log marginal likelihood and its gradient (R&W eq. 2.30, 5.9)', () => {
  const rng = rngFor(11);
  const n = 15;
  const d = 3;
  const X = Float64Array.from({ length: n * d }, () => rng.next());
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(6 * X[i * d]) + X[i * d + 1] + 0.05 * rng.normal());

  /** Matérn ν = 5/2 written out (R&W eq. 4.17), independent of kernels.ts: (1 + s + s²/3)·e^(−s), s = √5·r/ℓ. */
  const matern52 = (r: number, ls: number) => {
    const s = (Math.sqrt(5) * r) / ls;
    return (1 + s + (s * s) / 3) * Math.exp(-s);
  };

  /**
   * log|A| and yᵀA⁻¹y by Gaussian elimination with partial pivoting (an LU decomposition),
   * so the expectation does not go through the Cholesky code under test.
   */
  function luLogDetQuad(A: Float64Array, n: number, b: Float64Array): { logDet: number; quad: number } {
    const M = Float64Array.from(A);
    const x = Float64Array.from(b);
    let logDet = 0;
    for (let col = 0; col < n; col++) {
      let piv = col;
      for (let r = col + 1; r < n; r++) if (Math.abs(M[r * n + col]!) > Math.abs(M[piv * n + col]!)) piv = r;
      if (piv !== col) {
        for (let c = 0; c < n; c++) [M[col * n + c], M[piv * n + c]] = [M[piv * n + c]!, M[col * n + c]!];
        [x[col], x[piv]] = [x[piv]!, x[col]!];
      }
      const p = M[col * n + col]!;
      logDet += Math.log(Math.abs(p)); // A is SPD, so det > 0 and the row swaps' signs cancel out
      for (let r = col + 1; r < n; r++) {
        const f = M[r * n + col]! / p;
        for (let c = col; c < n; c++) M[r * n + c] -= f * M[col * n + c]!;
        x[r] -= f * x[col]!;
      }
    }
    for (let r = n - 1; r >= 0; r--) {
      let t = x[r]!;
      for (let c = r + 1; c < n; c++) t -= M[r * n + c]! * x[c]!;
      x[r] = t / M[r * n + r]!;
    }
    let quad = 0;
    for (let i = 0; i < n; i++) quad += b[i]! * x[i]!;
    return { logDet, quad };
  }

  it('three points: equals the value computed by hand (exact rational arithmetic, cofactor determinant and adjugate inverse)', () => {
    // X = (0.1, 0.5, 0.9) in d = 1, y = (0.3, −0.2, 0.8), ℓ = 0.4, noise 1e-10 (the plain model).
    // K = Matérn 5/2 + 1e-10·I; det K = 0.50777751619976…, yᵀK⁻¹y = 1.63973356997438…, computed with
    // Python's fractions.Fraction on the double entries of K (det by cofactors, K⁻¹ = adj K / det K), so
    // log p = −½·1.6397… − ½·log 0.5077… − (3/2)·log 2π = −3.237826440814743.
    const f = createObjective(plainModel({ kind: 'matern', nu: 2.5 }), Float64Array.from([0.1, 0.5, 0.9]), Float64Array.from([0.3, -0.2, 0.8]), 3, 1);
    expect(f([Math.log(0.4)])).toBeCloseTo(-3.237826440814743, 12);
  });

  it('fifteen points: equals −½ yᵀK⁻¹y − ½ log|K| − n/2 log 2π with K written out and solved by LU, not Cholesky (plain model, isotropic)', () => {
    const model = plainModel({ kind: 'matern', nu: 2.5 });
    const f = createObjective(model, X, y, n, d);
    const ls = 0.4;
    const K = new Float64Array(n * n);
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) {
        let r2 = 0;
        for (let j = 0; j < d; j++) r2 += (X[a * d + j]! - X[b * d + j]!) ** 2;
        K[a * n + b] = matern52(Math.sqrt(r2), ls) + (a === b ? 1e-10 : 0);
      }
    const { logDet, quad } = luLogDetQuad(K, n, y);
    const expected = -0.5 * quad - 0.5 * logDet - (n / 2) * Math.log(2 * Math.PI);
    expect(f([Math.log(ls)])).toBeCloseTo(expected, 8);
  });

  const models: [string, GpModel][] = [
    ['plain matern 2.5', plainModel({ kind: 'matern', nu: 2.5 })],
    ['hptune rbf', hptuneModel({ kind: 'rbf' })],
    ['hptune matern 0.5', hptuneModel({ kind: 'matern', nu: 0.5 })],
    ['hptune matern 1.5', hptuneModel({ kind: 'matern', nu: 1.5 })],
    ['hptune matern 2.5', hptuneModel({ kind: 'matern', nu: 2.5 })],
    ['hptune matern 1.9 (Bessel)', hptuneModel({ kind: 'matern', nu: 1.9 })],
  ];
  for (const [name, model] of models) {
    it(`analytic gradient matches central differences: ${name}`, () => {
      const f = createObjective(model, X, y, n, d);
      const size = model.ard ? d + 2 : 1;
      const theta = Float64Array.from({ length: size }, (_, i) => (i < (model.ard ? d : 1) ? Math.log(0.3 + 0.2 * i) : i === d ? 0.3 : Math.log(1e-2)));
      const g = new Float64Array(size);
      const v = f(theta, g);
      expect(Number.isFinite(v)).toBe(true);
      expect(f(theta)).toBeCloseTo(v, 12);
      for (let i = 0; i < size; i++) {
        const h = 1e-5;
        const tp = Float64Array.from(theta);
        const tm = Float64Array.from(theta);
        tp[i] += h;
        tm[i] -= h;
        const fd = (f(tp) - f(tm)) / (2 * h);
        expect(Math.abs(g[i] - fd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
      }
    });
  }

  it('fitting raises the objective above the configured start and stays in the bounds', () => {
    for (const model of [plainModel({ kind: 'matern', nu: 2.5 }), hptuneModel({ kind: 'matern', nu: 2.5 })]) {
      const f = createObjective(model, X, y, n, d);
      const fit = runSync(fitHyperparameters(model, X, y, n, d, { lengthScale: 1, restarts: 2, rng: rngFor(3) }));
      const start = Float64Array.from({ length: fit.theta.length }, (_, i) => (i < (model.ard ? d : 1) ? 0 : i === d ? 0 : Math.log(1e-3)));
      expect(fit.objective).toBeGreaterThan(f(start));
      expect(fit.objective).toBeCloseTo(f(fit.theta), 10);
      const { lo, hi } = thetaBounds(model, d);
      fit.theta.forEach((t, i) => {
        expect(t).toBeGreaterThanOrEqual(lo[i]);
        expect(t).toBeLessThanOrEqual(hi[i]);
      });
    }
  });

  it('random restarts run to convergence after a warm start (only the warm start is capped)', () => {
    const model = hptuneModel({ kind: 'matern', nu: 2.5 });
    const cold = runSync(fitHyperparameters(model, X, y, n, d, { lengthScale: 1, restarts: 0, rng: rngFor(3) }));
    // A poor warm start (length scales at their lower bound): 3 iterations cannot get it near
    // the optimum, so the result rests on the restarts reaching theirs.
    const { lo } = thetaBounds(model, d);
    const poor = Float64Array.from(lo);
    poor[d] = 0;
    poor[d + 1] = Math.log(1e-3);
    const warmOnly = runSync(fitHyperparameters(model, X, y, n, d, { lengthScale: 1, restarts: 0, rng: rngFor(3), warmStart: poor }));
    const restarted = runSync(fitHyperparameters(model, X, y, n, d, { lengthScale: 1, restarts: 4, rng: rngFor(3), warmStart: poor }));
    expect(warmOnly.objective).toBeLessThan(cold.objective - 1);
    expect(restarted.objective).toBeGreaterThan(cold.objective - 1e-2);
  });

  it('a failed Cholesky gives −∞, not an exception', () => {
    const Xdup = new Float64Array(2 * 1).fill(0.5);
    const f = createObjective(plainModel({ kind: 'rbf' }), Xdup, Float64Array.from([1, 2]), 2, 1);
    // Two identical inputs with different y and no noise: K is singular; the ladder's jitter rescues it.
    expect(Number.isFinite(f([0]))).toBe(true);
    const bad = createObjective({ ...plainModel({ kind: 'rbf' }), amplitude: Number.NaN }, Xdup, Float64Array.from([1, 2]), 2, 1);
    expect(bad([0])).toBe(-Infinity);
  });
});

describe('bounded quasi-Newton (gp/lbfgsb)', () => {
  const rosen = (x: Float64Array, g: Float64Array) => {
    const a = 1 - x[0];
    const b = x[1] - x[0] * x[0];
    g[0] = -2 * a - 400 * x[0] * b;
    g[1] = 200 * b;
    return a * a + 100 * b * b;
  };
  it('finds Rosenbrock’s minimum inside a wide box', () => {
    const r = runSync(minimizeBox(rosen, [-1.2, 1], [-5, -5], [5, 5], { maxIter: 500, pgtol: 1e-9, ftol: 0 }));
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(1, 5);
  });
  it('stops on an active bound with the constrained optimum', () => {
    const r = runSync(minimizeBox(rosen, [-1.2, 1], [-5, -5], [0.5, 5], { maxIter: 500, pgtol: 1e-9, ftol: 0 }));
    expect(r.x[0]).toBe(0.5);
    expect(r.x[1]).toBeCloseTo(0.25, 6);
  });
  it('a quadratic with its minimum outside the box ends at the corner', () => {
    const q = (x: Float64Array, g: Float64Array) => {
      g[0] = 2 * (x[0] - 3);
      g[1] = 2 * (x[1] + 2);
      return (x[0] - 3) ** 2 + (x[1] + 2) ** 2;
    };
    const r = runSync(minimizeBox(q, [0, 0], [-1, -1], [1, 1]));
    expect(Array.from(r.x)).toEqual([1, -1]);
    expect(r.converged).toBe(true);
  });
  it('drive yields to the event loop during a long minimization', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const slow = (x: Float64Array, g: Float64Array) => {
      const t = performance.now();
      while (performance.now() - t < 2);
      return rosen(x, g);
    };
    await drive(minimizeBox(slow, [-1.2, 1], [-5, -5], [5, 5], { maxIter: 15 }), 3);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(1);
  });
});

describe('maximizing the acquisition (gp/maximize)', () => {
  it('finds the posterior mean’s maximum (UCB with κ = 0), best candidate first, inside the box', () => {
    const X = Float64Array.from([0.1, 0.5, 0.9]);
    const y = Float64Array.from([0, 1, 0.2]);
    const r = condition({ kind: 'rbf' }, { lengthScales: Float64Array.from([0.2]), amplitude: 1, noise: 1e-8 }, X, y, 3, 1);
    if (!r.ok) throw new Error(r.reason);
    const acq = { kind: 'ucb' as const, kappa: 0, eps: 0, yMax: 1 };
    const cands = runSync(maximizeAcquisition(r.posterior, acq, Float64Array.from([0]), Float64Array.from([1]), { nWarmup: 50, nIter: 4, rng: rngFor(1) }));
    expect(cands).toHaveLength(54);
    for (let i = 1; i < cands.length; i++) expect(cands[i - 1].score).toBeGreaterThanOrEqual(cands[i].score);
    for (const c of cands) expect(c.x[0] >= 0 && c.x[0] <= 1).toBe(true);
    // The mean's maximum, found by a fine scan.
    let best = 0;
    let bestMu = -Infinity;
    const out = new Float64Array(2);
    for (let t = 0; t <= 1; t += 1e-5) {
      r.posterior.predict([t], out);
      if (out[0] > bestMu) [best, bestMu] = [t, out[0]];
    }
    expect(cands[0].x[0]).toBeCloseTo(best, 4);
    expect(cands[0].score).toBeCloseTo(bestMu, 8);
  });
});
