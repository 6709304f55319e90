import { describe, expect, it } from 'vitest';
import type { EarlyStoppingItem, EarlyStoppingPolicy } from '../../src/engine/spec/types.ts';
import type { MetricReport, Optimization, TrialRecord } from '../../src/engine/types.ts';
import type { History } from '../../src/engine/algorithm.ts';
import { evaluatePolicies, MIN_OTHERS } from '../../src/engine/schedulers/stopping/policies.ts';

/** Hand-made learning curves: curve[i] is reported at step i + 1 (or at `steps`). */
function history(curves: readonly (readonly number[])[], metric = 'loss', steps?: readonly (readonly number[])[]): History {
  const reports = curves.map((c, n) => c.map((v, i): MetricReport => ({ step: steps?.[n]?.[i] ?? i + 1, values: { [metric]: v }, time: 0 })));
  const trials = curves.map(
    (_, n): TrialRecord => ({ groupId: 'g', number: n, params: {}, status: 'running', seed: 0, createdAt: 0, metrics: {} }),
  );
  return { trials, reports: (n) => reports[n] ?? [] };
}

function item(policy: EarlyStoppingPolicy, optimization: Optimization = 'minimize', metric = 'loss'): EarlyStoppingItem {
  return { metric, optimization, policy };
}

/** The verdict for the last trial of `curves` at its last report. */
function judge(items: readonly EarlyStoppingItem[], curves: readonly (readonly number[])[], metric = 'loss') {
  const h = history(curves, metric);
  const n = curves.length - 1;
  const own = h.reports(n);
  return evaluatePolicies(items, h.trials[n]!, own[own.length - 1]!, h);
}

// Others' running averages at step 2: A (1.0+0.8)/2 = 0.9, B 0.8, C 1.75 → median 0.9, mean 1.15.
const A = [1.0, 0.8, 0.6];
const B = [0.9, 0.7, 0.5];
const C = [2.0, 1.5, 1.0];
const median: EarlyStoppingPolicy = { kind: 'median', evaluationInterval: 1 };
const average: EarlyStoppingPolicy = { kind: 'average', evaluationInterval: 1 };

describe('median stopping rule (Golovin et al. 2017)', () => {
  it('stops a trial whose best so far is worse than the median of the running averages', () => {
    const v = judge([item(median)], [A, B, C, [1.2, 1.0]]);
    expect(v.decision).toBe('stop');
    expect(v.reason).toBe(
      'median stopping rule (Golovin et al. 2017) at step 2 (loss, minimize): best so far 1 is worse than the median 0.9 of 3 other trials\' running averages',
    );
  });

  it('continues a trial at or better than the median', () => {
    expect(judge([item(median)], [A, B, C, [0.95, 0.85]]).decision).toBe('continue');
    expect(judge([item(median)], [A, B, C, [1.0, 0.9]]).decision).toBe('continue'); // equal is not worse
  });

  it("compares the trial's best so far, not its last value", () => {
    expect(judge([item(median)], [A, B, C, [0.5, 1.3]]).decision).toBe('continue');
  });

  it('takes the mean of the two middle values for an even count', () => {
    // Running averages at step 2: 0.9 and 0.8 → median 0.85.
    expect(judge([item(median)], [A, B, [0.9, 0.86]]).reason).toMatch(/median 0.85(00000000000001)? of 2 other/);
    expect(judge([item(median)], [A, B, [0.9, 0.84]]).decision).toBe('continue');
  });

  it('follows maximize', () => {
    const up = [[0.1, 0.2], [0.2, 0.4], [0.1, 0.25]]; // running averages 0.15, 0.3 → median 0.225
    expect(judge([item(median, 'maximize', 'acc')], up, 'acc').decision).toBe('continue'); // best 0.25
    expect(judge([item(median, 'maximize', 'acc')], [...up.slice(0, 2), [0.1, 0.2]], 'acc').reason).toMatch(/best so far 0.2 is worse than the median 0.225/);
  });

  it('judges only at multiples of evaluation_interval', () => {
    const every2 = [item({ kind: 'median', evaluationInterval: 2 })];
    expect(judge(every2, [A, B, C, [5]]).decision).toBe('continue'); // step 1
    expect(judge(every2, [A, B, C, [5, 5]]).decision).toBe('stop'); // step 2
    expect(judge(every2, [A, B, C, [5, 5, 5]]).decision).toBe('continue'); // step 3
  });

  it(`needs at least ${MIN_OTHERS} other trial that reached the step`, () => {
    expect(MIN_OTHERS).toBe(1);
    expect(judge([item(median)], [[9]]).decision).toBe('continue');
    expect(judge([item(median)], [[1], [9, 9]]).decision).toBe('continue'); // the other stopped at step 1
    expect(judge([item(median)], [[1], [9]]).reason).toMatch(/median 1 of 1 other trial's running average$/);
  });

  it('gives the same verdict whether or not the history already holds the current report', () => {
    const h = history([A, B, C, [1.2, 1.0]]);
    const withIt = evaluatePolicies([item(median)], h.trials[3]!, h.reports(3)[1]!, h);
    const before: History = { trials: h.trials, reports: (n) => (n === 3 ? h.reports(3).slice(0, 1) : h.reports(n)) };
    const without = evaluatePolicies([item(median)], h.trials[3]!, h.reports(3)[1]!, before);
    expect(without).toEqual(withIt);
  });
});

describe('average policy', () => {
  it('compares the best so far with the mean of the running averages', () => {
    // mean(0.9, 0.8, 1.75) = 1.15: best 1.0 continues here though the median rule stops it.
    expect(judge([item(average)], [A, B, C, [1.2, 1.0]]).decision).toBe('continue');
    const v = judge([item(average)], [A, B, C, [1.3, 1.2]]);
    expect(v.decision).toBe('stop');
    expect(v.reason).toMatch(/^average policy at step 2 \(loss, minimize\): best so far 1.2 is worse than the mean 1.15/);
  });
});

describe('truncation policy', () => {
  // Values at step 2: A 0.8, B 0.7, C 1.5.
  const trunc = (percent: number) => [item({ kind: 'truncation', percent, evaluationInterval: 1 })];

  it('stops a trial among the worst percent at the step', () => {
    const v = judge(trunc(25), [A, B, C, [0.1, 1.6]]); // n = 4, k = 1, 3 others better
    expect(v.decision).toBe('stop');
    expect(v.reason).toBe('truncation policy at step 2 (loss, minimize): 1.6 ranks 4 of 4 trials, in the worst 25% (the 1 worst of 4)');
    expect(judge(trunc(25), [A, B, C, [2, 1.2]]).decision).toBe('continue'); // rank 3 of 4
    expect(judge(trunc(50), [A, B, C, [2, 1.2]]).decision).toBe('stop'); // k = 2
  });

  it('uses the value at the step, not the best so far, and ties favour the trial', () => {
    expect(judge(trunc(25), [A, B, C, [0.1, 1.6]]).decision).toBe('stop');
    expect(judge(trunc(25), [A, B, C, [2, 1.5]]).decision).toBe('continue'); // tied with C
  });

  it('never stops when percent of n rounds down to 0', () => {
    expect(judge(trunc(25), [A, [9, 9]]).decision).toBe('continue'); // n = 2, k = 0
    expect(judge(trunc(50), [A, [9, 9]]).decision).toBe('stop'); // k = 1
  });

  it("reads another trial's last report at or before the step", () => {
    // D reports at steps 2 and 4 only; at step 3 its value is 0.1 (from step 2); E at step 3 is 0.5.
    const h = history([[0.1, 0.2], [9, 9, 0.5]], 'loss', [[2, 4], [1, 2, 3]]);
    const v = evaluatePolicies(trunc(50), h.trials[1]!, h.reports(1)[2]!, h);
    expect(v.reason).toMatch(/0.5 ranks 2 of 2/);
  });
});

describe('several items', () => {
  it('skips items without a policy or whose metric is not in the report; the first stop wins', () => {
    const items: EarlyStoppingItem[] = [
      { metric: 'loss', value: 0.01, optimization: 'minimize' },
      item(median, 'maximize', 'acc'),
      item(average),
      item(median),
    ];
    const v = judge(items, [A, B, C, [1.3, 1.2]]);
    expect(v.reason).toMatch(/^average policy/);
    expect(judge(items.slice(0, 2), [A, B, C, [1.3, 1.2]]).decision).toBe('continue');
  });
});
