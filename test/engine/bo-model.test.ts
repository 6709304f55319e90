import { describe, expect, it } from 'vitest';
import { rngFor } from '../../src/engine/rng.ts';
import { cholesky, choleskyExtend } from '../../src/engine/gp/linalg.ts';
import { radialProfile } from '../../src/engine/gp/kernels.ts';
import { condition, fillKernelRows } from '../../src/engine/gp/posterior.ts';
import { FactorCache } from '../../src/engine/gp/factor-cache.ts';
import { hptuneModel, hyperFromTheta } from '../../src/engine/gp/model.ts';
import { fitYeoJohnsonLambda, yeoJohnson, yeoJohnsonInverse, yeoJohnsonTransform } from '../../src/engine/gp/output-warp.ts';
import { maximizeAcquisition } from '../../src/engine/gp/maximize.ts';
import { runSync } from '../../src/engine/gp/cooperative.ts';
import { FIT_N_TAG, OBSERVED_TAG, recordedFit, refitDue } from '../../src/engine/samplers/bo-refit.ts';
import { createBo } from '../../src/engine/samplers/bo.ts';
import type { BoGpView } from '../../src/engine/samplers/bo-view.ts';
import type { BoView } from '../../src/engine/group/snapshot.ts';
import { branin, hartmann3 } from '../../src/workers/objectives/functions.ts';
import { boAlgorithm, history, runLoop, uniformMatrix } from './bo-loop.ts';

const kernel = { kind: 'matern', nu: 2.5 } as const;
const hyper = { lengthScales: Float64Array.from([0.3, 0.5, 0.8]), amplitude: 1.7, noise: 1e-6 };

function points(n: number, d: number, seed: number): Float64Array {
  const rng = rngFor(seed);
  return Float64Array.from({ length: n * d }, () => rng.next());
}

describe('extending the Cholesky factor by rows', () => {
  it('equals a fresh factorization (to 1e-10, in fact bit for bit)', () => {
    const n = 40;
    const d = 3;
    const X = points(n, d, 1);
    const K = new Float64Array(n * n);
    fillKernelRows(radialProfile(kernel), hyper, X, n, d, 0, K);
    const fresh = cholesky(K, n);
    if (!fresh.ok) throw new Error(fresh.reason);
    expect(fresh.jitter).toBe(0);
    const L = new Float64Array(n * n);
    const lead = cholesky(K.slice(), n); // rows 0 … 24 as a factorization of the leading block would give them
    if (!lead.ok) throw new Error(lead.reason);
    L.set(lead.L.subarray(0, 25 * n));
    expect(choleskyExtend(K, n, L, 25)).toBe(true);
    let worst = 0;
    for (let i = 0; i < n * n; i++) worst = Math.max(worst, Math.abs(L[i] - fresh.L[i]));
    expect(worst).toBeLessThan(1e-10);
    expect(Array.from(L)).toEqual(Array.from(fresh.L));
  });

  it('the factor cache keeps the shared rows and predicts exactly as a fresh conditioning', () => {
    const d = 3;
    const X = points(50, d, 2);
    const y = Float64Array.from({ length: 50 }, (_, i) => Math.sin(5 * X[i * d]) + X[i * d + 2]);
    const cache = new FactorCache();
    cache.condition(kernel, hyper, X.subarray(0, 30 * d), y.subarray(0, 30), 30, d);
    const grown = cache.condition(kernel, hyper, X, y, 50, d);
    expect(cache.reused).toBe(30);
    const fresh = condition(kernel, hyper, X, y, 50, d);
    if (!grown.ok || !fresh.ok) throw new Error('conditioning failed');
    const probe = points(20, d, 3);
    const a = new Float64Array(2);
    const b = new Float64Array(2);
    for (let i = 0; i < 20; i++) {
      grown.posterior.predict(probe.subarray(i * d, i * d + d), a);
      fresh.posterior.predict(probe.subarray(i * d, i * d + d), b);
      expect(Array.from(a)).toEqual(Array.from(b));
    }
    // A changed point keeps only the rows before it; other hyperparameters keep none.
    const moved = X.slice();
    moved[10 * d] += 0.01;
    cache.condition(kernel, hyper, moved, y, 50, d);
    expect(cache.reused).toBe(10);
    cache.condition(kernel, { ...hyper, noise: 1e-5 }, moved, y, 50, d);
    expect(cache.reused).toBe(0);
  });
});

describe('the warm-up skips only candidates that cannot reach the local-search starts', () => {
  it('the best candidates and their scores equal those of scoring every candidate', () => {
    const d = 3;
    const X = points(60, d, 4);
    const y = Float64Array.from({ length: 60 }, (_, i) => -((X[i * d] - 0.3) ** 2) - (X[i * d + 1] - 0.6) ** 2);
    const cond = condition(kernel, hyper, X, y, 60, d);
    if (!cond.ok) throw new Error(cond.reason);
    const lo = new Float64Array(d);
    const hi = new Float64Array(d).fill(1);
    for (const acq of [
      { kind: 'ei', kappa: 0, eps: 0, yMax: Math.max(...y) },
      { kind: 'ucb', kappa: 2.576, eps: 0, yMax: 0 },
      { kind: 'poi', kappa: 0, eps: 0.01, yMax: Math.max(...y) },
    ] as const) {
      const run = (prune: boolean) => runSync(maximizeAcquisition(cond.posterior, acq, lo, hi, { nWarmup: 500, nIter: 6, rng: rngFor(5), prune }));
      const all = run(false);
      const pruned = run(true);
      expect(pruned.filter((c) => c.exact === false).length, acq.kind).toBeGreaterThan(0);
      expect(pruned.slice(0, 9).map((c) => [Array.from(c.x), c.score]), acq.kind).toEqual(all.slice(0, 9).map((c) => [Array.from(c.x), c.score]));
    }
  });
});

describe('Yeo–Johnson output warp', () => {
  it('inverts, keeps the order of the values, and picks λ < 1 for a heavy upper tail of costs', () => {
    for (const lambda of [-1.5, 0, 0.5, 1, 2, 2.5])
      for (const z of [-3, -0.5, 0, 0.7, 4]) expect(yeoJohnsonInverse(yeoJohnsonTransform(z, lambda), lambda)).toBeCloseTo(z, 10);
    const costs = Float64Array.from([0.1, 0.2, 0.15, 0.3, 5, 40, 0.25, 300]);
    const z = costs.map((c) => (c - 43.25) / 98);
    expect(fitYeoJohnsonLambda(z)).toBeLessThan(1);
    const warp = yeoJohnson(costs.map((c) => -c)); // y: larger is better
    for (let i = 0; i < costs.length; i++) {
      expect(warp.inverse(warp.y[i])).toBeCloseTo(-costs[i], 8);
      for (let j = 0; j < costs.length; j++) if (costs[i] < costs[j]) expect(warp.y[i]).toBeGreaterThan(warp.y[j]);
    }
  });
});

describe('refit schedule', () => {
  it('refits at every step below 50 observations, then when the data grew by 1/25', () => {
    const fit = (fittedOn: number) => ({ theta: new Float64Array(3), fittedOn });
    expect(refitDue(10, undefined)).toBe(true);
    expect(refitDue(49, fit(48))).toBe(true);
    expect(refitDue(51, fit(50))).toBe(false);
    expect(refitDue(52, fit(50))).toBe(true);
    expect(refitDue(207, fit(200))).toBe(false);
    expect(refitDue(208, fit(200))).toBe(true);
    expect(refitDue(40, fit(50))).toBe(true); // fewer observations than the fit (e.g. a trial's metric went missing)
    expect(refitDue(60, { theta: new Float64Array(3) })).toBe(true); // recorded before the schedule existed
  });

  it('a BO run records which steps refitted, and a fresh instance (a reload) suggests exactly what the running one does', async () => {
    const matrix = uniformMatrix([[0, 1], [0, 1], [0, 1]]);
    const alg = boAlgorithm({ nInitialTrials: 5, nIterations: 70, uf: { nWarmup: 200 } });
    const bo = createBo(matrix, alg, 7, { yieldEveryMs: 1e9 });
    const { trials } = await runLoop(bo, (p) => hartmann3([p.x1 as number, p.x2 as number, p.x3 as number]), 70);
    const model = trials.slice(5);
    for (const t of model) {
      const observed = t.tags![OBSERVED_TAG];
      const fittedOn = t.tags![FIT_N_TAG];
      expect(observed).toBe(t.number);
      if (observed < 50) expect(fittedOn).toBe(observed);
      else expect(observed - fittedOn).toBeLessThan(Math.max(1, Math.floor(fittedOn / 25)));
    }
    expect(model.some((t) => t.tags![FIT_N_TAG] !== t.tags![OBSERVED_TAG])).toBe(true);
    const next = await bo.ask(history(trials));
    const reloaded = await createBo(matrix, alg, 7, { yieldEveryMs: 1e9 }).ask(history(trials));
    expect(reloaded).toEqual(next);
  }, 60_000);
});

describe('inspect: the GP for people', () => {
  const matrix = uniformMatrix([[-5, 10], [0, 15]]);
  const alg = boAlgorithm({ nInitialTrials: 6, nIterations: 14, uf: { nWarmup: 300 } });

  it('during the random start: the phase and the count, no GP', async () => {
    const bo = createBo(matrix, alg, 3);
    const { trials } = await runLoop(bo, (p) => branin([p.x1 as number, p.x2 as number]), 4);
    const fourth = await createBo(matrix, alg, 3).ask(history(trials.slice(0, 3)));
    expect(fourth.kind === 'trial' && fourth.note).toBe('random start 4 of 6');
    expect(bo.inspect!(history(trials))).toEqual({ kind: 'bo', phase: 'random', randomStart: { done: 4, total: 6 } });
  });

  it('mean and sd agree with the posterior of the recorded hyperparameters; next is the newest trial; a reload rebuilds the same view', async () => {
    const bo = createBo(matrix, alg, 3, { yieldEveryMs: 1e9 });
    const { trials } = await runLoop(bo, (p) => branin([p.x1 as number, p.x2 as number]), 20);
    const view = bo.inspect!(history(trials)) as BoView;
    expect(view.phase).toBe('model');
    const gp = view.gp as BoGpView;
    const last = trials[19];
    expect(gp.next?.params).toEqual(last.params);
    expect(gp.observations.map((o) => o.trial)).toEqual(trials.slice(0, 19).map((t) => t.number));
    expect(gp.incumbent?.y).toBe(Math.min(...trials.slice(0, 19).map((t) => t.metrics.loss.last)));
    expect(gp.steps.map((s) => s.trial)).toEqual(trials.slice(6).map((t) => t.number));

    // Independently: θ from the trial's tags, the warp of the observed values, a fresh conditioning.
    const y = Float64Array.from(trials.slice(0, 19), (t) => -t.metrics.loss.last);
    const warp = yeoJohnson(y);
    const X = Float64Array.from(trials.slice(0, 19).flatMap((t) => [((t.params.x1 as number) + 5) / 15, (t.params.x2 as number) / 15]));
    const h = hyperFromTheta(hptuneModel(kernel), 2, recordedFit(last.tags)!.theta);
    const post = condition(kernel, h, X, warp.y, 19, 2);
    if (!post.ok) throw new Error(post.reason);
    const probes = [[0, 0], [3.1, 2.3], [-4, 14], [9.5, 1]];
    const out = new Float64Array(2);
    const means = gp.mean(probes);
    const sds = gp.sd(probes);
    probes.forEach(([a, b], i) => {
      post.posterior.predict([(a + 5) / 15, b / 15], out);
      expect(means[i]).toBeCloseTo(-warp.inverse(out[0]), 8);
      expect(sds[i]).toBeCloseTo(Math.abs(warp.inverse(out[0] + out[1]) - warp.inverse(out[0] - out[1])) / 2, 8);
    });
    expect(gp.acquisition(probes, { kind: 'ucb', kappa: 0 })).toEqual(probes.map(([a, b]) => (post.posterior.predict([(a + 5) / 15, b / 15], out), out[0])));

    const rebuilt = (createBo(matrix, alg, 3).inspect!(history(trials)) as BoView).gp!;
    expect(rebuilt.mean(probes)).toEqual(means);
    expect(gp.before(19)!.sd(probes)).toEqual(sds);
  }, 30_000);

  it('a snapshot a step behind the live algorithm shows the GP of its own newest trial, as a reload would', async () => {
    const bo = createBo(matrix, alg, 3, { yieldEveryMs: 1e9 });
    const { trials } = await runLoop(bo, (p) => branin([p.x1 as number, p.x2 as number]), 20);
    const probes = [[0, 0], [3.1, 2.3], [9.5, 1]];
    for (const behind of [1, 2]) {
      const older = trials.slice(0, 20 - behind);
      const gp = (bo.inspect!(history(older)) as BoView).gp!;
      const rebuilt = (createBo(matrix, alg, 3).inspect!(history(older)) as BoView).gp!;
      expect(gp.next?.params).toEqual(older[older.length - 1]!.params);
      expect(gp.observations.length).toBe(older.length - 1);
      gp.mean(probes).forEach((m, i) => expect(m).toBeCloseTo(rebuilt.mean(probes)[i]!, 8));
    }
  }, 30_000);
});
