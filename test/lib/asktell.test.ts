/**
 * The ask/tell API as a library user calls it: real parser, real engine, MemoryStore.
 * Every group is seeded, so each assertion sees the same trials on every run.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AskTellError, Engine, MemoryStore, SpecError, createGroup, planGroup, parseSpec, type AskedTrial } from '../../src/engine/index.ts';
import { InProcessRunner } from '../../src/workers/inprocess.ts';
import { branin } from '../../src/workers/objectives/functions.ts';

const brn = (p: AskedTrial['params']) => branin([p['x1'] as number, p['x2'] as number]);
const box = { x1: { uniform: [-5, 10] }, x2: { uniform: [0, 15] } };

const bo = (seed: number) => ({
  version: 1,
  kind: 'group',
  hptuning: { seed, bo: { n_initial_trials: 10, n_iterations: 10, metric: { name: 'loss', optimization: 'minimize' } }, matrix: box },
});
const random = (n: number, extra: object = {}) => ({ version: 1, kind: 'group', hptuning: { seed: 3, random_search: { n_experiments: n }, matrix: box, ...extra } });

async function expectCode(p: Promise<unknown> | (() => unknown), code: string, trial?: number): Promise<AskTellError> {
  let err: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(AskTellError);
  expect((err as AskTellError).code).toBe(code);
  if (trial !== undefined) {
    expect((err as AskTellError).trial).toBe(trial);
    expect((err as AskTellError).message).toContain(`trial ${trial}`);
  }
  return err as AskTellError;
}

describe('ask/tell on the engine', () => {
  it('hands out the same trials as hptune run, and records the told values', async () => {
    const spec = { ...random(12), run: { objective: 'branin' } };
    const engine = new Engine({ store: new MemoryStore(), runner: new InProcessRunner() });
    const created = await engine.create(JSON.stringify(spec));
    if (!created.ok) throw new Error(created.issues[0]!.message);
    await engine.run(created.group.id);
    const ran = await engine.trials(created.group.id);

    const g = createGroup(spec);
    for await (const t of g.trials()) await g.tell(t, brn(t.params));
    const told = await g.records();
    expect(told.map((t) => t.params)).toEqual(ran.map((t) => t.params));
    expect(told.map((t) => t.metrics['loss']?.last)).toEqual(ran.map((t) => t.metrics['loss']?.last));
    expect((await g.done).status).toBe('done');
    expect(await g.ask()).toBeUndefined();
  });

  it('runs 20 BO trials through optimize and returns the best', async () => {
    const g = createGroup(bo(7));
    const values: number[] = [];
    const best = await g.optimize(async (params) => {
      const v = brn(params);
      values.push(v);
      return v;
    });
    expect(values).toHaveLength(20);
    expect(best?.metrics['loss']?.last).toBe(Math.min(...values));
    const records = await g.records();
    expect(records.every((t) => t.status === 'succeeded')).toBe(true);
    // The ten model-chosen trials do better than the ten random ones (seeded: the same numbers every run).
    expect(Math.min(...values.slice(10))).toBeLessThan(Math.min(...values.slice(0, 10)));
  });

  it('optimize with a trial budget leaves the group open; stop ends it and stops the trials created ahead', async () => {
    const g = createGroup(random(50), { concurrency: 3 });
    let calls = 0;
    await g.optimize(async (p) => (calls++, { loss: brn(p) }), { trials: 7 });
    expect(calls).toBe(7);
    const next = (await g.ask())!;
    expect(next.number).toBeGreaterThanOrEqual(7);
    await g.tell(next, [{ step: 1, values: { loss: brn(next.params) } }]);
    expect((await g.stop()).status).toBe('stopped');
    const records = await g.records();
    expect(records.filter((t) => t.status === 'succeeded')).toHaveLength(8);
    expect(records.filter((t) => t.status !== 'succeeded').every((t) => t.status === 'stopped')).toBe(true);
  });

  it('a YAML spec that does not validate throws a SpecError with line and column', () => {
    let err: unknown;
    try {
      createGroup('version: 1\nkind: group\nhptuning:\n  random_search: {n_experiments: 0}\n  matrix: {x: {values: [1]}}\n');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).issues[0]!.path).toBe('hptuning.random_search.n_experiments');
    expect((err as SpecError).message).toMatch(/spec:4:\d+ hptuning\.random_search\.n_experiments/);
  });

  it('Hyperband acts on told reports: the planned trials, promotions from the best of each rung', async () => {
    const spec = {
      version: 1,
      kind: 'group',
      hptuning: {
        seed: 2,
        concurrency: 3,
        hyperband: { max_iter: 9, eta: 3, resource: { name: 'epochs', type: 'int' }, metric: { name: 'loss', optimization: 'minimize' } },
        matrix: box,
      },
    };
    const parsed = parseSpec(JSON.stringify(spec));
    if (!parsed.ok) throw new Error('invalid');
    const planned = planGroup(parsed.spec);
    const g = createGroup(spec);
    // Three workers at once, each telling its trial's curve: the loss falls with the resource.
    await Promise.all(
      [0, 1, 2].map(async () => {
        for (let t = await g.ask(); t; t = await g.ask()) {
          const f = brn(t.params);
          await g.tell(t, Array.from({ length: t.resource! }, (_, i) => ({ step: i + 1, values: { loss: f + 10 / (i + 1) } })));
        }
      }),
    );
    const records = await g.records();
    expect(records).toHaveLength(planned.trials);
    const promoted = records.filter((t) => t.parent !== undefined);
    expect(promoted.length).toBeGreaterThan(0);
    for (const p of promoted) expect(p.resource).toBeGreaterThan(records[p.parent!]!.resource!);
  });

  it('a median policy stops a trial through report(), and the stopped trial is recorded so', async () => {
    const spec = random(8, { early_stopping: [{ metric: 'loss', optimization: 'minimize', policy: { kind: 'median', evaluation_interval: 1 } }] });
    const g = createGroup(spec);
    const answers: string[] = [];
    for await (const t of g.trials()) {
      const f = brn(t.params);
      let d = 'continue';
      for (let step = 1; step <= 5 && d === 'continue'; step++) d = await g.report(t, { step, values: { loss: f + 1 / step } });
      answers.push(d);
      await g.tell(t, []);
    }
    const records = await g.records();
    expect(answers).toContain('stop');
    expect(records.filter((t) => t.status === 'stopped').length).toBe(answers.filter((a) => a === 'stop').length);
  });
});

describe('every algorithm through optimize', () => {
  // The shipped examples, their trials run by the caller: a curve that falls with the step.
  for (const name of ['grid', 'random', 'hyperband', 'asha', 'bo', 'tpe', 'bohb']) {
    it(`${name}: the group ends done with every planned trial told`, async () => {
      const source = readFileSync(new URL(`../../public/examples/${name}.yaml`, import.meta.url), 'utf8');
      const parsed = parseSpec(source);
      if (!parsed.ok) throw new Error(parsed.issues[0]!.message);
      const metric = parsed.spec.hptuning.algorithm.kind === 'grid' || parsed.spec.hptuning.algorithm.kind === 'random' ? 'loss' : undefined;
      const g = createGroup(source, { concurrency: 2 });
      const name_ = g.metric?.name ?? metric!;
      await g.optimize(async (params, report, t) => {
        const xs = Object.values(params).filter((v): v is number => typeof v === 'number');
        const f = xs.reduce((a, x) => a + (x - 0.3) ** 2, 0) / Math.max(1, xs.length);
        const steps = Math.max(1, Math.round(t.resource ?? 1));
        for (let step = 1; step <= steps; step++) if ((await report({ [name_]: f + 1 / step }, step)) === 'stop') return;
      });
      const done = await g.done;
      const records = await g.records();
      expect(records.every((r) => r.status === 'succeeded' || r.status === 'stopped')).toBe(true);
      if (name === 'grid') {
        // The example's threshold (loss ≤ 6.5) ends the group early, as it would under hptune run.
        expect(done.ended?.kind).toBe('threshold');
      } else {
        expect(done.status).toBe('done');
        // ASHA's promotions depend on the order results arrive; its fresh configurations do not.
        if (name === 'asha') expect(records.filter((r) => r.parent === undefined)).toHaveLength(27);
        else expect(records).toHaveLength(planGroup(parsed.spec).trials);
      }
    });
  }
});

describe('ask/tell bad input', () => {
  it('unknown trial, told twice, non-finite value, report after tell: typed errors naming the trial; nothing half applied', async () => {
    const g = createGroup(bo(1));
    const t = (await g.ask())!;
    await expectCode(g.tell(99, 1), 'unknown-trial', 99);
    await expectCode(g.tell({ number: 99, params: {}, seed: 0 }, 1), 'unknown-trial', 99);
    const nan = await expectCode(g.tell(t, NaN), 'non-finite', t.number);
    expect(nan.message).toContain('loss');
    await expectCode(g.tell(t, [{ step: 1, values: { loss: 1 } }, { step: 2, values: { loss: Infinity } }]), 'non-finite', t.number);
    await expectCode(g.tell(t, 'good' as never), 'bad-report', t.number);
    // The failed calls stored nothing: the trial is still open and takes a good value.
    expect((await g.records())[t.number]!.step).toBeUndefined();
    const record = await g.tell(t, 0.5);
    expect(record.status).toBe('succeeded');
    expect(record.metrics['loss']).toMatchObject({ last: 0.5, count: 1 });
    await expectCode(g.tell(t, 0.4), 'told-twice', t.number);
    await expectCode(g.report(t, { step: 2, values: { loss: 0.3 } }), 'told-twice', t.number);
    await expectCode(g.fail(t, 'late'), 'told-twice', t.number);
    await g.stop();
  });

  it('a bare number in a group without a metric is refused, reports are taken', async () => {
    const g = createGroup(random(2));
    const t = (await g.ask())!;
    await expectCode(g.tell(t, 1), 'no-metric', t.number);
    expect((await g.tell(t, [{ step: 1, values: { f: 1 } }])).metrics['f']?.last).toBe(1);
  });

  it('the iterator refuses to go on past a trial that was not told', async () => {
    const g = createGroup(random(3));
    const seen: number[] = [];
    await expectCode(async () => {
      for await (const t of g.trials()) seen.push(t.number);
    }, 'not-told', 0);
    expect(seen).toEqual([0]);
  });

  it('an objective that throws fails its trial and optimize rejects with the error', async () => {
    const g = createGroup(bo(2));
    let calls = 0;
    await expect(
      g.optimize(async (p) => {
        if (++calls === 3) throw new RangeError('bad epoch');
        return brn(p);
      }),
    ).rejects.toThrow('bad epoch');
    const records = await g.records();
    expect(records[2]).toMatchObject({ status: 'failed', message: expect.stringContaining('RangeError: bad epoch') });
    await g.stop();
  });

  it('stop: an asked trial is told stop at its next report, and ask then ends', async () => {
    const g = createGroup(random(10));
    const t = (await g.ask())!;
    const done = g.stop();
    expect(await g.report(t, { step: 1, values: { loss: 1 } })).toBe('stop');
    expect((await done).status).toBe('stopped');
    expect(await g.ask()).toBeUndefined();
    expect((await g.records())[t.number]!.status).toBe('stopped');
  });

  it('a store that holds the group continues it: a trial asked and never told is handed out again', async () => {
    const store = new MemoryStore();
    const first = createGroup(bo(4), { store, id: 'kept' });
    const a = (await first.ask())!;
    await first.tell(a, brn(a.params));
    const b = (await first.ask())!; // the process "dies" here, trial b never told
    const again = createGroup(bo(4), { store, id: 'kept' });
    const b2 = (await again.ask())!;
    expect(b2.number).toBe(b.number);
    expect(b2.params).toEqual(b.params);
    await again.tell(b2, brn(b2.params));
    expect((await again.records()).slice(0, 2).map((t) => t.status)).toEqual(['succeeded', 'succeeded']);
  });
});
