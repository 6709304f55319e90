// `hptune bench --first-seed K`: the problems run on seeds K…K+N−1, so a result found on one
// seed set can be checked on another from the repository alone.
import { describe, expect, it } from 'vitest';
import { benchLc4 } from '../../src/cli/bench/lc4.ts';

describe('bench seed sets', () => {
  it('seeds 0 and 1 together give the median of seed 0 alone and seed 1 alone', async () => {
    const [first, second, both] = await Promise.all([benchLc4('random', 1, 0), benchLc4('random', 1, 1), benchLc4('random', 2, 0)]);
    expect(first.regret.median).not.toBe(second.regret.median);
    expect(both.regret.median).toBeCloseTo((first.regret.median + second.regret.median) / 2, 12);
  });
});
