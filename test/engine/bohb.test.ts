import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/engine/spec/parse.ts';
import { planGroup } from '../../src/engine/plan.ts';
import type { BohbAlgorithm, MatrixEntry } from '../../src/engine/spec/types.ts';
import type { TrialRecord } from '../../src/engine/types.ts';
import { bohbPlan, createBohb } from '../../src/engine/schedulers/hyperband/bohb.ts';
import { createHyperband } from '../../src/engine/schedulers/hyperband/hyperband.ts';
import { hyperbandPlan } from '../../src/engine/schedulers/hyperband/math.ts';
import { buildDims } from '../../src/engine/samplers/tpe/space.ts';
import { pointsNeeded, split } from '../../src/engine/samplers/tpe/kde.ts';
import { group, issueWith, ok } from './spec-helpers.ts';
import { drive, noteOf, resumeOf } from './hyperband-loop.helper.ts';

function bohb(over: Partial<BohbAlgorithm> = {}): BohbAlgorithm {
  return {
    kind: 'bohb',
    maxIter: 9,
    eta: 3,
    resource: { name: 'epochs', type: 'int' },
    metric: { name: 'loss', optimization: 'minimize' },
    resume: false,
    topNPercent: 15,
    numSamples: 64,
    randomFraction: 1 / 3,
    bandwidthFactor: 3,
    minBandwidth: 1e-3,
    model: 'kde',
    ...over,
  };
}

const uniform = { kind: 'uniform' as const, low: 0, high: 1 };
const XY: MatrixEntry[] = [
  { name: 'x', option: uniform },
  { name: 'y', option: uniform },
];

/** Loss of a configuration at a budget: a bowl at (0.3, 0.7) whose offset shrinks with the budget. */
const bowl = (t: TrialRecord) => ({ loss: (Number(t.params.x) - 0.3) ** 2 + (Number(t.params.y) - 0.7) ** 2 + 1 / Number(t.params.epochs) });

const counts = (trials: readonly TrialRecord[]) => {
  const out: Record<string, number> = {};
  for (const t of trials) {
    const key = `${t.tags?.pass} ${t.tags?.bracket} ${t.tags?.rung}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
};

describe('bohb section: Hyperband fields plus the model (docs/extensions.md, "BOHB")', () => {
  const yaml = (fields: string, matrix = '    x: {uniform: [0, 1]}\n') =>
    group(`hptuning:\n  bohb:\n    max_iter: 27\n    eta: 3\n    resource: {name: epochs, type: int}\n    metric: {name: loss, optimization: minimize}\n${fields}  matrix:\n${matrix}`);

  it("fills the paper's defaults; n_iterations defaults to one Hyperband pass", () => {
    const { spec } = ok(parseSpec(yaml('')));
    expect(spec.hptuning.algorithm).toEqual(bohb({ maxIter: 27 }));
    const { spec: given } = ok(parseSpec(yaml('    n_iterations: 7\n    min_points_in_model: 6\n    top_n_percent: 20\n    num_samples: 10\n    random_fraction: 0\n    bandwidth_factor: 2\n    min_bandwidth: 0.01\n    resume: true\n')));
    expect(given.hptuning.algorithm).toEqual(
      bohb({ maxIter: 27, nIterations: 7, minPointsInModel: 6, topNPercent: 20, numSamples: 10, randomFraction: 0, bandwidthFactor: 2, minBandwidth: 0.01, resume: true }),
    );
  });

  it.each([
    ['    top_n_percent: 100\n', 'hptuning.bohb.top_n_percent', 'must be a number with 0 < value < 100, received 100', 9, 20],
    ['    random_fraction: 1.5\n', 'hptuning.bohb.random_fraction', 'must be a number with 0 ≤ value ≤ 1, received 1.5', 9, 22],
    ['    min_bandwidth: 0\n', 'hptuning.bohb.min_bandwidth', 'must be a number > 0, received 0', 9, 20],
    ['    n_iterations: 0\n', 'hptuning.bohb.n_iterations', 'must be an integer ≥ 1, received 0', 9, 19],
    ['    kde: gaussian\n', 'hptuning.bohb.kde', 'the keys of bohb are max_iter, eta, resource, metric, resume, n_iterations', 9, 5],
  ])('refuses %j with the field, the rule, the value and the place', (fields, path, message, line, col) => {
    const issue = issueWith(parseSpec(yaml(fields)), message.slice(0, 25));
    expect(issue.message).toContain(message);
    expect(issue).toMatchObject({ path, line, col });
  });

  it('refuses a categorical-only space, and the resource as a matrix key', () => {
    const cat = issueWith(parseSpec(yaml('', '    act: {values: [relu, tanh]}\n')), 'categorical');
    expect(cat).toMatchObject({ path: 'hptuning.bohb', line: 4, col: 3 });
    const clash = issueWith(parseSpec(yaml('', '    x: {uniform: [0, 1]}\n    epochs: {values: [1, 2]}\n')), 'resource');
    expect(clash).toMatchObject({ path: 'hptuning.matrix.epochs', line: 11, col: 5 });
  });

  it("plan: Hyperband's brackets cycled for n_iterations brackets", () => {
    const { spec } = ok(parseSpec(yaml('    n_iterations: 6\n')));
    const plan = planGroup(spec);
    const hb = hyperbandPlan({ ...bohb({ maxIter: 27 }), kind: 'hyperband' });
    expect(plan).toMatchObject({ algorithm: 'bohb', s_max: 3, n_iterations: 6, passes: 2, model_points: 4, random_fraction: 1 / 3 });
    if (plan.algorithm !== 'bohb') throw new Error('not bohb');
    expect(plan.brackets.map((b) => b.s)).toEqual([3, 2, 1, 0, 3, 2]);
    expect(plan.brackets.slice(0, 4)).toEqual(hb.brackets);
    expect(plan.trials).toBe(hb.trials + hb.brackets[0]!.rungs.concat(hb.brackets[1]!.rungs).reduce((s, r) => s + r.configs, 0));
  });
});

describe('BOHB (Falkner et al. 2018, Algorithm 2) on Hyperband', () => {
  it('the KDE needs more points than dimensions in both sets (d + 1 at least; 2d + 2 with the defaults)', () => {
    const dims = buildDims([...XY, { name: 'z', option: uniform }, { name: 'w', option: uniform }]);
    expect(pointsNeeded(dims, bohb())).toBe(10);
    expect(pointsNeeded(buildDims(XY), bohb())).toBe(6);
    const obs = (n: number) => Array.from({ length: n }, (_, i) => ({ point: [i / n, 0.5], loss: n - i, trial: i }));
    expect(split(buildDims(XY), obs(5), bohb())).toBeUndefined();
    const sets = split(buildDims(XY), obs(40), bohb())!;
    // 15 % of 40 = 6 best, then 85 % = 34 next; the best have the lowest loss.
    expect([sets.good.length, sets.bad.length]).toEqual([6, 34]);
    expect(sets.good.map((o) => o.trial)).toEqual([39, 38, 37, 36, 35, 34]);
  });

  it("runs Hyperband's schedule exactly, promotions included, and tags each pass", () => {
    const hb = drive(createHyperband(XY, { ...bohb(), kind: 'hyperband' }, 4), { concurrency: 2, metrics: bowl }).trials;
    const model = drive(createBohb(XY, bohb({ nIterations: 5 }), 4), { concurrency: 2, metrics: bowl });
    expect(model.end).toEqual({ kind: 'exhausted' });
    const pass = (p: number) => model.trials.filter((t) => t.tags?.pass === p);
    expect(counts(pass(0)).toString()).toBe(counts(hb).toString());
    expect(Object.values(counts(pass(0)))).toEqual(Object.values(counts(hb)));
    // 5 brackets with s_max = 2: one pass of 3, then brackets 2 and 1 of the second.
    expect(new Set(pass(1).map((t) => t.tags?.bracket))).toEqual(new Set([2, 1]));
    expect(model.trials.length).toBe(bohbPlan(XY, bohb({ nIterations: 5 })).trials);
    for (const t of model.trials.filter((u) => u.parent !== undefined)) {
      expect(t.params.x).toBe(model.trials[t.parent!]!.params.x);
      expect(resumeOf(t)).toBe(false);
    }
  });

  it('says where each configuration comes from: random until a budget has enough points, then the model or the random share', () => {
    const trials = drive(createBohb(XY, bohb({ nIterations: 6 }), 8), { concurrency: 1, metrics: bowl }).trials;
    const fresh = trials.filter((t) => t.parent === undefined).map((t) => noteOf(t)!);
    expect(fresh[0]).toBe('pass 1 of 2, bracket 2, rung 0: configuration 1 of 9 at epochs=1; random: no budget has the 6 finished trials a model needs yet');
    const modelNotes = fresh.filter((n) => n.includes('model proposal'));
    expect(modelNotes.length).toBeGreaterThan(5);
    expect(modelNotes[0]).toMatch(/model proposal: KDE on budget \d+ with \d+ points \(good \d+, bad \d+\), best of 64 samples by l\/g = [\d.e+]+$/);
    expect(fresh.some((n) => n.endsWith('random (0.3333 of proposals are)'))).toBe(true);
    expect(fresh.filter((n) => n.startsWith('pass 2 of 2, bracket 2')).length).toBe(9);
  });

  it('model proposals land nearer the optimum than random ones', () => {
    const trials = drive(createBohb(XY, bohb({ nIterations: 9 }), 3), { concurrency: 1, metrics: bowl }).trials.filter((t) => t.parent === undefined);
    const dist = (t: TrialRecord) => Math.hypot(Number(t.params.x) - 0.3, Number(t.params.y) - 0.7);
    const mean = (ts: TrialRecord[]) => ts.reduce((s, t) => s + dist(t), 0) / ts.length;
    const byModel = trials.filter((t) => noteOf(t)!.includes('model proposal'));
    const byChance = trials.filter((t) => !noteOf(t)!.includes('model proposal'));
    expect(mean(byModel)).toBeLessThan(mean(byChance) / 2);
  });

  it('resumes: rebuilt from the history before every ask, it suggests the same trials', () => {
    const alg = () => createBohb(XY, bohb({ nIterations: 5, resume: true }), 6);
    const once = drive(alg(), { concurrency: 3, metrics: bowl }).trials;
    const reopened = drive(alg(), { concurrency: 3, metrics: bowl, reopen: alg }).trials;
    expect(reopened.map((t) => [t.params, t.parent, t.tags])).toEqual(once.map((t) => [t.params, t.parent, t.tags]));
    expect(once.filter((t) => t.parent !== undefined).every((t) => resumeOf(t) === true)).toBe(true);
  });

  it("shows Hyperband's view of the current pass: its brackets, rungs and trials", () => {
    const alg = createBohb(XY, bohb({ nIterations: 4 }), 5);
    const trials = drive(alg, { concurrency: 1, metrics: bowl }).trials;
    const view = alg.inspect!({ trials, reports: () => [] });
    if (!view || view.kind !== 'hyperband') throw new Error('expected a rungs view');
    const second = trials.filter((t) => t.tags?.pass === 1).map((t) => t.number);
    expect(view.brackets.flatMap((b) => b.rungs.flatMap((r) => r.trials)).sort((a, b) => a - b)).toEqual(second);
  });

  it('fails a categorical-only matrix the parser would refuse', () => {
    const alg = createBohb([{ name: 'a', option: { kind: 'values', values: ['p', 'q'] } }], bohb(), 1);
    expect(alg.ask({ trials: [], reports: () => [] })).toMatchObject({ kind: 'failed', message: expect.stringContaining('every entry is categorical') });
  });
});
