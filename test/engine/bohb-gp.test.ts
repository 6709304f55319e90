// BOHB's `model: gp` (docs/extensions.md, "BOHB with a Gaussian process"): the field, its
// errors, and the GP's proposals on LC4 run by the real engine (parser, MemoryStore,
// in-process runner): in the space, explained, replayed identically after a pause.
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/engine/spec/parse.ts';
import { planGroup } from '../../src/engine/plan.ts';
import { Engine } from '../../src/engine/engine.ts';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import type { TrialRecord } from '../../src/engine/types.ts';
import { InProcessRunner } from '../../src/workers/inprocess.ts';
import { lc4True } from '../../src/workers/objectives/lc4.ts';
import { rngFor } from '../../src/engine/rng.ts';
import { group, issueWith, ok } from './spec-helpers.ts';

const head = 'hptuning:\n  bohb:\n    max_iter: 27\n    eta: 3\n    resource: {name: epochs, type: int}\n    metric: {name: loss, optimization: minimize}\n';
const yaml = (fields: string) => group(`${head}${fields}  matrix:\n    x: {uniform: [0, 1]}\n`);

describe('bohb.model', () => {
  it('defaults to the paper\'s kde; gp is accepted', () => {
    const kde = ok(parseSpec(yaml(''))).spec.hptuning.algorithm;
    expect(kde).toMatchObject({ kind: 'bohb', model: 'kde' });
    expect(ok(parseSpec(yaml('    model: gp\n'))).spec.hptuning.algorithm).toMatchObject({ kind: 'bohb', model: 'gp' });
  });

  it.each([
    ['    model: tree\n', "must be one of kde, gp, received 'tree'"],
    ['    model: 3\n', 'must be one of kde, gp, received 3'],
    ['    model: [gp]\n', 'must be one of kde, gp, received'],
  ])('refuses %j naming the field, the rule, the value and the place', (fields, message) => {
    const issue = issueWith(parseSpec(yaml(fields)), 'must be one of kde, gp');
    expect(issue.message).toContain(message);
    expect(issue).toMatchObject({ path: 'hptuning.bohb.model', line: 9, col: 12 });
  });

  it('refuses a distribution the GP cannot encode, naming the entry, the rule and the value', () => {
    const source = group(`${head}    model: gp\n  matrix:\n    lr: {loguniform: [0.01, 1]}\n`);
    const issue = issueWith(parseSpec(source), 'model: gp cannot use');
    expect(issue.message).toBe("`lr` defines a non uniform distribution, which bohb's model: gp cannot use (it encodes the space as bayesian optimization does). Received loguniform; use uniform or values, or model: kde");
    expect(issue).toMatchObject({ path: 'hptuning.matrix.lr', line: 11 });
    ok(parseSpec(group(`${head}  matrix:\n    lr: {loguniform: [0.01, 1]}\n`)));
  });

  it('the unknown-key message lists model', () => {
    expect(issueWith(parseSpec(yaml('    modle: gp\n')), 'the keys of bohb').message).toContain('model');
  });

  it('plan: a budget is modelled from min_points_in_model trials (d + 1), not the KDE\'s 2d + 2', () => {
    expect(planGroup(ok(parseSpec(yaml('    model: gp\n'))).spec)).toMatchObject({ algorithm: 'bohb', model: 'gp', model_points: 2 });
    expect(planGroup(ok(parseSpec(yaml(''))).spec)).toMatchObject({ algorithm: 'bohb', model: 'kde', model_points: 4 });
  });
});

const MATRIX = { x1: { uniform: [0, 1] }, x2: { uniform: [0, 1] }, x3: { uniform: [0, 1] }, x4: { uniform: [0, 1] } };
const spec = (seed: number, model: string, extra: object = {}) =>
  JSON.stringify({
    version: 1,
    kind: 'group',
    hptuning: {
      seed,
      concurrency: 1,
      matrix: MATRIX,
      bohb: { max_iter: 27, eta: 3, resource: { name: 'epochs', type: 'int' }, metric: { name: 'loss', optimization: 'minimize' }, resume: true, n_iterations: 8, model, ...extra },
    },
    run: { objective: 'lc4' },
  });

async function run(source: string, pauseAt?: number) {
  const store = new MemoryStore();
  const engine = new Engine({ store, runner: new InProcessRunner() });
  const c = await engine.create(source, { id: 'g' });
  if (!c.ok) throw new Error(c.issues[0]!.message);
  if (pauseAt !== undefined) {
    let seen = 0;
    expect((await engine.run('g', { observer: { report: () => void (++seen === pauseAt && engine.pause('g')) } })).status).toBe('paused');
    // A fresh engine: nothing survives but the stored history.
    expect((await new Engine({ store, runner: new InProcessRunner() }).run('g')).status).toBe('done');
  } else {
    expect((await engine.run('g')).status).toBe('done');
  }
  return store.listTrials('g');
}

const noteOf = (t: TrialRecord) => t.events?.find((e) => e.kind === 'note')?.message ?? '';
const byGp = (trials: readonly TrialRecord[]) => trials.filter((t) => t.parent === undefined && noteOf(t).includes('model-based (GP'));
const regret = (t: TrialRecord) => lc4True([1, 2, 3, 4].map((i) => Number(t.params[`x${i}`]))) - 0.1;

describe('BOHB with the GP on LC4 (real engine)', () => {
  it('proposes inside the space, says why with rounded numbers, and records the fit it used', async () => {
    const trials = await run(spec(3, 'gp'));
    const gp = byGp(trials);
    expect(gp.length).toBeGreaterThan(20);
    for (const t of gp) {
      for (const k of ['x1', 'x2', 'x3', 'x4']) expect(Number(t.params[k])).toSatisfy((v: number) => v >= 0 && v <= 1);
      const [, , predicted] = /model-based \(GP on budget \d+( and budgets down to \d+)?, \d+ observations\): predicts loss (\S+) at budget \d+$/.exec(noteOf(t)) ?? [];
      expect(predicted, noteOf(t)).toBeDefined();
      expect(Number(predicted), noteOf(t)).toBe(Number(Number(predicted).toPrecision(4)));
      expect(t.tags?.gp_theta_0).toBeTypeOf('number');
    }
    // Before a budget has d + 1 = 5 finished trials, the share the model would propose is random too.
    const early = trials.slice(0, 5).filter((t) => !noteOf(t).endsWith('random (0.3333 of proposals are)'));
    expect(early.length).toBeGreaterThan(0);
    for (const t of early) expect(noteOf(t)).toMatch(/random: no budget has the 5 finished trials a model needs yet$/);
  });

  it('a paused and reopened group proposes the same trials as a straight run', async () => {
    const straight = await run(spec(4, 'gp'));
    const shape = (ts: readonly TrialRecord[]) => ts.map((t) => [t.params, t.parent, t.tags, noteOf(t)]);
    for (let rep = 0; rep < 2; rep++) {
      const at = 1 + rngFor(21, rep).int(150);
      expect(shape(await run(spec(4, 'gp'), at)), `paused at report ${at}`).toEqual(shape(straight));
    }
  });

  it('its proposals sit nearer the optimum of f than the random share', async () => {
    // Small runs (8 brackets of max_iter 27): over seeds 0–7 the GP's proposals had 0.45 to
    // 0.80 times the median regret of the random ones, so only "nearer" is asserted here;
    // how much nearer on the full LC4 budget is measured by `hptune bench` (docs/extensions.md,
    // "BOHB with a Gaussian process").
    for (const seed of [0, 1, 2]) {
      const trials = (await run(spec(seed, 'gp'))).filter((t) => t.parent === undefined);
      const median = (ts: TrialRecord[]) => ts.map(regret).sort((a, b) => a - b)[Math.floor(ts.length / 2)]!;
      const random = trials.filter((t) => /random/.test(noteOf(t)));
      expect(median(byGp(trials)), `seed ${seed}`).toBeLessThan(median(random));
    }
  });
});
