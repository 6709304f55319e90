import { describe, expect, it } from 'vitest';
import type { MatrixEntry } from '../../src/engine/spec/types.ts';
import type { TrialRecord } from '../../src/engine/types.ts';
import { acquisitionValue, ei, poi, score, ucb, type AcquisitionConfig } from '../../src/engine/gp/acquisition.ts';
import { buildBoSpace, decodePoint, encodeParams, type BoSpace } from '../../src/engine/space/encoding.ts';
import { createBo, MIN_DISTANCE, THETA_TAG } from '../../src/engine/samplers/bo.ts';
import { suggestLatency } from '../../src/engine/samplers/bo-latency.ts';
import { createRandomSearch } from '../../src/engine/samplers/random.ts';
import { paramsKey } from '../../src/engine/space/params-key.ts';
import { branin } from '../../src/workers/objectives/functions.ts';
import { boAlgorithm, history, runBoOn, runLoop, trial, uniformMatrix } from './bo-loop.ts';

function space(matrix: MatrixEntry[]): BoSpace {
  const r = buildBoSpace(matrix);
  if (!r.ok) throw new Error(r.message);
  return r.space;
}

const M1: MatrixEntry[] = [
  { name: 'feature1', option: { kind: 'values', values: [1, 2, 3] } },
  { name: 'feature2', option: { kind: 'linspace', start: 1, stop: 2, num: 5 } },
  { name: 'feature3', option: { kind: 'range', start: 1, stop: 5, step: 1 } },
];
const M2: MatrixEntry[] = [
  { name: 'feature1', option: { kind: 'values', values: [1, 2, 3, 4, 5] } },
  { name: 'feature2', option: { kind: 'linspace', start: 1, stop: 5, num: 5 } },
  { name: 'feature3', option: { kind: 'range', start: 1, stop: 6, step: 1 } },
  { name: 'feature4', option: { kind: 'uniform', low: 1, high: 5 } },
  { name: 'feature5', option: { kind: 'values', values: ['a', 'b', 'c'] } },
];

describe('acquisition functions', () => {
  const rows = [
    { mu: 0.5, sigma: 0.2, ucb2576: 1.0152, ucb12: 0.74, ei0: 0.0395593115, ei01: 0.0365612055, poi01: 0.2911596868 },
    { mu: 1.0, sigma: 0.5, ucb2576: 2.288, ucb12: 1.6, ei0: 0.4601036169, ei01: 0.4522512942, poi01: 0.7823045624 },
  ];
  it('reproduces the numeric vectors', () => {
    for (const r of rows) {
      expect(ucb(r.mu, r.sigma, 2.576)).toBeCloseTo(r.ucb2576, 12);
      expect(ucb(r.mu, r.sigma, 1.2)).toBeCloseTo(r.ucb12, 12);
      expect(ei(r.mu, r.sigma, 0.6, 0)).toBeCloseTo(r.ei0, 10);
      expect(ei(r.mu, r.sigma, 0.6, 0.01)).toBeCloseTo(r.ei01, 10);
      expect(poi(r.mu, r.sigma, 0.6, 0.01)).toBeCloseTo(r.poi01, 10);
    }
  });
  it('σ = 0 gives the limits instead of NaN', () => {
    expect(ei(1, 0, 0.6, 0)).toBeCloseTo(0.4, 15);
    expect(ei(0.5, 0, 0.6, 0)).toBe(0);
    expect(poi(1, 0, 0.6, 0)).toBe(1);
    expect(poi(0.5, 0, 0.6, 0)).toBe(0);
  });
  it('the maximized score is the function (UCB) or its log (EI, POI), with slopes matching finite differences', () => {
    for (const kind of ['ucb', 'ei', 'poi'] as const) {
      const a: AcquisitionConfig = { kind, kappa: 2.576, eps: 0.01, yMax: 0.6 };
      for (const [mu, sigma] of [[0.5, 0.2], [1, 0.5], [-3, 0.4]]) {
        const v = acquisitionValue(a, mu, sigma);
        const s = score(a, mu, sigma);
        expect(s).toBeCloseTo(kind === 'ucb' ? v : Math.log(v), 9);
        const slopes = new Float64Array(2);
        score(a, mu, sigma, slopes);
        const h = 1e-6;
        expect(slopes[0]).toBeCloseTo((score(a, mu + h, sigma) - score(a, mu - h, sigma)) / (2 * h), 4);
        expect(slopes[1]).toBeCloseTo((score(a, mu, sigma + h) - score(a, mu, sigma - h)) / (2 * h), 4);
      }
    }
    // Far below the incumbent EI underflows to 0 while log EI stays finite and ordered.
    const a: AcquisitionConfig = { kind: 'ei', kappa: 0, eps: 0, yMax: 0 };
    expect(ei(-50, 1, 0, 0)).toBe(0);
    expect(score(a, -50, 1)).toBeGreaterThan(score(a, -51, 1));
  });
});

describe('search-space encoding (with docs/differences.md, "How BO encodes range-like options")', () => {
  it('M1: dimensions, bounds, feasible sets and decoding', () => {
    const s = space(M1);
    expect(s.dim).toBe(3);
    expect([...s.lo]).toEqual([1, 1, 1]);
    expect([...s.hi]).toEqual([3, 2, 5]);
    expect(s.features.map((f) => f.kind)).toEqual(['discrete', 'discrete', 'discrete']);
    const feasible = s.features.map((f) => (f.kind === 'discrete' ? f.values : []));
    expect(feasible).toEqual([[1, 2, 3], [1, 1.25, 1.5, 1.75, 2], [1, 2, 3, 4]]);
    expect(decodePoint(s, [1, 1, 1])).toEqual({ feature1: 1, feature2: 1, feature3: 1 });
    expect(decodePoint(s, [1, 1.2, 2])).toEqual({ feature1: 1, feature2: 1.25, feature3: 2 });
    expect(decodePoint(s, [1, 1.5, 3])).toEqual({ feature1: 1, feature2: 1.5, feature3: 3 });
    expect(decodePoint(s, [1, 1.125, 1]).feature2).toBe(1); // tie 1.0 / 1.25 → first
  });

  it('M1: observations encode as raw values; y = −metric under minimize', async () => {
    const s = space(M1);
    const configs = [
      { feature1: 1, feature2: 1, feature3: 1 },
      { feature1: 2, feature2: 1.2, feature3: 2 },
      { feature1: 3, feature2: 1.3, feature3: 3 },
    ];
    const X = configs.map((c) => {
      const x = new Float64Array(3);
      expect(encodeParams(s, c, x)).toBe(true);
      return [...x];
    });
    expect(X.map((r) => r[0])).toEqual([1, 2, 3]);
    expect(X.map((r) => r[1])).toEqual([1, 1.2, 1.3]);
    expect(X.map((r) => r[2])).toEqual([1, 2, 3]);
  });

  it('M2: one-hot categorical, uniform as is, decoding and encoding vectors', () => {
    const s = space(M2);
    expect(s.dim).toBe(7);
    expect([...s.lo]).toEqual([1, 1, 1, 1, 0, 0, 0]);
    expect([...s.hi]).toEqual([5, 5, 6, 5, 1, 1, 1]);
    const cat = s.features.find((f) => f.kind === 'categorical');
    expect(cat && cat.kind === 'categorical' && cat.values).toEqual(['a', 'b', 'c']);
    expect(s.features.filter((f) => f.kind === 'discrete')).toHaveLength(3);
    const dec = (x: number[]) => Object.values(decodePoint(s, x));
    expect(dec([1, 1, 1, 1, 1, 0, 0])).toEqual([1, 1, 1, 1, 'a']);
    expect(dec([1, 1.2, 2, 3, 0, 0, 1])).toEqual([1, 1, 2, 3, 'c']);
    expect(dec([1, 1.8, 3, 3, 0, 1, 0])).toEqual([1, 2, 3, 3, 'b']);
    expect(dec([1, 1, 1, 1, 0.5, 0.5, 0.2])[4]).toBe('a'); // argmax tie → first
    const x = new Float64Array(7);
    encodeParams(s, { feature1: 2, feature2: 1.2, feature3: 2, feature4: 4, feature5: 'b' }, x);
    expect([...x]).toEqual([2, 1.2, 2, 4, 0, 1, 0]);
  });

  it('features are the matrix keys sorted ascending, whatever the declaration order', () => {
    const s = space([...M2].reverse());
    expect(s.features.map((f) => f.name)).toEqual(['feature1', 'feature2', 'feature3', 'feature4', 'feature5']);
  });

  it('logspace/geomspace and values spanning > 2 decades are encoded as log10; Polyaxon’s bounds quirk is gone', () => {
    const s = space([
      { name: 'a', option: { kind: 'logspace', start: 0, stop: 3, num: 4, base: 10 } },
      { name: 'b', option: { kind: 'geomspace', start: 0.001, stop: 0.1, num: 3 } },
      { name: 'c', option: { kind: 'values', values: [0.0001, 0.001, 0.01, 0.1] } },
      { name: 'd', option: { kind: 'values', values: [1, 2, 50] } },
      { name: 'e', option: { kind: 'geomspace', start: -1000, stop: -1, num: 4 } },
    ]);
    const kinds = s.features.map((f) => (f.kind === 'discrete' ? f.transform : f.kind));
    expect(kinds).toEqual(['log', 'log', 'log', 'linear', 'neglog']);
    expect([...s.lo].map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0, -3, -4, 1, -3]);
    expect([...s.hi].map((v) => Math.round(v * 1e12) / 1e12)).toEqual([3, -1, -1, 50, 0]);
    // Polyaxon snapped every logspace 0:3:4 suggestion to 1; here the whole list is reachable.
    expect(decodePoint(s, [1.9, -2.2, -3.6, 30, -0.2])).toEqual({ a: 100, b: 0.01, c: 0.0001, d: 50, e: -1 });
    expect(decodePoint(s, [2.6, -1, -1, 1, -3]).a).toBe(1000);
    const x = new Float64Array(5);
    encodeParams(s, { a: 10, b: 0.1, c: 0.01, d: 2, e: -10 }, x);
    expect([...x].map((v) => Math.round(v * 1e12) / 1e12)).toEqual([1, -1, -2, 2, -1]);
  });

  it('refuses distributions other than uniform (docs/hptuning.md, "Which matrix options each algorithm takes"), and booleans count as numbers (docs/hptuning.md, "How BO encodes the search space")', () => {
    const r = buildBoSpace([{ name: 'lr', option: { kind: 'loguniform', low: -5, high: 0 } }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/`lr` defines a non uniform distribution \(loguniform\)/);
    const s = space([{ name: 'flag', option: { kind: 'values', values: [true, false] } }]);
    expect(s.features[0].kind).toBe('discrete');
    expect(decodePoint(s, [0.9])).toEqual({ flag: true });
    expect(decodePoint(s, [0.1])).toEqual({ flag: false });
  });
});

describe('control flow', () => {
  const lrFixture: MatrixEntry[] = [{ name: 'lr', option: { kind: 'values', values: [0.01, 0.1, 0.5] } }];

  it('fixture lr values [0.01, 0.1, 0.5], n_initial 2, n_iterations 5: the 3-point space ends after 3 trials, saying why (docs/differences.md, "BO never suggests a configuration twice")', async () => {
    const alg = boAlgorithm({ nInitialTrials: 2, nIterations: 5 });
    const { trials, last } = await runLoop(createBo(lrFixture, alg, 1), (p) => (p.lr as number) ** 2, 100);
    expect(trials).toHaveLength(3);
    expect(new Set(trials.map((t) => t.params.lr)).size).toBe(3);
    expect(last.kind).toBe('exhausted');
    if (last.kind === 'exhausted') expect(last.reason).toMatch(/3 distinct configurations and all 3 were tried; 4 of the 5 BO iterations were not run/);
  });

  it('the same counts on a larger space give 2 + 5 = 7 trials', async () => {
    const matrix: MatrixEntry[] = [{ name: 'lr', option: { kind: 'uniform', low: 0.001, high: 0.5 } }];
    const alg = boAlgorithm({ nInitialTrials: 2, nIterations: 5 });
    const { trials, last } = await runLoop(createBo(matrix, alg, 1), (p) => ((p.lr as number) - 0.2) ** 2, 100);
    expect(trials).toHaveLength(7);
    expect(last).toEqual({ kind: 'exhausted' });
  });

  it('the initial trials are random search’s, with its cap (M1 with 5, M2 with 4), each noted as a random start', async () => {
    for (const [matrix, n] of [[M1, 5], [M2, 4]] as const) {
      const bo = createBo(matrix, boAlgorithm({ nInitialTrials: n, nIterations: 3 }), 42);
      const random = createRandomSearch(matrix, 42, n);
      const trials: TrialRecord[] = [];
      for (let i = 0; i < n; i++) {
        const a = await bo.ask(history(trials));
        const b = await random.ask(history(trials));
        expect(a).toEqual({ ...b, note: `random start ${i + 1} of ${n}` });
        if (a.kind !== 'trial') throw new Error('expected a trial');
        trials.push(trial(i, a.params, 'running'));
      }
      // All initial trials still running and none reported: BO waits.
      expect(await bo.ask(history(trials))).toEqual({ kind: 'wait' });
    }
  });

  it('all initial trials failing fails the group with a message naming the metric', async () => {
    const bo = createBo(M1, boAlgorithm({ nInitialTrials: 2, nIterations: 3 }), 3);
    const trials = [trial(0, { feature1: 1, feature2: 1, feature3: 1 }, 'failed'), trial(1, { feature1: 2, feature2: 1, feature3: 1 }, 'succeeded')];
    const s = await bo.ask(history(trials));
    expect(s.kind).toBe('failed');
    if (s.kind === 'failed') expect(s.message).toMatch(/metric `loss`.*1 failed, 1 succeeded/);
  });

  it('a NaN or missing metric is left out of the GP, and the suggestion says so', async () => {
    const matrix = uniformMatrix([[0, 1]]);
    const bo = createBo(matrix, boAlgorithm({ nInitialTrials: 3, nIterations: 3 }), 3);
    const trials = [trial(0, { x1: 0.1 }, 'succeeded', 1), trial(1, { x1: 0.5 }, 'succeeded', Number.NaN), trial(2, { x1: 0.9 }, 'succeeded')];
    const s = await bo.ask(history(trials));
    expect(s.kind).toBe('trial');
    if (s.kind === 'trial') expect(s.note).toMatch(/2 succeeded trial\(s\) left out of the GP because metric `loss` is missing or not finite: 1, 2/);
  });

  it('with several free slots every suggestion is conditioned on the running ones (docs/differences.md, "BO with concurrency above 1"; constant liar)', async () => {
    const matrix = uniformMatrix([[-5, 10], [0, 15]]);
    const bo = createBo(matrix, boAlgorithm({ nInitialTrials: 8, nIterations: 10 }), 5);
    const trials: TrialRecord[] = [];
    const init = createRandomSearch(matrix, 5, 8);
    for (let i = 0; i < 8; i++) {
      const s = await init.ask(history(trials));
      if (s.kind !== 'trial') throw new Error('expected a trial');
      trials.push(trial(i, s.params, 'succeeded', branin([s.params.x1 as number, s.params.x2 as number])));
    }
    // Four slots free at once: each ask sees the earlier suggestions as running trials.
    const batch: [number, number][] = [];
    for (let slot = 0; slot < 4; slot++) {
      const s = await bo.ask(history(trials));
      expect(s.kind).toBe('trial');
      if (s.kind !== 'trial') return;
      expect(s.note).toMatch(slot === 0 ? /fit to 8 observation/ : new RegExp(`and ${slot} running \\(constant liar\\)`));
      batch.push([s.params.x1 as number, s.params.x2 as number]);
      trials.push(trial(trials.length, s.params, 'running'));
    }
    // The batch is spread out: no two suggestions within 2% of the box of each other.
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < i; j++) {
        const dist = Math.hypot((batch[i][0] - batch[j][0]) / 15, (batch[i][1] - batch[j][1]) / 15);
        expect(dist).toBeGreaterThan(0.02);
      }
  });
});

describe('no configuration is suggested twice', () => {
  it('a 12-point discrete space yields 12 distinct trials, then ends saying why', async () => {
    const matrix: MatrixEntry[] = [
      { name: 'units', option: { kind: 'values', values: [32, 64, 128] } },
      { name: 'opt', option: { kind: 'values', values: ['adam', 'sgd'] } },
      { name: 'lr', option: { kind: 'logspace', start: -3, stop: -2, num: 2, base: 10 } },
    ];
    const bo = createBo(matrix, boAlgorithm({ nInitialTrials: 3, nIterations: 20, uf: { acquisitionFunction: 'ucb' } }), 9);
    const { trials, last } = await runLoop(bo, (p) => (p.units === 64 ? 0 : 1) + (p.opt === 'adam' ? 0 : 0.5) + (p.lr as number), 100);
    expect(trials).toHaveLength(12);
    expect(new Set(trials.map((t) => paramsKey(t.params))).size).toBe(12);
    expect(last.kind).toBe('exhausted');
    if (last.kind === 'exhausted') expect(last.reason).toMatch(/12 distinct configurations/);
  });

  it('continuous suggestions keep a minimum distance from every earlier trial, even with a flat objective', async () => {
    const matrix = uniformMatrix([[0, 1], [0, 1]]);
    const { trials } = await runLoop(createBo(matrix, boAlgorithm({ nInitialTrials: 3, nIterations: 12 }), 2), () => 1, 100);
    expect(trials).toHaveLength(15);
    for (let i = 0; i < trials.length; i++)
      for (let j = 0; j < i; j++) {
        const a = trials[i].params;
        const b = trials[j].params;
        expect(Math.hypot((a.x1 as number) - (b.x1 as number), (a.x2 as number) - (b.x2 as number))).toBeGreaterThanOrEqual(MIN_DISTANCE);
      }
  });
});

describe('determinism by seed', () => {
  it('same seed and history ⇒ same suggestions; another seed ⇒ others', async () => {
    const run = (seed: number) => runBoOn(branin, [[-5, 10], [0, 15]], 14, seed, { alg: boAlgorithm({ nInitialTrials: 6, nIterations: 8 }) });
    const a = await run(4);
    const b = await run(4);
    const c = await run(5);
    expect(a.trials.map((t) => t.params)).toEqual(b.trials.map((t) => t.params));
    expect(a.trials.map((t) => t.params)).not.toEqual(c.trials.map((t) => t.params));
    // A fresh algorithm object given the same history answers the same (nothing hidden in memory).
    const alg = boAlgorithm({ nInitialTrials: 6, nIterations: 8 });
    const h = history(a.trials.slice(0, 10));
    const s1 = await createBo(uniformMatrix([[-5, 10], [0, 15]]), alg, 4).ask(h);
    expect(s1).toEqual(await createBo(uniformMatrix([[-5, 10], [0, 15]]), alg, 4).ask(h));
    expect(s1.kind === 'trial' && s1.params).toEqual(a.trials[10].params);
    // The fitted hyperparameters are recorded on the trial (they warm-start the next fit).
    expect(s1.kind === 'trial' && Object.keys(s1.tags ?? {})).toContain(`${THETA_TAG}0`);
  });
});

describe('optimization sanity on branin', () => {
  it('after 30 evaluations the median regret of BO is far below random search’s (both models)', async () => {
    const fStar = 0.39788735772973816;
    const bounds = [[-5, 10], [0, 15]] as const;
    const alg = boAlgorithm({ nInitialTrials: 8, nIterations: 22, uf: { nWarmup: 300 } });
    const regrets = { hptune: [] as number[], plain: [] as number[], random: [] as number[] };
    for (const seed of [0, 1, 2]) {
      for (const model of ['hptune', 'plain'] as const) {
        const { trials } = await runBoOn(branin, bounds, 30, seed, { model, alg });
        expect(trials).toHaveLength(30);
        regrets[model].push(Math.min(...trials.map((t) => t.metrics.loss.last)) - fStar);
      }
      const r = await runLoop(createRandomSearch(uniformMatrix(bounds), seed, 30), (p) => branin([p.x1 as number, p.x2 as number]), 30);
      regrets.random.push(Math.min(...r.trials.map((t) => t.metrics.loss.last)) - fStar);
    }
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[1];
    expect(median(regrets.hptune)).toBeLessThan(median(regrets.random) / 10);
    expect(median(regrets.plain)).toBeLessThan(median(regrets.random) / 10);
  }, 30_000);
});

describe('a suggestion yields to the event loop', () => {
  it('a timer set before ask() fires before the suggestion is ready', async () => {
    const matrix = uniformMatrix([[0, 1], [0, 1], [0, 1]]);
    const trials = Array.from({ length: 60 }, (_, i) => trial(i, { x1: (i * 0.37) % 1, x2: (i * 0.61) % 1, x3: (i * 0.13) % 1 }, 'succeeded', Math.sin(i)));
    const bo = createBo(matrix, boAlgorithm({ nInitialTrials: 5, nIterations: 100 }), 1, { yieldEveryMs: 1 });
    let fired = false;
    setTimeout(() => (fired = true), 0);
    const s = await bo.ask(history(trials));
    expect(s.kind).toBe('trial');
    expect(fired).toBe(true);
  });
});

describe('latency probe for `hptune bench --latency`', () => {
  it('times exactly the one suggestion (fit included), not the untimed warm-up step, in both modes and models', async () => {
    for (const mode of ['steady', 'cold'] as const)
      for (const model of ['hptune', 'plain'] as const) {
        // A scripted clock: the result is the difference of its two reads around the timed ask().
        const reads = [100, 107.5];
        let calls = 0;
        const ms = await suggestLatency(25, 2, 0, { mode, model, clock: () => reads[calls++]! });
        expect(calls, `${mode}/${model}: clock reads`).toBe(2);
        expect(ms).toBe(7.5);
      }
  });
});
