import { describe, expect, it } from 'vitest';
import type { MatrixEntry, MatrixOption } from '../../src/engine/spec/types.ts';
import { generateValues } from '../../src/engine/space/generate.ts';
import { exactPow } from '../../src/engine/space/pow.ts';
import {
  isCategorical,
  isContinuous,
  isDiscrete,
  isDistribution,
  isRange,
  isUniform,
  optionLength,
  optionMax,
  optionMin,
} from '../../src/engine/space/predicates.ts';
import { pyFloorDiv, quantize } from '../../src/engine/space/quantize.ts';
import { distinctCombinations, weightedValues } from '../../src/engine/space/cardinality.ts';

const range = (start: number, stop: number, step: number): MatrixOption => ({ kind: 'range', start, stop, step });
const linspace = (start: number, stop: number, num: number): MatrixOption => ({ kind: 'linspace', start, stop, num });
const logspace = (start: number, stop: number, num: number, base = 10): MatrixOption => ({ kind: 'logspace', start, stop, num, base });
const geomspace = (start: number, stop: number, num: number): MatrixOption => ({ kind: 'geomspace', start, stop, num });
const entries = (m: Record<string, MatrixOption>): MatrixEntry[] => Object.entries(m).map(([name, option]) => ({ name, option }));

/** Relative closeness, element-wise (docs/hptuning.md, "Generated values": geomspace within 1e-12). */
function expectClose(got: readonly unknown[], want: readonly number[], rel: number): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs((g as number) - want[i])).toBeLessThanOrEqual(rel * Math.abs(want[i])));
}

describe('generators', () => {
  // toEqual compares numbers with Object.is: these are bit-for-bit checks.
  it.each([
    ['range 1:10:2', range(1, 10, 2), [1, 3, 5, 7, 9]],
    ['range [1, 5, 1]', range(1, 5, 1), [1, 2, 3, 4]],
    ['range 0:10:1', range(0, 10, 1), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    ['range 0:1:0.1', range(0, 1, 0.1), [0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9]],
    ['range 0.1:0.5:0.1', range(0.1, 0.5, 0.1), [0.1, 0.2, 0.30000000000000004, 0.4]],
    ['range 1:2:3', range(1, 2, 3), [1]],
    ['linspace [1, 2, 5]', linspace(1, 2, 5), [1.0, 1.25, 1.5, 1.75, 2.0]],
    ['linspace 0:10:1', linspace(0, 10, 1), [0.0]],
    ['linspace 0.001:0.1:5', linspace(0.001, 0.1, 5), [0.001, 0.025750000000000002, 0.0505, 0.07525000000000001, 0.1]],
    [
      'logspace 0.01:0.1:5 (exponents, docs/differences.md, "logspace takes exponents")',
      logspace(0.01, 0.1, 5),
      [1.023292992280754, 1.077705253694322, 1.135010815672315, 1.1953635256737185, 1.2589254117941673],
    ],
    ['logspace [1, 2, 3]', logspace(1, 2, 3), [10.0, 31.622776601683793, 100.0]],
    ['logspace [1, 2, 3, 2] (base 2)', logspace(1, 2, 3, 2), [2.0, 2.8284271247461903, 4.0]],
    ['logspace -3:-1:3', logspace(-3, -1, 3), [0.001, 0.01, 0.1]],
    ['docs/hptuning.md, "Writing an option\'s arguments" geomspace 1:10:1', geomspace(1, 10, 1), [1.0]],
  ])('%s', (_name, option, want) => {
    expect(generateValues(option)).toEqual(want);
  });

  it('range float-step QUIRK: 1.2:1.8:0.1 gives 7 values, the last above stop (numpy fill: start + i·((start+step) − start))', () => {
    expect(generateValues(range(1.2, 1.8, 0.1))).toEqual([
      1.2, 1.3, 1.4000000000000001, 1.5000000000000002, 1.6000000000000003, 1.7000000000000004, 1.8000000000000005,
    ]);
  });

  it.each([
    ['geomspace [1, 1000, 4]', geomspace(1, 1000, 4), [1.0, 10.0, 100.0, 1000.0]],
    ['geomspace [1, 2, 3]', geomspace(1, 2, 3), [1.0, 1.4142135623730951, 2.0]],
    ['geomspace 0.001:0.1:3', geomspace(0.001, 0.1, 3), [0.001, 0.01, 0.1]],
    ['geomspace -1:-1000:4 (sign mirrored, numpy)', geomspace(-1, -1000, 4), [-1.0, -10.0, -100.0, -1000.0]],
    ['geomspace 2:3e5:6 (numpy 2.4)', geomspace(2, 3e5, 6), [2.0, 21.68943542395398, 235.21580450493485, 2550.849001251584, 27663.237344451863, 300000.0]],
  ])('%s within 1e-12 relative, endpoints exact', (_name, option, want) => {
    const got = generateValues(option);
    expectClose(got, want, 1e-12);
    expect(got[0]).toBe(want[0]);
    expect(got[got.length - 1]).toBe(want[want.length - 1]);
  });

  it('more numpy vectors, bit for bit (computed with numpy 2.4 on this machine)', () => {
    expect(generateValues(range(-2.35, 3.1, 0.37))).toEqual([
      -2.35, -1.98, -1.6099999999999999, -1.2399999999999998, -0.8699999999999997, -0.49999999999999956, -0.12999999999999945,
      0.24000000000000066, 0.6100000000000008, 0.9800000000000009, 1.350000000000001, 1.720000000000001, 2.090000000000001,
      2.4600000000000013, 2.8300000000000014,
    ]);
    const r = generateValues(range(0.5, 3.33, 0.07));
    expect(r.length).toBe(41);
    expect(r.slice(0, 8)).toEqual([
      0.5, 0.5700000000000001, 0.6400000000000001, 0.7100000000000002, 0.7800000000000002, 0.8500000000000003, 0.9200000000000004,
      0.9900000000000004,
    ]);
    expect(generateValues(linspace(-1.3, 2.71, 7))).toEqual([
      -1.3, -0.6316666666666667, 0.036666666666666625, 0.7049999999999998, 1.3733333333333333, 2.041666666666667, 2.71,
    ]);
    expect(generateValues(linspace(1e-3, 1, 4))).toEqual([0.001, 0.334, 0.667, 1.0]);
  });

  it('logspace is correctly rounded: 10^-1.25 as C pow / 80-digit decimal give it (numpy 2.4 SIMD pow is 1 ulp lower)', () => {
    // Python 3: 10 ** -1.25 == 0.05623413251903491 == float(Decimal(10) ** Decimal(-1.25)); numpy 2.4 logspace gives 0.056234132519034905.
    expect(generateValues(logspace(-2, -1, 5))).toEqual([0.01, 0.01778279410038923, 0.03162277660168379, 0.05623413251903491, 0.1]);
  });

  it('a negative step gives an empty range (Polyaxon; grid then fails, docs/hptuning.md, "Grid search" step 4)', () => {
    expect(generateValues(range(1, 5, -1))).toEqual([]);
  });

  it('values are returned verbatim, duplicates and types kept (docs/hptuning.md, "values")', () => {
    const values = [1, 'a', [1, 2], true, null, 1];
    expect(generateValues({ kind: 'values', values })).toBe(values);
  });

  it('throws a RangeError for pvalues and continuous options, and for invalid arguments', () => {
    expect(() => generateValues({ kind: 'pvalues', values: [['a', 0.5]] })).toThrow(RangeError);
    expect(() => generateValues({ kind: 'uniform', low: 0, high: 1 })).toThrow(/uniform/);
    expect(() => generateValues(range(0, 1, 0))).toThrow(/step must be non-zero/);
    expect(() => generateValues(linspace(0, 1, 2.5))).toThrow(/num must be an integer >= 0.*2\.5/);
    expect(() => generateValues(geomspace(-1, 10, 3))).toThrow(/same sign/);
    expect(() => generateValues(logspace(0, 1, 3, 0))).toThrow(/base must be > 0/);
  });

  it('exactPow is correctly rounded where V8 Math.pow is not (2^1.5; checked against 80-digit decimal)', () => {
    expect(exactPow(2, 1.5)).toBe(2.8284271247461903);
    // Python: float(Decimal(12.18999999999994) ** Decimal(8.35135135135135)) with prec 80
    expect(exactPow(12.18999999999994, 8.35135135135135)).toBe(1173811917.4335175);
    expect(exactPow(3.4500000000000455, -2.351351351351351)).toBe(0.05437488406887055);
    expect(exactPow(10, -3)).toBe(0.001);
    expect(exactPow(10, 300)).toBe(1e300);
    expect(exactPow(10, -300)).toBe(1e-300);
  });
});

describe('quantization (Python x // q)', () => {
  it.each([
    [1.0, 0.1, 9, 0.9],
    [0.3, 0.1, 2, 0.2],
    [0.7, 0.1, 6, 0.6000000000000001],
    [0.34, 0.1, 3, 0.30000000000000004],
    [-0.01, 0.1, -1, -0.1],
    [-1.75, 1, -2, -2.0],
  ])('x=%d, q=%d: x // q = %d, quantized %d', (x, q, fd, qz) => {
    expect(pyFloorDiv(x, q)).toBe(fd);
    expect(quantize(x, q)).toBe(qz);
  });

  it('differs from Math.floor(x / q) exactly where docs/hptuning.md, "Quantized options", says (1.0 / 0.1)', () => {
    expect(Math.floor(1.0 / 0.1)).toBe(10);
    expect(pyFloorDiv(1.0, 0.1)).toBe(9);
  });

  it('more values checked against CPython 3 (x // q)', () => {
    // python3 -c "print(2.5 // -1, -2.5 // -1, 0.0 // -1, 7 // 0.51, 1e-3 // 0.1, 5.1 // 0.3)"
    expect(pyFloorDiv(2.5, -1)).toBe(-3);
    expect(pyFloorDiv(-2.5, -1)).toBe(2);
    expect(Object.is(pyFloorDiv(0, -1), -0)).toBe(true);
    expect(pyFloorDiv(7, 0.51)).toBe(13);
    expect(Object.is(pyFloorDiv(1e-3, 0.1), 0)).toBe(true);
    expect(pyFloorDiv(5.1, 0.3)).toBe(16);
  });

  it('quniform [0, 1, 0.1]: the 10 reachable values, never 1.0', () => {
    const support = new Set<number>();
    for (let i = 0; i < 1000; i++) support.add(quantize(i / 1000, 0.1));
    support.add(quantize(1 - 2 ** -53, 0.1));
    expect([...support].sort((a, b) => a - b)).toEqual([
      0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9,
    ]);
  });

  it('rejects q = 0 with the values received', () => {
    expect(() => pyFloorDiv(1, 0)).toThrow(/q must be non-zero.*x 1, q 0/);
  });
});

describe('predicates', () => {
  const T = true;
  const F = false;
  type Row = [string, MatrixOption, boolean, boolean, boolean, boolean, boolean, boolean, number | null, number | null, number | 'error'];
  const rows: Row[] = [
    ['values [1,2,3]', { kind: 'values', values: [1, 2, 3] }, F, F, T, F, F, F, 1, 3, 3],
    ['values [ok, nook]', { kind: 'values', values: ['ok', 'nook'] }, F, F, T, F, F, T, null, null, 2],
    ['pvalues [(1,.1),(2,.1),(3,.8)]', { kind: 'pvalues', values: [[1, 0.1], [2, 0.1], [3, 0.8]] }, T, F, T, F, F, F, null, null, 3],
    ['range [1,2,3]', range(1, 2, 3), F, F, T, T, F, F, 1, 2, 1],
    ['linspace [1,2,3]', linspace(1, 2, 3), F, F, T, T, F, F, 1, 2, 3],
    ['uniform [0,1]', { kind: 'uniform', low: 0, high: 1 }, T, T, F, F, T, F, 0, 1, 'error'],
    ['quniform [0,1,0.1]', { kind: 'quniform', low: 0, high: 1, q: 0.1 }, T, T, F, F, F, F, null, null, 'error'],
    ['loguniform', { kind: 'loguniform', low: -3, high: 0 }, T, T, F, F, F, F, null, null, 'error'],
    ['qloguniform', { kind: 'qloguniform', low: 0, high: 3, q: 1 }, T, T, F, F, F, F, null, null, 'error'],
    ['normal', { kind: 'normal', loc: 66, scale: 30 }, T, T, F, F, F, F, null, null, 'error'],
    ['qnormal', { kind: 'qnormal', loc: 0, scale: 1, q: 0.5 }, T, T, F, F, F, F, null, null, 'error'],
    ['lognormal', { kind: 'lognormal', loc: 0, scale: 1 }, T, T, F, F, F, F, null, null, 'error'],
    ['qlognormal', { kind: 'qlognormal', loc: 0, scale: 1, q: 0.1 }, T, T, F, F, F, F, null, null, 'error'],
    ['logspace [1,2,3] (min/max are the raw exponents)', logspace(1, 2, 3), F, F, T, T, F, F, 1, 2, 3],
    ['geomspace [1,1000,4]', geomspace(1, 1000, 4), F, F, T, T, F, F, 1, 1000, 4],
    ['range 0:1:0.1 (length = generated points)', range(0, 1, 0.1), F, F, T, T, F, F, 0, 1, 10],
  ];
  it.each(rows)('%s', (_n, o, dist, cont, disc, rng, uni, cat, min, max, length) => {
    expect([isDistribution(o), isContinuous(o), isDiscrete(o), isRange(o), isUniform(o), isCategorical(o)]).toEqual([
      dist,
      cont,
      disc,
      rng,
      uni,
      cat,
    ]);
    expect(optionMin(o)).toBe(min);
    expect(optionMax(o)).toBe(max);
    if (length === 'error') expect(() => optionLength(o)).toThrow(RangeError);
    else expect(optionLength(o)).toBe(length);
  });

  it('booleans are numbers, nested lists and null are categorical', () => {
    expect(isCategorical({ kind: 'values', values: [true, false] })).toBe(false);
    expect(optionMin({ kind: 'values', values: [true, false] })).toBe(0);
    expect(isCategorical({ kind: 'values', values: [[1, 2], [2, 4]] })).toBe(true);
    expect(optionLength({ kind: 'values', values: [[1, 2], [2, 4]] })).toBe(2);
    expect(isCategorical({ kind: 'values', values: [1, null] })).toBe(true);
    expect(optionMax({ kind: 'values', values: [0.5, -3, 7, 2] })).toBe(7);
    expect(optionMin({ kind: 'values', values: [0.5, -3, 7, 2] })).toBe(-3);
  });
});

describe('distinct reachable combinations', () => {
  it('counts distinct values by deep equality (duplicates in values are one)', () => {
    expect(distinctCombinations(entries({ x: { kind: 'values', values: [1, 1] } }))).toBe(1);
    const deep = { kind: 'values', values: [[1, 2], [1, 2], { a: 1, b: 2 }, { b: 2, a: 1 }, [2, 1]] } as const;
    expect(distinctCombinations(entries({ x: deep }))).toBe(3);
  });

  it('pvalues under the remainder rule: zero-probability items and a last item left 0 are unreachable (docs/hptuning.md, "pvalues")', () => {
    const pv = (values: [string, number][]): MatrixOption => ({ kind: 'pvalues', values });
    expect(distinctCombinations(entries({ x: pv([['a', 0], ['b', 0.5], ['c', 0.5]]) }))).toBe(2);
    expect(distinctCombinations(entries({ x: pv([['a', 0.5], ['b', 0.5], ['c', 0]]) }))).toBe(2);
    // The last item's own probability is ignored: 0 still gets the remainder 0.5.
    expect(distinctCombinations(entries({ x: pv([['a', 0.5], ['b', 0]]) }))).toBe(2);
    expect(distinctCombinations(entries({ x: pv([['a', 0.3], ['b', 0.7], ['c', 0.2]]) }))).toBe(2); // 0.3 + 0.7 === 1
    expect(distinctCombinations(entries({ x: pv([['a', 0.5], ['a', 0.3], ['b', 0.2]]) }))).toBe(2);
  });

  it('draw probabilities follow docs/hptuning.md, "pvalues" (last gets the remainder) and index multiplicity (docs/differences.md, "Sampled values keep their types")', () => {
    expect(weightedValues({ kind: 'pvalues', values: [['a', 0.5], ['b', 0.1]] })).toEqual([
      { value: 'a', weight: 0.5 },
      { value: 'b', weight: 0.5 },
    ]);
    const w = weightedValues({ kind: 'pvalues', values: [['relu', 0.1], ['sigmoid', 0.8]] });
    expect(w[1].value).toBe('sigmoid');
    expect(w[1].weight).toBeCloseTo(0.9, 15);
    expect(weightedValues({ kind: 'values', values: ['a', 'b', 'a', 'a'] })).toEqual([
      { value: 'a', weight: 0.75 },
      { value: 'b', weight: 0.25 },
    ]);
  });

  it('is the product over entries; Infinity with a continuous entry; 0 with an empty one; 1 for no entries', () => {
    const m = entries({ f1: { kind: 'values', values: [1, 2, 3] }, f2: linspace(1, 2, 5), f3: range(1, 5, 1) });
    expect(distinctCombinations(m)).toBe(60);
    expect(distinctCombinations([...m, { name: 'u', option: { kind: 'uniform', low: 0, high: 1 } }])).toBe(Infinity);
    expect(distinctCombinations([...m, { name: 'r', option: range(1, 5, -1) }])).toBe(0);
    expect(distinctCombinations([{ name: 'u', option: { kind: 'uniform', low: 0, high: 1 } }, { name: 'r', option: range(1, 5, -1) }])).toBe(0);
    expect(distinctCombinations([])).toBe(1);
  });

  it('range-like lists count their distinct doubles: linspace over 4 ulps with 100 points has 5', () => {
    expect(distinctCombinations(entries({ x: linspace(1, 1 + 2 ** -50, 100) }))).toBe(5);
    expect(distinctCombinations(entries({ x: range(0, 1, 0.1), y: geomspace(1, 1000, 4) }))).toBe(40);
  });

  it('table: pvalues [(1,0.1),(2,0.6)] × range [1,3,1] has 4 combinations', () => {
    const m = entries({ feature1: { kind: 'pvalues', values: [[1, 0.1], [2, 0.6]] }, feature3: range(1, 3, 1) });
    expect(distinctCombinations(m)).toBe(4);
  });
});
