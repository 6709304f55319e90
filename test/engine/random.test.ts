import { describe, expect, it } from 'vitest';
import { drive, entries, history, trial, values } from './sampler-helpers.ts';
import type { ParamValue, Params } from '../../src/engine/types.ts';
import type { MatrixOption } from '../../src/engine/spec/types.ts';
import type { Suggestion } from '../../src/engine/algorithm.ts';
import { rngFor } from '../../src/engine/rng.ts';
import { paramsKey } from '../../src/engine/space/params-key.ts';
import { createRandomSearch, effectiveRandomCount } from '../../src/engine/samplers/random.ts';
import { drawDistinct, pickUnseen } from '../../src/engine/space/draw.ts';
import { generateValues } from '../../src/engine/space/generate.ts';

const pvalues = (...v: [ParamValue, number][]): MatrixOption => ({ kind: 'pvalues', values: v });
const range = (start: number, stop: number, step: number): MatrixOption => ({ kind: 'range', start, stop, step });
const linspace = (start: number, stop: number, num: number): MatrixOption => ({ kind: 'linspace', start, stop, num });

const distinctCount = (ps: readonly Params[]): number => new Set(ps.map(paramsKey)).size;

describe('random search: count table', () => {
  const qlognormal: MatrixOption = { kind: 'qlognormal', loc: 0, scale: 0.5, q: 0.51 };
  it.each([
    ['values [1,2] × range [1,3,1]', entries({ feature1: values(1, 2), feature3: range(1, 3, 1) }), 10, 4],
    ['pvalues [(1,0.1),(2,0.6)] × range [1,3,1]', entries({ feature1: pvalues([1, 0.1], [2, 0.6]), feature3: range(1, 3, 1) }), 10, 4],
    ['values [1,2,3] × linspace [1,2,5] × range [1,5,1]', entries({ f1: values(1, 2, 3), f2: linspace(1, 2, 5), f3: range(1, 5, 1) }), 10, 10],
    [
      'pvalues [(1,.3),(2,.3),(3,.3)] × uniform [0,1] × qlognormal [0,0.5,0.51]',
      entries({ f1: pvalues([1, 0.3], [2, 0.3], [3, 0.3]), f2: { kind: 'uniform', low: 0, high: 1 }, f3: qlognormal }),
      10,
      10,
    ],
    ['dropout [0.25,0.3] × activation [relu,sigmoid]', entries({ dropout: values(0.25, 0.3), activation: values('relu', 'sigmoid') }), 10, 4],
    ['fixture lr [0.01,0.1,0.5], n 2', entries({ lr: values(0.01, 0.1, 0.5) }), 2, 2],
  ])('%s, n_experiments %d → %d suggestions', (_name, matrix, n, count) => {
    const { params, end } = drive(createRandomSearch(matrix, 1234, n));
    expect(params).toHaveLength(count);
    expect(effectiveRandomCount(matrix, n)).toBe(count);
    expect(distinctCount(params)).toBe(count);
    expect(end.kind).toBe('exhausted');
  });

  it('a capped count says why (docs/differences.md, "Random search is capped at the reachable configurations"; #589)', () => {
    const { end } = drive(createRandomSearch(entries({ x: values(1, 2), y: range(1, 3, 1) }), 5, 10));
    expect(end).toEqual({
      kind: 'exhausted',
      reason: 'the matrix has 4 distinct reachable combinations, fewer than n_experiments 10; all 4 were created',
    });
    expect(drive(createRandomSearch(entries({ x: values(1, 2, 3) }), 5, 2)).end).toEqual({ kind: 'exhausted' });
  });
});

describe('random search properties', () => {
  const mixed = entries({
    lr: { kind: 'loguniform', low: -9.21034037205, high: -2.30258509299 },
    units: range(16, 129, 16),
    act: pvalues(['relu', 0.5], ['elu', 0.3], ['tanh', 0.1]),
    opt: values('adam', 'sgd', [1, 2]),
    mom: { kind: 'quniform', low: 0, high: 1, q: 0.1 },
    noise: { kind: 'normal', loc: 66, scale: 30 },
  });

  function inSupport(name: string, v: ParamValue): boolean {
    switch (name) {
      case 'lr':
        return typeof v === 'number' && Math.exp(-9.21034037205) <= v && v < Math.exp(-2.30258509299);
      case 'units':
        return generateValues(range(16, 129, 16)).includes(v);
      case 'act':
        return ['relu', 'elu', 'tanh'].includes(v as string);
      case 'opt':
        return v === 'adam' || v === 'sgd' || paramsKey({ v }) === paramsKey({ v: [1, 2] });
      case 'mom':
        return typeof v === 'number' && Number.isInteger(Math.round(v * 10)) && Math.abs(v - Math.round(v * 10) * 0.1) < 1e-12 && v < 1 && v >= 0;
      case 'noise':
        return typeof v === 'number' && Number.isFinite(v);
      default:
        return false;
    }
  }

  it('every key present (in matrix order), values in support, pairwise distinct, exactly n trials (continuous: no cap)', () => {
    for (const seed of [0, 1, 2, 3]) {
      const { params, end } = drive(createRandomSearch(mixed, seed, 50));
      expect(params).toHaveLength(50);
      expect(end).toEqual({ kind: 'exhausted' });
      expect(distinctCount(params)).toBe(50);
      for (const p of params) {
        expect(Object.keys(p)).toEqual(['lr', 'units', 'act', 'opt', 'mom', 'noise']);
        for (const [k, v] of Object.entries(p)) expect(inSupport(k, v), `${k}=${JSON.stringify(v)}`).toBe(true);
      }
    }
  });

  it('the cap on all-discrete spaces: every combination exactly once when n ≥ size', () => {
    const m = entries({ a: values(1, 2, 3), b: values('x', 'y'), c: linspace(0, 1, 3) });
    const { params } = drive(createRandomSearch(m, 9, 100));
    expect(params).toHaveLength(18);
    expect(distinctCount(params)).toBe(18);
  });

  it('same seed ⇒ same list; different seeds ⇒ different lists', () => {
    const a = drive(createRandomSearch(mixed, 42, 20)).params;
    const b = drive(createRandomSearch(mixed, 42, 20)).params;
    const c = drive(createRandomSearch(mixed, 43, 20)).params;
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    // seed 0 is an ordinary seed (docs/differences.md, "Seed 0 is a seed, and every group has one"): reproducible too.
    expect(drive(createRandomSearch(mixed, 0, 5)).params).toEqual(drive(createRandomSearch(mixed, 0, 5)).params);
  });

  it('trial k depends only on k and the earlier trials, not on what was asked before or by whom', () => {
    const ref = drive(createRandomSearch(mixed, 7, 30)).params;
    const fresh = createRandomSearch(mixed, 7, 30);
    for (const k of [29, 3, 17, 0, 17]) {
      expect(fresh.ask(history(ref.slice(0, k)))).toEqual({ kind: 'trial', params: ref[k] });
    }
  });

  it('compares only matrix keys: params merged in by the group (docs/hptuning.md, "From a suggestion to a trial\'s params") do not make a repeat look new', () => {
    const m = entries({ x: values(1, 2) });
    const alg = createRandomSearch(m, 3, 2);
    // Trial 0 as the engine stores it: the suggestion with the group's `params` merged over it.
    const s = alg.ask(history([{ x: 1, epochs: 5 }]));
    expect(s).toEqual({ kind: 'trial', params: { x: 2 } });
  });

  it('the attempt bound ends a search whose draws only repeat: values [1, 1], n 5 → 1 trial, then exhausted with a reason', () => {
    const { params, end } = drive(createRandomSearch(entries({ x: values(1, 1) }), 11, 5));
    expect(params).toEqual([{ x: 1 }]);
    expect(end.kind === 'exhausted' && end.reason).toMatch(/1 distinct reachable combinations, fewer than n_experiments 5/);
  });

  it('a coarse continuous option (quniform [0, 1, 0.5], support {0, 0.5}) ends after its 2 values with the attempt bound', () => {
    const { params, end } = drive(createRandomSearch(entries({ x: { kind: 'quniform', low: 0, high: 1, q: 0.5 } }), 11, 5));
    expect(params.map((p) => p.x).sort()).toEqual([0, 0.5]);
    expect(end).toEqual({ kind: 'exhausted', reason: 'found 2 distinct configurations; 1000 draws for trial 2 all repeated earlier ones' });
  });

  it('a finite space is always completed, even when rejection sampling would need millions of draws', () => {
    const m = entries({ a: pvalues(['common', 0.999999], ['rare', 0.000001]), b: values(1, 2) });
    const { params } = drive(createRandomSearch(m, 5, 10));
    expect(params).toHaveLength(4);
    expect(distinctCount(params)).toBe(4);
    const big = entries({ a: range(0, 30, 1), b: range(0, 30, 1) });
    const all = drive(createRandomSearch(big, 5, 900)).params;
    expect(all).toHaveLength(900);
    expect(distinctCount(all)).toBe(900);
  });

  it('unreachable pvalues items are never suggested and not counted (docs/differences.md, "Random search is capped at the reachable configurations")', () => {
    const m = entries({ a: pvalues(['x', 0.5], ['never', 0], ['y', 0.5], ['last', 0.2]) });
    expect(effectiveRandomCount(m, 10)).toBe(2);
    const { params } = drive(createRandomSearch(m, 1, 10));
    expect(params.map((p) => p.a).sort()).toEqual(['x', 'y']);
  });

  it('an empty discrete entry fails the group like Polyaxon', () => {
    const alg = createRandomSearch(entries({ a: values(1), r: range(5, 1, 1) }), 1, 3);
    const s = alg.ask(history([])) as Suggestion;
    expect(s.kind === 'failed' && s.message).toMatch(/^Experiment group could not create new suggestions\./);
    expect(alg.name).toBe('random');
  });
});

describe('drawing distinct suggestions', () => {
  const m = entries({ x: values(1, 2, 3) });

  it('drawDistinct returns a draw not in `seen`, or undefined after maxAttempts', () => {
    const seen = new Set([paramsKey({ x: 1 }), paramsKey({ x: 2 })]);
    expect(drawDistinct(m, rngFor(1), seen, 1000)).toEqual({ x: 3 });
    seen.add(paramsKey({ x: 3 }));
    expect(drawDistinct(m, rngFor(1), seen, 1000)).toBeUndefined();
    expect(drawDistinct(m, rngFor(1), new Set(), 0)).toBeUndefined();
  });

  it('pickUnseen picks among unseen combinations in proportion to their draw probability', () => {
    const pm = entries({ a: pvalues(['p', 0.2], ['q', 0.3], ['r', 0.5]) });
    const seen = new Set([paramsKey({ a: 'p' })]);
    const rng = rngFor(2);
    let r = 0;
    const N = 10_000;
    for (let i = 0; i < N; i++) if (pickUnseen(pm, rng, seen)?.a === 'r') r++;
    // q : r = 0.3 : 0.5 ⇒ P(r) = 0.625; 5 binomial sd ≈ 0.024.
    expect(Math.abs(r / N - 0.625)).toBeLessThan(0.025);
    expect(pickUnseen(entries({ a: values(1) }), rng, new Set([paramsKey({ a: 1 })]))).toBeUndefined();
  });

  it('pickUnseen recognizes seen combinations whatever the key order (names not in sorted order)', () => {
    const odd = entries({ zeta: values(1, 2), alpha: values('x', [1, 'y']), Éa: values(true, false), __proto__x: values(null) });
    const all = drive(createRandomSearch(odd, 1, 100)).params;
    expect(all).toHaveLength(8);
    for (const missing of all) {
      const seen = new Set(all.filter((p) => p !== missing).map(paramsKey));
      expect(pickUnseen(odd, rngFor(3), seen)).toEqual(missing);
    }
  });
});

describe('suggestion equality (paramsKey)', () => {
  it('same keys and deep-equal values ⇔ same key; key order is irrelevant', () => {
    expect(paramsKey({ a: 1, b: 'x' })).toBe(paramsKey({ b: 'x', a: 1 }));
    expect(paramsKey({ a: { u: [1, { v: 2, w: 3 }] } })).toBe(paramsKey({ a: { u: [1, { w: 3, v: 2 }] } }));
    expect(paramsKey({ a: [1, 2] })).not.toBe(paramsKey({ a: [2, 1] }));
    expect(paramsKey({ a: 1 })).not.toBe(paramsKey({ a: 1, b: 1 }));
    expect(paramsKey({ a: 1 })).not.toBe(paramsKey({ b: 1 }));
  });

  it('types are not mixed: 1, "1", true, null and [1] differ; 0 ≡ −0; NaN ≡ NaN', () => {
    const ks = [1, '1', true, null, [1], { 1: 1 }, 'true', 'null'].map((v) => paramsKey({ a: v as ParamValue }));
    expect(new Set(ks).size).toBe(ks.length);
    expect(paramsKey({ a: 0 })).toBe(paramsKey({ a: -0 }));
    expect(paramsKey({ a: NaN })).toBe(paramsKey({ a: NaN }));
    expect(paramsKey({ a: NaN })).not.toBe(paramsKey({ a: null }));
    expect(paramsKey({ a: 0.1 + 0.2 })).not.toBe(paramsKey({ a: 0.3 }));
  });

  it('is injective across string contents that look like structure', () => {
    const tricky: Params[] = [
      { a: 'x", "b":"y' },
      { a: 'x', b: 'y' },
      { 'a":"x","b': 'y' },
      { a: ['x,y'] },
      { a: ['x', 'y'] },
      { a: '#1' },
      { a: 1 },
      { a: '[1]' },
    ];
    expect(new Set(tricky.map(paramsKey)).size).toBe(tricky.length);
  });
});
