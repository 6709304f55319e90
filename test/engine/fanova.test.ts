// fANOVA importance over a seeded random forest, on functions whose importance is known.
import { describe, expect, it } from 'vitest';
import { buildForest, forestSteps } from '../../src/engine/analysis/forest.ts';
import { fanovaImportance, pairMarginal } from '../../src/engine/analysis/fanova.ts';
import { rngFor } from '../../src/engine/rng.ts';

function sample(n: number, dims: number, f: (p: Float64Array) => number, seed = 7) {
  const rng = rngFor(seed, 99);
  const x = Array.from({ length: n }, () => Float64Array.from({ length: dims }, () => rng.next()));
  return { x, y: Float64Array.from(x, f) };
}

describe('fANOVA importance', () => {
  it('f = 10·x1 + 0.1·x2: x1 carries nearly all of it, x2 little, a third unused parameter none', () => {
    const { x, y } = sample(120, 3, (p) => 10 * p[0]! + 0.1 * p[1]!);
    const imp = fanovaImportance(buildForest(x, y, 3, { seed: 1 }), 3);
    expect(imp.share[0]).toBeGreaterThan(0.95);
    expect(imp.share[1]).toBeLessThan(0.03);
    expect(imp.share[2]).toBeLessThan(0.03);
    expect(imp.share.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    // An additive function: the main effects explain almost all of each tree's variance.
    expect(imp.fraction[0]! + imp.fraction[1]! + imp.fraction[2]!).toBeGreaterThan(0.9);
  });

  it('two equal effects share it about equally; a pure interaction leaves main effects small', () => {
    const eq = sample(200, 2, (p) => p[0]! + p[1]!, 3);
    const a = fanovaImportance(buildForest(eq.x, eq.y, 2, { seed: 2 }), 2);
    expect(a.share[0]).toBeGreaterThan(0.35);
    expect(a.share[1]).toBeGreaterThan(0.35);
    const xor = sample(200, 2, (p) => ((p[0]! > 0.5) !== (p[1]! > 0.5) ? 1 : 0), 4);
    const b = fanovaImportance(buildForest(xor.x, xor.y, 2, { seed: 2 }), 2);
    expect(b.fraction[0]! + b.fraction[1]!).toBeLessThan(0.2);
  });

  it('is seeded: the same seed gives the same numbers, built in steps or at once', () => {
    const { x, y } = sample(60, 2, (p) => Math.sin(6 * p[0]!) + p[1]!);
    const once = fanovaImportance(buildForest(x, y, 2, { seed: 5, trees: 16 }), 2);
    const it = forestSteps(x, y, 2, { seed: 5, trees: 16 });
    let steps = 0;
    let r = it.next();
    while (!r.done) {
      steps++;
      r = it.next();
    }
    expect(steps).toBe(16);
    expect(fanovaImportance(r.value, 2)).toEqual(once);
  });

  it('a flat function has no importance', () => {
    const { x, y } = sample(20, 2, () => 3);
    expect(fanovaImportance(buildForest(x, y, 2), 2).share).toEqual([0, 0]);
  });

  it('the pair marginal follows the function, other parameters averaged out', () => {
    const { x, y } = sample(200, 3, (p) => 10 * p[0]! + 0.1 * p[1]! + 5 * p[2]!);
    const grid = pairMarginal(buildForest(x, y, 3, { seed: 1, trees: 16 }), 0, 1, 8);
    // Along x1 (columns) it climbs about 10 across the cube; the mean over x3 (2.5) is in every cell.
    const row = Array.from({ length: 8 }, (_, c) => grid[3 * 8 + c]!);
    expect(row[7]! - row[0]!).toBeGreaterThan(6);
    for (let c = 1; c < 8; c++) expect(row[c]!).toBeGreaterThan(row[c - 1]! - 0.5);
    expect(grid[0]!).toBeGreaterThan(2 - 0.5);
    expect(grid[0]!).toBeLessThan(2 + 1.5 + 1);
  });
});
