// Test vectors for the group-level thresholds (docs/hptuning.md, "Thresholds: stopping the group") (Polyaxon test_should_stop_early).
import { describe, expect, it } from 'vitest';
import { thresholdReached } from '../../src/engine/group/thresholds.ts';
import { summarize, summarizeAll, type Summaries } from '../../src/engine/group/metrics.ts';
import type { EarlyStoppingItem } from '../../src/engine/spec/types.ts';

const report = (values: Record<string, number>, step = 1) => ({ step, values, time: 0 });
const precision: EarlyStoppingItem = { metric: 'precision', value: 0.9, optimization: 'maximize' };
const loss: EarlyStoppingItem = { metric: 'loss', value: 0.1, optimization: 'minimize' };

describe('early stopping thresholds', () => {
  it('precision 0.8 → false; a new report of 0.91 → true', () => {
    let m: Summaries = summarizeAll([report({ precision: 0.8 })]);
    expect(thresholdReached([precision], m)).toBeUndefined();
    m = summarize(m, report({ precision: 0.91 }, 2));
    expect(thresholdReached([precision], m)).toBe('precision = 0.91 ≥ 0.9 (maximize)');
  });

  it('any item of any trial (OR): xp1 precision 0.99 → true; xp2 loss 0.01 → true', () => {
    expect(thresholdReached([precision, loss], summarizeAll([report({ precision: 0.99 })]))).toMatch(/precision/);
    expect(thresholdReached([precision, loss], summarizeAll([report({ loss: 0.01 })]))).toBe('loss = 0.01 ≤ 0.1 (minimize)');
  });

  it('uses the last reported value, not the best: xp1 precision 0.8 and xp2 loss 0.2 after better values → false', () => {
    expect(thresholdReached([precision, loss], summarizeAll([report({ precision: 0.99 }), report({ precision: 0.8 }, 2)]))).toBeUndefined();
    expect(thresholdReached([precision, loss], summarizeAll([report({ loss: 0.01 }), report({ loss: 0.2 }, 2)]))).toBeUndefined();
  });

  it('a group without early_stopping, or items with a policy only, never stops', () => {
    expect(thresholdReached([], summarizeAll([report({ loss: 0 })]))).toBeUndefined();
    expect(thresholdReached([{ metric: 'loss', optimization: 'minimize', policy: { kind: 'median', evaluationInterval: 1 } }], summarizeAll([report({ loss: 0 })]))).toBeUndefined();
  });

  it('min, max, last and count per metric (docs/differences.md, "The last reported value decides")', () => {
    expect(summarizeAll([report({ a: 2, b: 1 }), report({ a: 1 }, 2), report({ a: 3 }, 3)])).toEqual({
      a: { last: 3, min: 1, max: 3, count: 3 },
      b: { last: 1, min: 1, max: 1, count: 1 },
    });
  });
});
