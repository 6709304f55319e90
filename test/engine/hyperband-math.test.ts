import { describe, expect, it } from 'vitest';
import type { HyperbandAlgorithm } from '../../src/engine/spec/types.ts';
import {
  bracketBudget,
  castResource,
  hyperbandPlan,
  keep,
  nConfigs,
  rungResource,
  sMax,
} from '../../src/engine/schedulers/hyperband/math.ts';

function alg(maxIter: number, eta: number, type: 'int' | 'float' = 'int'): HyperbandAlgorithm {
  return {
    kind: 'hyperband',
    maxIter,
    eta,
    resource: { name: 'epochs', type },
    metric: { name: 'loss', optimization: 'minimize' },
    resume: false,
  };
}

/** A plan as compact text: "s4: 81x1 27x3 | s3: ...". */
function table(maxIter: number, eta: number, type: 'int' | 'float' = 'int'): string {
  return hyperbandPlan(alg(maxIter, eta, type))
    .brackets.map((b) => `s${b.s}: ${b.rungs.map((r) => `${r.configs}x${r.resource}`).join(' ')}`)
    .join(' | ');
}

describe('Hyperband math (docs/differences.md, "s_max is computed exactly")', () => {
  it('s_max is the largest integer s with eta^s <= R', () => {
    expect(sMax(81, 3)).toBe(4);
    // docs/differences.md, "s_max is computed exactly": Polyaxon's int(ln 243 / ln 3) = int(4.999999999999999) = 4.
    expect(sMax(243, 3)).toBe(5);
    expect(sMax(1000, 10)).toBe(3); // ln 1000 / ln 10 = 2.9999999999999996 in floating point
    expect(sMax(15.625, 2.5)).toBe(3);
    expect(sMax(80, 3)).toBe(3);
    expect(sMax(1, 3)).toBe(0);
    expect(sMax(2, 3)).toBe(0);
    expect(sMax(256, 2)).toBe(8);
  });

  it('B = (s_max + 1) R and n(s) by the formula (docs/differences.md, "Hyperband bracket sizes follow the formula")', () => {
    expect(bracketBudget(81, 3)).toBe(405);
    expect([4, 3, 2, 1, 0].map((s) => nConfigs(81, 3, s))).toEqual([81, 34, 15, 8, 5]);
    expect([8, 7, 6, 5, 4, 3, 2, 1, 0].map((s) => nConfigs(256, 2, s))).toEqual([256, 144, 83, 48, 29, 18, 12, 9, 9]);
    expect(bracketBudget(243, 3)).toBe(1458);
  });

  it('keep(i, j) as Polyaxon for j < s, 0 from the last rung of a bracket (docs/differences.md, "Hyperband never trains above max_iter")', () => {
    const k = (i: number, j: number) => keep(81, 3, 4 - i, j);
    expect([0, 1, 2, 3, 4].map((j) => k(0, j))).toEqual([27, 9, 3, 1, 0]);
    expect([0, 1, 2, 3].map((j) => k(1, j))).toEqual([11, 3, 1, 0]);
    expect([0, 1, 2].map((j) => k(2, j))).toEqual([5, 1, 0]);
    expect([0, 1].map((j) => k(3, j))).toEqual([2, 0]);
    expect(k(4, 0)).toBe(0); // Polyaxon: 1, the extra rung at 243 that docs/differences.md, "Hyperband never trains above max_iter" drops
  });

  it('float resources at R=10, eta=3 (Polyaxon test values)', () => {
    const r = (i: number, j: number) => rungResource(10, 3, 2 - i, j);
    expect(r(0, 0)).toBeCloseTo(1.11, 1);
    expect(r(0, 1)).toBeCloseTo(3.33, 1);
    expect(r(0, 2)).toBeCloseTo(9.99, 1);
    expect(r(1, 0)).toBeCloseTo(3.33, 1);
    expect(r(1, 1)).toBeCloseTo(9.99, 1);
    expect(r(2, 0)).toBe(10);
  });

  it('promote truth table at R=10, eta=3 (Polyaxon, with docs/differences.md, "Hyperband never trains above max_iter" at (2,0))', () => {
    const promote = (i: number, j: number) => keep(10, 3, 2 - i, j) > 0;
    const cells: [number, number, boolean][] = [
      [0, 0, true], [0, 1, true], [0, 2, false], [0, 3, false], [1, 0, true],
      [1, 1, false], [1, 2, false], [2, 0, false], [2, 1, false], [5, 0, false],
    ];
    for (const [i, j, want] of cells) expect(promote(i, j), `(${i},${j})`).toBe(want);
  });

  it('int cast truncates (Polyaxon int()), never below 1; float keeps the value', () => {
    expect(castResource(99.99999999999999, 'int')).toBe(99);
    expect(castResource(3.7037037037037033, 'int')).toBe(3);
    expect(castResource(0.9999999999, 'int')).toBe(1);
    expect(castResource(1.1111111111111112, 'float')).toBe(1.1111111111111112);
  });

  it('rejects eta <= 1 and max_iter < 1 (docs/differences.md, "eta must be greater than 1")', () => {
    expect(() => sMax(81, 1)).toThrow(/eta must be a number > 1, got 1/);
    expect(() => sMax(81, 0)).toThrow(/got 0/);
    expect(() => sMax(0, 3)).toThrow(/max_iter must be a number >= 1, got 0/);
    expect(() => hyperbandPlan(alg(81, 0.5))).toThrow(/eta/);
  });
});

describe('worked table, R=81, eta=3 (docs/differences.md, "Hyperband bracket sizes follow the formula"; "Hyperband never trains above max_iter")', () => {
  it('81/34/15/8/5 starting configs, no extra rung, 206 trials', () => {
    expect(table(81, 3)).toBe(
      's4: 81x1 27x3 9x9 3x27 1x81 | s3: 34x3 11x9 3x27 1x81 | s2: 15x9 5x27 1x81 | s1: 8x27 2x81 | s0: 5x81',
    );
    const p = hyperbandPlan(alg(81, 3));
    expect(p).toMatchObject({ algorithm: 'hyperband', s_max: 4, B: 405, trials: 206 });
  });

  it('costs 1902 units from scratch and 1581 when promotions resume (docs/differences.md, "Resuming a promoted trial")', () => {
    const p = hyperbandPlan(alg(81, 3));
    expect(p.resource_total).toBe(1902);
    // s4: 81 + 27·2 + 9·6 + 3·18 + 1·54; s3: 102 + 66 + 54 + 54; s2: 135 + 90 + 54; s1: 216 + 108; s0: 405
    expect(p.resource_total_resume).toBe(297 + 276 + 279 + 324 + 405);
  });
});

describe('more Hyperband vectors (docs/differences.md, "Hyperband never trains above max_iter"; "s_max is computed exactly")', () => {
  it('R=10, eta=3, float', () => {
    expect(table(10, 3, 'float')).toBe(
      's2: 9x1.1111111111111112 3x3.3333333333333335 1x10 | s1: 5x3.333333333333333 1x10 | s0: 3x10',
    );
    expect(hyperbandPlan(alg(10, 3, 'float'))).toMatchObject({ s_max: 2, B: 30, trials: 22 });
  });

  it('R=9, eta=3', () => {
    expect(table(9, 3)).toBe('s2: 9x1 3x3 1x9 | s1: 5x3 1x9 | s0: 3x9');
    expect(hyperbandPlan(alg(9, 3))).toMatchObject({ s_max: 2, B: 27, trials: 22 });
  });

  it('R=27, eta=3', () => {
    expect(table(27, 3)).toBe('s3: 27x1 9x3 3x9 1x27 | s2: 12x3 4x9 1x27 | s1: 6x9 2x27 | s0: 4x27');
    expect(hyperbandPlan(alg(27, 3))).toMatchObject({ s_max: 3, B: 108, trials: 69 });
  });

  it('R=243, eta=3 gives s_max 5 (docs/differences.md, "s_max is computed exactly"; Polyaxon 4)', () => {
    const p = hyperbandPlan(alg(243, 3));
    expect(p).toMatchObject({ s_max: 5, B: 1458 });
    expect(p.brackets.map((b) => b.rungs[0]!.configs)).toEqual([243, 98, 41, 18, 9, 6]);
    expect(table(243, 3)).toBe(
      's5: 243x1 81x3 27x9 9x27 3x81 1x243 | s4: 98x3 32x9 10x27 3x81 1x243 | s3: 41x9 13x27 4x81 1x243' +
        ' | s2: 18x27 6x81 2x243 | s1: 9x81 3x243 | s0: 6x243',
    );
    expect(p.trials).toBe(364 + 144 + 59 + 26 + 12 + 6);
    expect(Math.max(...p.brackets.flatMap((b) => b.rungs.map((r) => r.resource)))).toBe(243);
  });

  it('R=100, eta=3: Polyaxon int truncation gives 99 at two rungs', () => {
    expect(table(100, 3)).toBe(
      's4: 81x1 27x3 9x11 3x33 1x100 | s3: 34x3 11x11 3x33 1x99 | s2: 15x11 5x33 1x100 | s1: 8x33 2x99 | s0: 5x100',
    );
    expect(hyperbandPlan(alg(100, 3))).toMatchObject({ s_max: 4, B: 500, trials: 206 });
  });

  it('R=256, eta=2: the last bracket is 9x256 only', () => {
    const p = hyperbandPlan(alg(256, 2));
    expect(p).toMatchObject({ s_max: 8, B: 2304, trials: 1187 - 4 });
    expect(p.brackets.at(-1)).toEqual({ s: 0, rungs: [{ configs: 9, resource: 256 }] });
  });

  it('tiny R: 3, 2 and 1 with eta=3', () => {
    expect(table(3, 3)).toBe('s1: 3x1 1x3 | s0: 2x3');
    expect(hyperbandPlan(alg(3, 3))).toMatchObject({ s_max: 1, B: 6, trials: 6 });
    expect(table(1, 3)).toBe('s0: 1x1');
    expect(table(2, 3)).toBe('s0: 1x2');
    expect(hyperbandPlan(alg(2, 3))).toMatchObject({ s_max: 0, B: 2, trials: 1, resource_total: 2, resource_total_resume: 2 });
  });

  it('no rung ever exceeds max_iter (docs/differences.md, "Hyperband never trains above max_iter")', () => {
    for (const [R, eta] of [[81, 3], [243, 3], [100, 3], [256, 2], [10, 3], [1000, 10], [50, 2.5]] as const) {
      for (const type of ['int', 'float'] as const) {
        const p = hyperbandPlan(alg(R, eta, type));
        for (const b of p.brackets) {
          expect(b.rungs).toHaveLength(b.s + 1);
          for (const r of b.rungs) expect(r.resource).toBeLessThanOrEqual(R);
        }
      }
    }
  });
});
