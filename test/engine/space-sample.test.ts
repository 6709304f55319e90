import { describe, expect, it } from 'vitest';
import type { ParamValue } from '../../src/engine/types.ts';
import type { MatrixEntry, MatrixOption } from '../../src/engine/spec/types.ts';
import { rngFor } from '../../src/engine/rng.ts';
import { generateValues } from '../../src/engine/space/generate.ts';
import { pvaluesIndex, pvaluesReachable, sampleOption, sampleParams } from '../../src/engine/space/sample.ts';

const N = 10_000;

function draws(o: MatrixOption, seed = 7): ParamValue[] {
  const rng = rngFor(seed);
  return Array.from({ length: N }, () => sampleOption(o, rng));
}

function nums(o: MatrixOption, seed?: number): number[] {
  const xs = draws(o, seed);
  expect(xs.every((v) => typeof v === 'number')).toBe(true);
  return xs as number[];
}

/** Frequency of `value` among draws. */
function freq(xs: readonly ParamValue[], value: ParamValue): number {
  return xs.filter((x) => x === value).length / xs.length;
}

/**
 * Tolerance for an empirical frequency of 10k seeded draws: 5 binomial standard
 * deviations, sqrt(p(1−p)/N) ≤ 0.005, so 0.025. The streams are seeded, so the tests
 * are deterministic; the bound says how far a correct sampler could plausibly land.
 */
const FREQ_TOL = 0.025;

/** x is k·q for an integer k (the q-options' support, docs/differences.md, "Quantized options round down as in Polyaxon; qlognormal is fixed"). */
function isMultiple(x: number, q: number): boolean {
  const k = Math.round(x / q);
  return Math.abs(x - k * q) <= 1e-9 * Math.max(1, Math.abs(x));
}

describe('sampling supports (10k seeded draws each)', () => {
  it('uniform [a, b): a ≤ x < b, mean ≈ (a+b)/2', () => {
    for (const [low, high] of [
      [0, 1],
      [-3, 2.5],
      [0.001, 0.01],
    ]) {
      const xs = nums({ kind: 'uniform', low, high });
      expect(xs.every((x) => low <= x && x < high)).toBe(true);
      const mean = xs.reduce((a, b) => a + b, 0) / N;
      // sd of the mean = (b−a)/sqrt(12N); 5 sd.
      expect(Math.abs(mean - (low + high) / 2)).toBeLessThan((5 * (high - low)) / Math.sqrt(12 * N));
    }
  });

  it('uniform stays half-open where rounding reaches high: [1, 1 + 2^-52) yields only 1; low = high yields low', () => {
    expect(new Set(nums({ kind: 'uniform', low: 1, high: 1 + 2 ** -52 }))).toEqual(new Set([1]));
    expect(sampleOption({ kind: 'uniform', low: 2, high: 2 }, rngFor(1))).toBe(2);
    const xs = nums({ kind: 'loguniform', low: 0, high: 2 ** -52 });
    expect(xs.every((x) => x === 1)).toBe(true);
  });

  it('quniform [0, 1, 0.1]: exactly the 10-value set of docs/hptuning.md, "Quantized options", all reached, 1.0 never', () => {
    const xs = nums({ kind: 'quniform', low: 0, high: 1, q: 0.1 });
    const support = [0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9];
    expect([...new Set(xs)].sort((a, b) => a - b)).toEqual(support);
    expect(xs.includes(1.0)).toBe(false);
  });

  it('loguniform [-9.21034037205, -2.30258509299]: exp(low) ≤ x < exp(high), ≈ [1e-4, 0.1)', () => {
    const low = -9.21034037205;
    const high = -2.30258509299;
    const xs = nums({ kind: 'loguniform', low, high });
    expect(xs.every((x) => Math.exp(low) <= x && x < Math.exp(high))).toBe(true);
    // log-uniform: a quarter of the log-range lies below 10^-3.25.
    expect(Math.abs(xs.filter((x) => x < 10 ** -3.25).length / N - 0.25)).toBeLessThan(FREQ_TOL);
  });

  it('qloguniform [0, 3, 1]: multiples of q in [0, e^3]', () => {
    const xs = nums({ kind: 'qloguniform', low: 0, high: 3, q: 1 });
    expect(xs.every((x) => Number.isInteger(x) && x >= 1 && x <= Math.floor(Math.exp(3)))).toBe(true);
  });

  it('normal (66, 30) (loc > scale, #516): mean ≈ 66, sd ≈ 30', () => {
    const xs = nums({ kind: 'normal', loc: 66, scale: 30 });
    const mean = xs.reduce((a, b) => a + b, 0) / N;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (N - 1));
    expect(Math.abs(mean - 66)).toBeLessThan((5 * 30) / Math.sqrt(N)); // 5 sd of the mean
    expect(Math.abs(sd - 30)).toBeLessThan((5 * 30) / Math.sqrt(2 * N)); // 5 sd of the sd
  });

  it('qnormal (0, 1, 2): multiples of 2, floored (x // q), not rounded', () => {
    const xs = nums({ kind: 'qnormal', loc: 0, scale: 1, q: 2 });
    expect(xs.every((x) => isMultiple(x, 2))).toBe(true);
    // floor: P(x = 0) = P(0 ≤ N < 2) ≈ 0.4772 = P(x = −2); rounding would give P(x = 0) = P(−1 ≤ N < 1) ≈ 0.6827.
    expect(Math.abs(freq(xs, 0) - 0.4772)).toBeLessThan(FREQ_TOL);
    expect(Math.abs(freq(xs, -2) - 0.4772)).toBeLessThan(FREQ_TOL);
  });

  it('lognormal (0, 1): x > 0, median ≈ 1', () => {
    const xs = nums({ kind: 'lognormal', loc: 0, scale: 1 });
    expect(xs.every((x) => x > 0)).toBe(true);
    expect(Math.abs(xs.filter((x) => x < 1).length / N - 0.5)).toBeLessThan(FREQ_TOL);
  });

  it('qlognormal [0, 0.5, 0.51]: quantize(exp(N(0, 0.5)), 0.51), so multiples of 0.51 incl. 0 (Polyaxon gave exp(exp(N)) > 1, never a multiple)', () => {
    const q = 0.51;
    const xs = nums({ kind: 'qlognormal', loc: 0, scale: 0.5, q });
    expect(xs.every((x) => isMultiple(x, q) && x >= 0)).toBe(true);
    // P(x = 0) = P(exp(N(0, .5)) < .51) = Φ(ln(.51)/.5) = Φ(−1.3467) ≈ 0.0890.
    expect(Math.abs(freq(xs, 0) - 0.089)).toBeLessThan(FREQ_TOL);
    // P(x = 0.51) = Φ(ln(1.02)/.5) − Φ(ln(.51)/.5) ≈ 0.5158 − 0.0890 = 0.4268.
    expect(Math.abs(freq(xs, 0.51) - 0.4268)).toBeLessThan(FREQ_TOL);
  });

  it('pvalues [[a,0.5],[b,0.1]]: b gets the remainder, frequency ≈ 0.5', () => {
    const xs = draws({ kind: 'pvalues', values: [['a', 0.5], ['b', 0.1]] });
    expect(Math.abs(freq(xs, 'b') - 0.5)).toBeLessThan(FREQ_TOL);
    expect(new Set(xs)).toEqual(new Set(['a', 'b']));
  });

  it('pvalues [[elu,0.1],[relu,0.2],[sigmoid,0.7]] → 0.1/0.2/0.7; [[relu,0.1],[sigmoid,0.8]] → 0.1/0.9', () => {
    const xs = draws({ kind: 'pvalues', values: [['elu', 0.1], ['relu', 0.2], ['sigmoid', 0.7]] });
    expect(Math.abs(freq(xs, 'elu') - 0.1)).toBeLessThan(FREQ_TOL);
    expect(Math.abs(freq(xs, 'relu') - 0.2)).toBeLessThan(FREQ_TOL);
    expect(Math.abs(freq(xs, 'sigmoid') - 0.7)).toBeLessThan(FREQ_TOL);
    const ys = draws({ kind: 'pvalues', values: [['relu', 0.1], ['sigmoid', 0.8]] });
    expect(Math.abs(freq(ys, 'sigmoid') - 0.9)).toBeLessThan(FREQ_TOL);
  });

  it('pvalues: a sum below 1 leaves the remainder to the last item; zero items are never drawn', () => {
    const xs = draws({ kind: 'pvalues', values: [[1, 0.3], [2, 0], [3, 0.3]] });
    expect(freq(xs, 2)).toBe(0);
    expect(Math.abs(freq(xs, 3) - 0.7)).toBeLessThan(FREQ_TOL);
  });

  it('pvaluesIndex / pvaluesReachable agree at the slice boundaries', () => {
    const probs = [0.25, 0, 0.5, 0.1];
    expect([0, 0.2499, 0.25, 0.7499, 0.75, 0.9999].map((u) => pvaluesIndex(probs, u))).toEqual([0, 0, 2, 2, 3, 3]);
    expect(pvaluesReachable(probs)).toEqual([true, false, true, true]);
    expect(pvaluesReachable([0.5, 0.5, 0.3])).toEqual([true, true, false]);
    // A probability lost to rounding in the running sum (0.5 + 1e-17 === 0.5) is unreachable.
    expect(pvaluesReachable([0.5, 1e-17, 0.2])).toEqual([true, false, true]);
    // A tiny first probability still covers u = 0.
    expect(pvaluesReachable([1e-300, 0.5])).toEqual([true, true]);
  });

  it('values: an index is picked and the original element returned (types and identity kept), uniformly', () => {
    const nested = [1, 2];
    const obj = { a: 1 };
    const values: ParamValue[] = [1, 'a', nested, true, null, obj, 0.5];
    const xs = draws({ kind: 'values', values });
    for (const v of values) expect(Math.abs(freq(xs, v) - 1 / values.length)).toBeLessThan(FREQ_TOL);
    expect(xs.filter((x) => Array.isArray(x)).every((x) => x === nested)).toBe(true);
    expect(xs.filter((x) => typeof x === 'object' && x !== null && !Array.isArray(x)).every((x) => x === obj)).toBe(true);
    expect(xs.every((x) => values.includes(x))).toBe(true);
  });

  it('range-like options sample uniformly from their generated list (docs/hptuning.md, "Sampling")', () => {
    for (const o of [
      { kind: 'range', start: 0, stop: 1, step: 0.1 },
      { kind: 'linspace', start: 0.001, stop: 0.1, num: 5 },
      { kind: 'logspace', start: -3, stop: -1, num: 3, base: 10 },
      { kind: 'geomspace', start: 1, stop: 1000, num: 4 },
    ] as const) {
      const list = generateValues(o);
      const xs = draws(o);
      expect(new Set(xs)).toEqual(new Set(list));
      for (const v of list) expect(Math.abs(freq(xs, v) - 1 / list.length)).toBeLessThan(FREQ_TOL);
    }
  });

  it('an empty list cannot be sampled (range with a negative step)', () => {
    expect(() => sampleOption({ kind: 'range', start: 1, stop: 5, step: -1 }, rngFor(1))).toThrow(/empty range/);
  });
});

describe('one suggestion (sampleParams)', () => {
  const matrix: MatrixEntry[] = [
    { name: 'lr', option: { kind: 'loguniform', low: -9, high: -2 } },
    { name: 'dropout', option: { kind: 'values', values: [0.25, 0.5] } },
    { name: '__proto__', option: { kind: 'values', values: ['x'] } },
    { name: 'act', option: { kind: 'pvalues', values: [['relu', 0.5], ['elu', 0.5]] } },
  ];

  it('every key present, in matrix order, as own properties (even `__proto__`)', () => {
    const p = sampleParams(matrix, rngFor(3));
    expect(Object.keys(p)).toEqual(['lr', 'dropout', '__proto__', 'act']);
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
    expect(p['__proto__']).toBe('x');
  });

  it('same stream ⇒ same suggestion; different streams ⇒ different ones (docs/differences.md, "A seeded generator of our own, one stream per trial")', () => {
    expect(sampleParams(matrix, rngFor(42, 1, 0))).toEqual(sampleParams(matrix, rngFor(42, 1, 0)));
    expect(sampleParams(matrix, rngFor(42, 1, 0))).not.toEqual(sampleParams(matrix, rngFor(42, 1, 1)));
  });
});
