// Resume determinism (pause and resume): a group interrupted anywhere
// — paused by the user, or cut off as by a closed tab — and run again produces exactly
// the trials an uninterrupted run produces, with every report kept once.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import type { Store } from '../../src/engine/store/store.ts';
import { InProcessRunner } from '../../src/workers/inprocess.ts';
import { rngFor } from '../../src/engine/rng.ts';

const MATRIX = { x1: { uniform: [0, 1] }, x2: { uniform: [0, 1] }, x3: { values: [0.2, 0.5, 0.8] }, x4: { uniform: [0, 1] } };
const metric = { name: 'loss', optimization: 'minimize' };
const resource = { name: 'epochs', type: 'int' };
const SPECS: Record<string, object> = {
  random: { params: { epochs: 6 }, hptuning: { seed: 5, concurrency: 3, random_search: { n_experiments: 12 }, matrix: MATRIX } },
  grid: { params: { epochs: 4 }, hptuning: { seed: 5, concurrency: 2, matrix: { x1: { linspace: '0:1:3' }, x2: { values: [0.1, 0.9] }, x3: { values: [0.5] }, x4: { values: [0.2] } } } },
  'hyperband-resume': { hptuning: { seed: 5, concurrency: 2, hyperband: { max_iter: 9, eta: 3, resource, metric, resume: true }, matrix: MATRIX } },
  // ASHA decides on whatever has finished when a slot frees (Li et al. 2020), so with more
  // than one slot its trials depend on finishing order, interrupted or not: replayable at concurrency 1.
  asha: { hptuning: { seed: 5, concurrency: 1, asha: { max_iter: 9, eta: 3, n_experiments: 12, resource, metric, resume: true }, matrix: MATRIX } },
  // BOHB's model sees the trials that have finished, so it too is replayable at concurrency 1; its GP takes uniform entries only.
  'bohb-gp': {
    hptuning: { seed: 5, concurrency: 1, bohb: { model: 'gp', max_iter: 9, eta: 3, n_iterations: 6, resource, metric, resume: true }, matrix: { ...MATRIX, x3: { uniform: [0, 1] } } },
  },
};
const source = (name: string) => JSON.stringify({ version: 1, kind: 'group', ...SPECS[name], run: { objective: 'lc4' } });

/** What must be identical: each trial's params, status, lineage and reports. */
async function outcome(store: Store, id: string) {
  const trials = await store.listTrials(id);
  const reports = await store.listReports(id);
  return trials.map((t) => ({
    number: t.number,
    params: t.params,
    status: t.status,
    parent: t.parent,
    loss: t.metrics.loss,
    steps: reports.filter((r) => r.trial === t.number).map((r) => [r.step, r.values.loss]),
  }));
}

async function straight(name: string) {
  const store = new MemoryStore();
  const engine = new Engine({ store, runner: new InProcessRunner() });
  const c = await engine.create(source(name), { id: 'g' });
  if (!c.ok) throw new Error(c.issues[0]!.message);
  expect((await engine.run('g')).status).toBe('done');
  return outcome(store, 'g');
}

/** A store whose writes, after `cut()`, are silently lost and never answer: a closed tab. */
function cuttable(inner: Store): Store & { cut(): void } {
  let cut = false;
  const never = new Promise<never>(() => {});
  const guard =
    <A extends unknown[]>(f: (...a: A) => Promise<void>) =>
    (...a: A) =>
      cut ? never : f(...a);
  return {
    cut: () => void (cut = true),
    getGroup: (id) => inner.getGroup(id),
    listGroups: () => inner.listGroups(),
    listTrials: (id) => inner.listTrials(id),
    listReports: (id, t) => inner.listReports(id, t),
    getCheckpoint: (id, t) => inner.getCheckpoint(id, t),
    putGroup: guard((g) => inner.putGroup(g)),
    deleteGroup: guard((id) => inner.deleteGroup(id)),
    putTrial: guard((t) => inner.putTrial(t)),
    addReports: guard((id, t, r) => inner.addReports(id, t, r)),
    putCheckpoint: guard((id, t, c) => inner.putCheckpoint(id, t, c)),
  };
}

describe('resume determinism', () => {
  for (const name of Object.keys(SPECS)) {
    it(`${name}: pause at a random report, run again, same trials as a straight run`, async () => {
      const expected = await straight(name);
      const total = expected.reduce((n, t) => n + t.steps.length, 0);
      for (let rep = 0; rep < 3; rep++) {
        const at = 1 + rngFor(11, rep).int(total - 1);
        const store = new MemoryStore();
        const first = new Engine({ store, runner: new InProcessRunner() });
        await first.create(source(name), { id: 'g' });
        let seen = 0;
        const g1 = await first.run('g', { observer: { report: () => void (++seen === at && first.pause('g')) } });
        expect(g1.status).toBe('paused');
        const second = new Engine({ store, runner: new InProcessRunner() });
        expect((await second.run('g')).status).toBe('done');
        expect(await outcome(store, 'g'), `paused at report ${at}`).toEqual(expected);
      }
    });

    it(`${name}: cut off mid-run as by a closed tab, reopened, same trials as a straight run`, async () => {
      const expected = await straight(name);
      const total = expected.reduce((n, t) => n + t.steps.length, 0);
      for (let rep = 0; rep < 3; rep++) {
        const at = 1 + rngFor(12, rep).int(total - 1);
        const inner = new MemoryStore();
        const store = cuttable(inner);
        const first = new Engine({ store, runner: new InProcessRunner() });
        await first.create(source(name), { id: 'g' });
        let seen = 0;
        void first.run('g', { observer: { report: () => void (++seen === at && store.cut()) } });
        await new Promise((r) => setTimeout(r, 20));
        expect(seen).toBeGreaterThanOrEqual(at);
        const second = new Engine({ store: inner, runner: new InProcessRunner() });
        expect((await second.run('g')).status).toBe('done');
        expect(await outcome(inner, 'g'), `cut at report ${at}`).toEqual(expected);
      }
    });
  }

  it('a storage error pauses the group with the reason; nothing saved is lost and it resumes to the same result', async () => {
    const expected = await straight('random');
    const inner = new MemoryStore();
    let writes = 0;
    const failing: Store = Object.assign(Object.create(inner) as Store, {
      addReports: async (...a: Parameters<Store['addReports']>) => {
        if (++writes > 20) throw Object.assign(new Error('the storage quota is used up (QuotaExceededError)'), { name: 'StoreError' });
        return inner.addReports(...a);
      },
    });
    const first = new Engine({ store: failing, runner: new InProcessRunner() });
    await first.create(source('random'), { id: 'g' });
    const g = await first.run('g');
    expect(g.status).toBe('paused');
    expect(g.message).toMatch(/^Paused by a storage error: StoreError: the storage quota is used up/);
    expect((await inner.listReports('g')).length).toBe(20);
    expect((await inner.listTrials('g')).some((t) => t.status === 'failed' || t.status === 'stopped')).toBe(false);
    const second = new Engine({ store: inner, runner: new InProcessRunner() });
    expect((await second.run('g')).status).toBe('done');
    expect(await outcome(inner, 'g')).toEqual(expected);
  });

  it('a pause, then a cut-off later in the same trial, then a reopen: no report is stored twice', async () => {
    const expected = await straight('random');
    const inner = new MemoryStore();
    const first = new Engine({ store: inner, runner: new InProcessRunner() });
    await first.create(source('random'), { id: 'g' });
    let seen = 0;
    expect((await first.run('g', { observer: { report: () => void (++seen === 4 && first.pause('g')) } })).status).toBe('paused');
    const store = cuttable(inner);
    const second = new Engine({ store, runner: new InProcessRunner() });
    seen = 0;
    void second.run('g', { observer: { report: () => void (++seen === 9 && store.cut()) } });
    await new Promise((r) => setTimeout(r, 20));
    const third = new Engine({ store: inner, runner: new InProcessRunner() });
    expect((await third.run('g')).status).toBe('done');
    expect(await outcome(inner, 'g')).toEqual(expected);
  });

  it('two overlapping runs of one group: one drives it, the other is refused; a stop asked during start-up applies', async () => {
    const expected = await straight('random');
    const store = new MemoryStore();
    const engine = new Engine({ store, runner: new InProcessRunner() });
    await engine.create(source('random'), { id: 'g' });
    const [a, b] = await Promise.allSettled([engine.run('g'), engine.run('g')]);
    expect(a).toMatchObject({ status: 'fulfilled', value: { status: 'done' } });
    expect(b).toMatchObject({ status: 'rejected' });
    expect(await outcome(store, 'g')).toEqual(expected);

    const other = new Engine({ store: new MemoryStore(), runner: new InProcessRunner() });
    await other.create(source('random'), { id: 'h' });
    const run = other.run('h');
    expect(other.stop('h', 'stopped during start-up')).toBe(true);
    expect(await run).toMatchObject({ status: 'stopped', message: 'stopped during start-up' });
  });
});

describe('stopping, continuing and messages after a pause (defects found in review)', () => {
  async function pausedGroup(engine: Engine, store: MemoryStore) {
    await engine.create(source('random'), { id: 'g' });
    let seen = 0;
    const g = await engine.run('g', { observer: { report: () => void (++seen === 5 && engine.pause('g')) } });
    expect(g.status).toBe('paused');
    expect((await store.listTrials('g')).some((t) => t.status === 'created')).toBe(true);
  }

  it('a paused group stopped during start-up leaves no trial in created', async () => {
    const store = new MemoryStore();
    const engine = new Engine({ store, runner: new InProcessRunner() });
    await pausedGroup(engine, store);
    const run = engine.run('g');
    engine.pause('g');
    engine.stop('g');
    const g = await run;
    expect(g.status).toBe('stopped');
    const trials = await store.listTrials('g');
    expect(trials.filter((t) => t.status === 'created').map((t) => t.number)).toEqual([]);
    expect(trials.filter((t) => t.status === 'stopped').every((t) => t.message === 'Stopped by user')).toBe(true);
  });

  it('a paused group whose pending trials are stopped during start-up ends done with none left in created', async () => {
    const store = new MemoryStore();
    const engine = new Engine({ store, runner: new InProcessRunner() });
    await pausedGroup(engine, store);
    const run = engine.run('g');
    engine.stopPending('g');
    const g = await run;
    expect(g.status).toBe('done');
    const trials = await store.listTrials('g');
    expect(trials.filter((t) => t.status === 'created')).toEqual([]);
    expect(trials.filter((t) => t.status === 'stopped').map((t) => t.message)).toContain('User stopped pending trials');
    expect(g.ended).toMatchObject({ kind: 'stop-pending' });
  });

  it('"Paused by user" does not stay as the message once the group runs again and is done', async () => {
    const store = new MemoryStore();
    const engine = new Engine({ store, runner: new InProcessRunner() });
    await pausedGroup(engine, store);
    expect((await store.getGroup('g'))!.message).toBe('Paused by user');
    const seen: (string | undefined)[] = [];
    const g = await engine.run('g', { observer: { group: (r) => seen.push(r.message) } });
    expect(g.status).toBe('done');
    expect(g.message).toBeUndefined();
    expect(seen).not.toContain('Paused by user');
    expect((await store.getGroup('g'))!.message).toBeUndefined();
  });

  it('a group that met its threshold ends at once when run again, and runs past it only with continueAnyway', async () => {
    // The threshold: the 4th best final loss of a straight run, so some trial meets it mid-group.
    const finals = (await straight('random')).map((t) => t.loss!.last).sort((a, b) => a - b);
    const spec = JSON.parse(source('random'));
    spec.hptuning.early_stopping = [{ metric: 'loss', value: finals[3], optimization: 'minimize' }];
    const store = new MemoryStore();
    const engine = new Engine({ store, runner: new InProcessRunner() });
    await engine.create(JSON.stringify(spec), { id: 'g' });
    const first = await engine.run('g');
    expect(first.status).toBe('stopped');
    const created = (await store.listTrials('g')).length;
    expect(created).toBeLessThan(12);

    const again = await engine.run('g');
    expect((await store.listTrials('g')).length).toBe(created);
    expect(again).toEqual(first);
    expect(first.ended).toMatchObject({ kind: 'threshold', message: first.message });

    const past = await engine.run('g', { continueAnyway: true });
    expect(past.status).toBe('done');
    expect(past.ended?.kind).toBe('exhausted');
    expect((await store.listTrials('g')).length).toBe(12);
  });
});
