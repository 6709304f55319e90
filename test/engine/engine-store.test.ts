// The engine is the one way to a group's storage: ids of new groups are unique,
// deleteGroup / exportGroup / importGroup go through it, and an import whose summaries
// disagree with its reports is refused with the field named and nothing written.
import { describe, expect, it } from 'vitest';
import { Engine, MemoryStore, type TrialRunner } from '../../src/engine/index.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InProcessRunner } from '../../src/workers/inprocess.ts';

/** val_accuracy per step for trial n: rises to 0.58 for trial 0, to 0.6 + n/100 for the others. */
const curve = (n: number): number[] => (n === 0 ? [0.31, 0.47, 0.58] : [0.4, 0.55, 0.6 + n / 100]);

/** A trial that reports val_accuracy and val_loss three times (what a model trial's reports look like). */
const scripted: TrialRunner = {
  async run(job, report) {
    for (const [i, acc] of curve(job.trial).entries()) {
      await report({ step: i + 1, values: { val_accuracy: acc, val_loss: 1 - acc } });
    }
    return { kind: 'completed' };
  },
};

const SPEC = `version: 1
kind: group
hptuning:
  seed: 7
  matrix:
    lr: {values: [0.1, 0.01, 0.001]}
  early_stopping:
    - {metric: val_accuracy, value: 0.99, optimization: maximize}
run: {code: "async (params, report) => 0"}
`;

const BRANIN = `version: 1
kind: group
hptuning:
  seed: 3
  random_search: {n_experiments: 4}
  matrix:
    x1: {uniform: [-5, 10]}
    x2: {uniform: [0, 15]}
run: {objective: branin}
`;

async function ranGroup(): Promise<{ engine: Engine; id: string }> {
  const engine = new Engine({ store: new MemoryStore(), runner: scripted, now: () => 1_700_000_000_000 });
  const created = await engine.create(SPEC);
  if (!created.ok) throw new Error(JSON.stringify(created.issues));
  const done = await engine.run(created.group.id);
  expect(done.status).toBe('done');
  return { engine, id: created.group.id };
}

describe('group ids', () => {
  it('two groups created in the same millisecond with the same seed get different ids and both are kept', async () => {
    const store = new MemoryStore();
    const engine = new Engine({ store, runner: new InProcessRunner(), now: () => 1_700_000_000_000 });
    const a = await engine.create(BRANIN);
    const b = await engine.create(BRANIN);
    const [c, d] = await Promise.all([engine.create(BRANIN), engine.create(BRANIN)]);
    const ids = [a, b, c, d].map((r) => (r.ok ? r.group.id : r.issues[0]!.message));
    expect(new Set(ids).size).toBe(4);
    expect((await store.listGroups()).map((g) => g.id).sort()).toEqual([...ids].sort());
  });

  it('a second engine on the same store (another tab) does not take an id the store holds', async () => {
    const store = new MemoryStore();
    const now = () => 1_700_000_000_000;
    const first = await new Engine({ store, runner: new InProcessRunner(), now }).create(BRANIN);
    const second = await new Engine({ store, runner: new InProcessRunner(), now }).create(BRANIN);
    expect(first.ok && second.ok && first.group.id !== second.group.id).toBe(true);
    expect(await store.listGroups()).toHaveLength(2);
  });
});

describe('deleteGroup, exportGroup and importGroup', () => {
  it('export then import into another store gives the same file; a second import is a named copy', async () => {
    const { engine, id } = await ranGroup();
    const file = await engine.exportGroup(id);
    expect(file.fileName).toMatch(/\.hptune\.json$/);
    expect(file.value.best).toMatchObject({ trial: 2, metric: 'val_accuracy', value: 0.62 });

    const other = new Engine({ store: new MemoryStore(), runner: scripted, now: () => 1_700_000_500_000 });
    const imported = await other.importGroup(file.text);
    expect(imported).toMatchObject({ ok: true, copy: false, trials: 3 });
    expect(JSON.parse((await other.exportGroup(id)).text)).toEqual(JSON.parse(file.text));

    const again = await other.importGroup(file.text);
    if (!again.ok) throw new Error(JSON.stringify(again.issues));
    expect(again.copy).toBe(true);
    expect(again.group.id).not.toBe(id);
    expect(again.group.name).toMatch(/\(imported\)$/);
    expect(await other.groups()).toHaveLength(2);

    const csv = await other.exportTrialsCsv(id);
    expect(csv.text.split('\n').filter(Boolean)).toHaveLength(4);
    await other.deleteGroup(again.group.id);
    expect((await other.groups()).map((g) => g.id)).toEqual([id]);
    expect(await other.trials(again.group.id)).toEqual([]);
  });

  it('refuses to delete a group while it runs here', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: TrialRunner = {
      async run(_job, report) {
        await gate;
        await report({ step: 1, values: { val_accuracy: 0.5 } });
        return { kind: 'completed' };
      },
    };
    const engine = new Engine({ store: new MemoryStore(), runner: slow });
    const created = await engine.create(SPEC);
    if (!created.ok) throw new Error('invalid');
    const running = engine.run(created.group.id);
    await expect(engine.deleteGroup(created.group.id)).rejects.toThrow(/running: stop or pause it/);
    release();
    await running;
    await engine.deleteGroup(created.group.id);
    expect(await engine.groups()).toEqual([]);
  });
});

describe('an import is checked against its own reports', () => {
  /** The export with one field changed by `edit`. */
  async function tampered(edit: (file: any) => void): Promise<string> {
    const { engine, id } = await ranGroup();
    const file = JSON.parse((await engine.exportGroup(id)).text);
    edit(file);
    return JSON.stringify(file);
  }

  async function expectRefused(text: string, path: string, message: RegExp): Promise<void> {
    const target = new Engine({ store: new MemoryStore(), runner: scripted });
    const result = await target.importGroup(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]!.path).toBe(path);
    expect(result.issues[0]!.message).toMatch(message);
    expect(await target.groups()).toEqual([]);
  }

  it("refuses a trial whose val_accuracy.last says 0.99 when its reports end at 0.58, naming the field and both values", async () => {
    const text = await tampered((f) => {
      const t0 = f.trials.findIndex((t: { number: number }) => t.number === 0);
      f.trials[t0].metrics.val_accuracy.last = 0.99;
    });
    await expectRefused(text, 'trials[0].metrics.val_accuracy.last', /stores 0\.99, but the reports of trial 0 give 0\.58/);
  });

  it('refuses a changed min, max or count, a summary without reports, a wrong last step, and a best trial the summaries contradict', async () => {
    await expectRefused(await tampered((f) => (f.trials[1].metrics.val_loss.min = 0.1)), 'trials[1].metrics.val_loss.min', /stores 0\.1, but the reports of trial 1 give 0\.39/);
    await expectRefused(await tampered((f) => (f.trials[1].metrics.val_accuracy.max = 0.7)), 'trials[1].metrics.val_accuracy.max', /stores 0\.7/);
    await expectRefused(await tampered((f) => (f.trials[2].metrics.val_accuracy.count = 2)), 'trials[2].metrics.val_accuracy.count', /stores 2, but the reports of trial 2 give 3/);
    await expectRefused(
      await tampered((f) => (f.trials[2].metrics.f1 = { last: 1, min: 1, max: 1, count: 1 })),
      'trials[2].metrics.f1',
      /trial 2 has no report of "f1"/,
    );
    await expectRefused(await tampered((f) => (f.trials[2].step = 9)), 'trials[2].step', /stores 9, but the last report of trial 2 gives 3/);
    await expectRefused(await tampered((f) => (f.best = { ...f.best, trial: 1, params: f.trials[1].params, value: 0.61 })), 'best.trial', /stores 1, but the trials' val_accuracy \(maximize\) give 2/);
    await expectRefused(await tampered((f) => (f.best.value = 0.9)), 'best.value', /stores 0\.9/);
  });

  it('a consistent file that only reorders keys is accepted', async () => {
    const text = await tampered((f) => {
      for (const t of f.trials) t.metrics = Object.fromEntries(Object.entries(t.metrics).reverse());
    });
    const result = await new Engine({ store: new MemoryStore(), runner: scripted }).importGroup(text);
    expect(result.ok).toBe(true);
  });
});

describe('what the engine exports is consistent', () => {
  it('a Hyperband group with a median policy, paused after 40 reports and resumed, exports a file that imports', async () => {
    const example = readFileSync(join(import.meta.dirname, '../../public/examples/hyperband.yaml'), 'utf8').replace(
      'run:',
      'early_stopping: [{metric: loss, value: -1000, optimization: minimize, policy: {kind: median, evaluation_interval: 2}}]\nrun:',
    ).replace('early_stopping:', '  early_stopping:');
    const engine = new Engine({ store: new MemoryStore(), runner: new InProcessRunner() });
    const created = await engine.create(example);
    if (!created.ok) throw new Error(JSON.stringify(created.issues));
    const id = created.group.id;
    let reports = 0;
    const off = engine.subscribe((e) => {
      if (e.type === 'report' && ++reports === 40) engine.pause(id);
    });
    expect((await engine.run(id)).status).toBe('paused');
    off();
    expect((await engine.run(id)).status).toBe('done');
    const trials = await engine.trials(id);
    expect(trials.some((t) => t.status === 'stopped')).toBe(true);
    expect(trials.some((t) => t.resumeFrom !== undefined)).toBe(true);
    const file = await engine.exportGroup(id, { checkpoints: true });
    const other = new Engine({ store: new MemoryStore(), runner: new InProcessRunner() });
    const imported = await other.importGroup(file.text);
    if (!imported.ok) throw new Error(JSON.stringify(imported.issues));
    expect(imported.trials).toBe(trials.length);
  });
});
