import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/engine/spec/parse.ts';
import { planGroup } from '../../src/engine/plan.ts';
import type { MatrixEntry, TpeAlgorithm } from '../../src/engine/spec/types.ts';
import type { Params, TrialRecord } from '../../src/engine/types.ts';
import { createTpe, goodSetSize } from '../../src/engine/samplers/tpe/tpe.ts';
import { observationWeights } from '../../src/engine/samplers/tpe/estimator.ts';
import { createRandomSearch } from '../../src/engine/samplers/random.ts';
import { group, issueWith, ok } from './spec-helpers.ts';
import { drive, noteOf } from './hyperband-loop.helper.ts';

function tpe(over: Partial<TpeAlgorithm> = {}): TpeAlgorithm {
  return {
    kind: 'tpe',
    nExperiments: 40,
    nStartupTrials: 10,
    nEiCandidates: 24,
    gamma: 0.1,
    priorWeight: 1,
    considerEndpoints: false,
    multivariate: false,
    metric: { name: 'loss', optimization: 'minimize' },
    ...over,
  };
}

const uniform = (low: number, high: number) => ({ kind: 'uniform' as const, low, high });
const X: MatrixEntry[] = [{ name: 'x', option: uniform(0, 1) }];
const XY: MatrixEntry[] = [
  { name: 'x', option: uniform(0, 1) },
  { name: 'y', option: uniform(0, 1) },
];

/** Runs the algorithm one trial at a time; each trial reports loss(params). */
function run(alg: ReturnType<typeof createTpe>, loss: (p: Params) => number, reopen?: () => ReturnType<typeof createTpe>): TrialRecord[] {
  return [...drive(alg, { concurrency: 1, metrics: (t) => ({ loss: loss(t.params) }), ...(reopen && { reopen }) }).trials];
}

const bowl = (p: Params) => (Number(p.x) - 0.3) ** 2 + (p.y === undefined ? 0 : (Number(p.y) - 0.7) ** 2);

describe('tpe section: fields and defaults (docs/extensions.md, "TPE")', () => {
  const yaml = (tpeFields: string, matrix = '    x: {uniform: [0, 1]}\n') => group(`hptuning:\n  tpe:\n${tpeFields}\n  matrix:\n${matrix}`);

  it("fills Optuna's defaults", () => {
    const { spec } = ok(parseSpec(yaml('    n_experiments: 30\n    metric: {name: loss, optimization: minimize}')));
    expect(spec.hptuning.algorithm).toEqual(tpe({ nExperiments: 30 }));
  });

  it('keeps every given field', () => {
    const fields = '    n_experiments: 5\n    n_startup_trials: 2\n    n_ei_candidates: 7\n    gamma: 0.25\n    prior_weight: 0.5\n    consider_endpoints: true\n    multivariate: true\n    metric: {name: acc}';
    const { spec } = ok(parseSpec(yaml(fields)));
    expect(spec.hptuning.algorithm).toEqual(
      tpe({ nExperiments: 5, nStartupTrials: 2, nEiCandidates: 7, gamma: 0.25, priorWeight: 0.5, considerEndpoints: true, multivariate: true, metric: { name: 'acc', optimization: 'maximize' } }),
    );
  });

  it.each([
    ['    n_experiments: 5\n    metric: {name: loss}\n    gamma: 1.5', 'hptuning.tpe.gamma', 'must be a number with 0 < value < 1, received 1.5', 7, 12],
    ['    n_experiments: 5\n    metric: {name: loss}\n    gamma: 0', 'hptuning.tpe.gamma', 'must be a number with 0 < value < 1, received 0', 7, 12],
    ['    n_experiments: 5\n    metric: {name: loss}\n    n_startup_trials: 0', 'hptuning.tpe.n_startup_trials', 'must be an integer ≥ 1, received 0', 7, 23],
    ['    n_experiments: 5\n    metric: {name: loss}\n    n_ei_candidates: 0', 'hptuning.tpe.n_ei_candidates', 'must be an integer ≥ 1, received 0', 7, 22],
    ['    n_experiments: 5\n    metric: {name: loss}\n    n_startup: 3', 'hptuning.tpe.n_startup', 'the keys of tpe are n_experiments, n_startup_trials', 7, 5],
    ['    metric: {name: loss}', 'hptuning.tpe.n_experiments', 'is required: must be an integer ≥ 1', 4, 3],
  ])('refuses %j with the field, the rule, the value and the place', (fields, path, message, line, col) => {
    const issue = issueWith(parseSpec(yaml(fields)), message.slice(0, 30));
    expect(issue.message).toContain(message);
    expect(issue).toMatchObject({ path, line, col });
  });

  it('refuses a categorical-only space and says what fits it better', () => {
    const issue = issueWith(parseSpec(yaml('    n_experiments: 5\n    metric: {name: loss}', '    act: {values: [relu, tanh]}\n    opt: {pvalues: [[adam, 0.5], [sgd, 0.5]]}\n')), 'categorical');
    expect(issue).toMatchObject({ path: 'hptuning.tpe', line: 4, col: 3 });
    expect(issue.message).toBe('needs at least one numeric matrix entry, received only categorical ones (act, opt): use random_search or grid_search for a categorical space');
  });

  it('accepts every matrix option, including distributions grid and BO refuse', () => {
    const matrix = '    a: {loguniform: [-5, 0]}\n    b: {qnormal: [0, 1, 0.5]}\n    c: {pvalues: [[x, 0.3], [y, 0.7]]}\n    d: {logspace: 0:3:4}\n';
    expect(parseSpec(yaml('    n_experiments: 5\n    metric: {name: loss}', matrix)).ok).toBe(true);
  });

  it('plan: random start, then TPE-guided trials, capped by a finite space', () => {
    const { spec } = ok(parseSpec(yaml('    n_experiments: 30\n    metric: {name: loss}', '    x: {values: [1, 2, 3, 4]}\n    y: {range: 0:5:1}\n')));
    expect(planGroup(spec)).toEqual({ algorithm: 'tpe', trials: 20, startup: 10, guided: 10, space: 20 });
  });
});

describe('TPE sampler (Bergstra et al. 2011, section 4; Optuna defaults)', () => {
  it("good set: min(⌈gamma·n⌉, 25), and Optuna's weights (older observations count less past 25)", () => {
    expect([1, 10, 11, 23, 300].map((n) => goodSetSize(n, 0.1))).toEqual([1, 1, 2, 3, 25]);
    expect(goodSetSize(10, 0.5)).toBe(5);
    expect(observationWeights(3)).toEqual([1, 1, 1]);
    const w = observationWeights(30);
    expect(w.slice(25)).toEqual([1, 1, 1, 1, 1]);
    expect(w[0]).toBeCloseTo(1 / 30, 12);
    expect(w[4]).toBe(1);
  });

  it('the random start is random search, trial for trial, with its reason', () => {
    const trials = run(createTpe(XY, tpe(), 7), bowl);
    const random = drive(createRandomSearch(XY, 7, 10), { concurrency: 1, metrics: () => ({ loss: 0 }) }).trials;
    expect(trials.slice(0, 10).map((t) => t.params)).toEqual(random.map((t) => t.params));
    expect(noteOf(trials[2]!)).toBe('random start 3 of 10');
  });

  it('then says why: the best of the candidates by l/g, and the good set with its threshold', () => {
    const trials = run(createTpe(XY, tpe(), 7), bowl);
    expect(trials).toHaveLength(40);
    const note = noteOf(trials[11]!)!;
    expect(note).toMatch(/^TPE: best of 24 candidates by l\/g = \d+(\.\d{1,3})? \(good set: 2 of 11 trials at or below loss [\d.e-]+\)$/);
    const threshold = Number(/loss ([\d.e-]+)\)/.exec(note)![1]);
    const losses = trials.slice(0, 11).map((t) => t.metrics.loss!.last).sort((a, b) => a - b);
    expect(threshold).toBe(Number(losses[1]!.toPrecision(4)));
  });

  it('concentrates where the loss is low (a random search would not)', () => {
    for (const multivariate of [false, true]) {
      const trials = run(createTpe(XY, tpe({ multivariate }), 11), bowl);
      const late = trials.slice(25).map((t) => Math.hypot(Number(t.params.x) - 0.3, Number(t.params.y) - 0.7));
      const random = drive(createRandomSearch(XY, 11, 40), { concurrency: 1, metrics: () => ({ loss: 0 }) }).trials.slice(25);
      const spread = random.map((t) => Math.hypot(Number(t.params.x) - 0.3, Number(t.params.y) - 0.7));
      const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
      expect(mean(late)).toBeLessThan(mean(spread) / 2);
    }
  });

  it('maximizes when the metric says so', () => {
    const alg = createTpe(X, tpe({ metric: { name: 'acc', optimization: 'maximize' } }), 3);
    const trials = drive(alg, { concurrency: 1, metrics: (t) => ({ acc: -((Number(t.params.x) - 0.8) ** 2) }) }).trials;
    const late = trials.slice(25).map((t) => Math.abs(Number(t.params.x) - 0.8));
    // Uniform draws would be 0.34 away on average.
    expect(late.reduce((s, x) => s + x, 0) / late.length).toBeLessThan(0.17);
    expect(noteOf(trials[30]!)).toContain('at or above acc');
  });

  it('learns a categorical value with a pvalues prior, and keeps options in their support', () => {
    const matrix: MatrixEntry[] = [
      { name: 'x', option: { kind: 'quniform', low: 0, high: 1, q: 0.05 } },
      { name: 'lr', option: { kind: 'loguniform', low: Math.log(1e-4), high: Math.log(1e-1) } },
      { name: 'units', option: { kind: 'logspace', start: 1, stop: 3, num: 3, base: 10 } },
      { name: 'act', option: { kind: 'pvalues', values: [['relu', 0.8], ['tanh', 0.1], ['elu', 0.1]] } },
    ];
    const loss = (p: Params) => (Number(p.x) - 0.3) ** 2 + (p.act === 'tanh' ? 0 : 1) + Math.abs(Math.log10(Number(p.lr)) + 2);
    const trials = run(createTpe(matrix, tpe(), 5), loss);
    const late = trials.slice(20);
    expect(late.filter((t) => t.params.act === 'tanh').length).toBeGreaterThan(late.length / 2);
    for (const t of trials) {
      expect(Math.abs(Number(t.params.x) / 0.05 - Math.round(Number(t.params.x) / 0.05))).toBeLessThan(1e-9);
      expect(Number(t.params.lr)).toBeGreaterThanOrEqual(1e-4);
      expect(Number(t.params.lr)).toBeLessThan(1e-1);
      expect([10, 100, 1000]).toContain(t.params.units);
    }
  });

  it('never repeats a configuration, and a finite space ends the search with the reason', () => {
    const matrix: MatrixEntry[] = [
      { name: 'x', option: { kind: 'values', values: [1, 2, 3] } },
      { name: 'y', option: { kind: 'linspace', start: 0, stop: 1, num: 5 } },
    ];
    const result = drive(createTpe(matrix, tpe({ nExperiments: 30, nStartupTrials: 3 }), 1), { concurrency: 1, metrics: (t) => ({ loss: Number(t.params.x) + Number(t.params.y) }) });
    expect(result.trials).toHaveLength(15);
    expect(new Set(result.trials.map((t) => JSON.stringify(t.params))).size).toBe(15);
    expect(result.end).toEqual({ kind: 'exhausted', reason: 'the matrix has 15 distinct configurations, fewer than n_experiments 30; all were tried' });
  });

  it('resumes: an algorithm rebuilt from the history before every ask suggests the same trials', () => {
    const once = run(createTpe(XY, tpe({ nExperiments: 25 }), 9), bowl);
    const reopened = run(createTpe(XY, tpe({ nExperiments: 25 }), 9), bowl, () => createTpe(XY, tpe({ nExperiments: 25 }), 9));
    expect(reopened.map((t) => t.params)).toEqual(once.map((t) => t.params));
    const other = run(createTpe(XY, tpe({ nExperiments: 25 }), 10), bowl);
    expect(other.map((t) => t.params)).not.toEqual(once.map((t) => t.params));
  });

  it('with concurrency, asks before any trial has reported stay random and say so', () => {
    const trials = drive(createTpe(X, tpe({ nStartupTrials: 1, nExperiments: 4 }), 2), { concurrency: 3, metrics: (t) => ({ loss: Number(t.params.x) }) }).trials;
    expect(trials.slice(0, 3).map(noteOf)).toEqual(['random start 1 of 1', 'random: no trial has reported loss yet', 'random: no trial has reported loss yet']);
    expect(noteOf(trials[3]!)).toMatch(/^TPE: best of 24 candidates/);
  });

  it('fails a categorical-only matrix the parser would refuse', () => {
    const alg = createTpe([{ name: 'a', option: { kind: 'values', values: ['p', 'q'] } }], tpe(), 1);
    expect(alg.ask({ trials: [], reports: () => [] })).toMatchObject({ kind: 'failed', message: expect.stringContaining('every entry is categorical') });
  });
});
