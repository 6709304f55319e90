import { describe, expect, it } from 'vitest';
import { permutation, rngFor } from '../../src/engine/index.ts';

describe('permutation (the shuffle the workers use for datasets and epochs)', () => {
  it('is a permutation of 0..n-1 that depends only on the stream keys', () => {
    for (const n of [0, 1, 2, 7, 100]) {
      const p = permutation(n, rngFor(5, 2, n));
      expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(permutation(n, rngFor(5, 2, n))).toEqual(p);
    }
    expect(permutation(50, rngFor(5, 2, 1))).not.toEqual(permutation(50, rngFor(5, 2, 2)));
  });

  it('puts each item at each position about equally often (chi-square over 6,000 shuffles of 4)', () => {
    const counts = Array.from({ length: 4 }, () => new Array<number>(4).fill(0));
    for (let k = 0; k < 6000; k++) {
      const p = permutation(4, rngFor(9, k));
      p.forEach((item, pos) => counts[item][pos]++);
    }
    const expected = 1500;
    const chi2 = counts.flat().reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: P(chi2 > 27.88) = 0.001, so a fair shuffle passes; a biased
    // one (e.g. j drawn from [0, n) instead of [0, i]) lands far above it.
    expect(chi2).toBeLessThan(27.88);
  });
});
