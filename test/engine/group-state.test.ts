// The group as a pure state machine: the persistent vector under it, reduce's purity (an
// old state never changes, two branches never see each other's reports), resume by replay
// giving back exactly what the store holds, and the immutable History samplers receive.
import { describe, expect, it } from 'vitest';
import { PVec } from '../../src/engine/group/pvec.ts';
import { reduce } from '../../src/engine/group/reduce.ts';
import { initialState, type GroupState } from '../../src/engine/group/state.ts';
import { replay } from '../../src/engine/group/replay.ts';
import { StateHistory } from '../../src/engine/group/history.ts';
import type { GroupEvent } from '../../src/engine/group/events.ts';
import { Engine } from '../../src/engine/engine.ts';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import type { GroupRecord } from '../../src/engine/store/store.ts';
import { InProcessRunner } from '../../src/workers/inprocess.ts';
import { rngFor } from '../../src/engine/rng.ts';
import { LC4_GROUPS, lc4Source } from './lc4-specs.ts';
import { historySize, trialAt, type History } from '../../src/engine/algorithm.ts';

const GROUP: GroupRecord = { id: 'g', name: 'g', source: '', seed: 1, concurrency: 2, algorithm: 'random', status: 'created', createdAt: 0 };
const run = (events: readonly GroupEvent[], from: GroupState = initialState(GROUP)) => events.reduce(reduce, from);
const created = (n: number, time = n): GroupEvent => ({ type: 'trial-created', time, trial: { number: n, params: { x: n }, seed: n } });

describe('PVec', () => {
  it('matches an array through 5,000 seeded pushes and sets, and every old version stays as it was', () => {
    const rng = rngFor(3, 0);
    let v = PVec.empty<number>();
    const model: number[] = [];
    const versions: [PVec<number>, number[]][] = [];
    for (let op = 0; op < 5000; op++) {
      if (model.length === 0 || rng.next() < 0.6) {
        v = v.push(op);
        model.push(op);
      } else {
        const i = rng.int(model.length);
        v = v.set(i, -op);
        model[i] = -op;
      }
      if (op % 500 === 0) versions.push([v, [...model]]);
    }
    expect(v.size).toBe(model.length);
    expect(v.toArray()).toEqual(model);
    expect([...v]).toEqual(model);
    for (const [old, snapshot] of versions) expect(old.toArray()).toEqual(snapshot);
    expect(v.get(model.length)).toBeUndefined();
    expect(() => v.set(model.length, 0)).toThrow(RangeError);
  });
});

describe('reduce', () => {
  it('leaves the state it was given unchanged and shares nothing a later event changes', () => {
    const s1 = run([{ type: 'resume', time: 0 }, created(0), { type: 'trial-started', time: 1, trial: 0 }, { type: 'trial-reported', trial: 0, report: { step: 1, values: { loss: 3 }, time: 2 } }]);
    const trials1 = s1.trials.toArray();
    const reports1 = new StateHistory(s1).reports(0);
    const s2 = run([{ type: 'trial-reported', trial: 0, report: { step: 2, values: { loss: 1 }, time: 3 } }, { type: 'trial-ended', time: 4, trial: 0 }], s1);
    expect(s1.trials.toArray()).toEqual(trials1);
    expect(s1.trials.get(0)).toMatchObject({ status: 'running', metrics: { loss: { last: 3, min: 3, max: 3, count: 1 } } });
    expect(new StateHistory(s1).reports(0)).toEqual(reports1);
    expect(s2.trials.get(0)).toMatchObject({ status: 'succeeded', finishedAt: 4, metrics: { loss: { last: 1, min: 1, max: 3, count: 2 } } });
    expect(s2.counts).toMatchObject({ running: 0, succeeded: 1 });
    expect(s1.counts).toMatchObject({ running: 1, succeeded: 0 });
  });

  it('two branches from one state keep their own reports', () => {
    const base = run([created(0), { type: 'trial-started', time: 1, trial: 0 }, { type: 'trial-reported', trial: 0, report: { step: 1, values: { loss: 5 }, time: 2 } }]);
    const a = reduce(base, { type: 'trial-reported', trial: 0, report: { step: 2, values: { loss: 1 }, time: 3 } });
    const b = reduce(base, { type: 'trial-reported', trial: 0, report: { step: 2, values: { loss: 9 }, time: 3 } });
    const losses = (s: GroupState) => new StateHistory(s).reports(0).map((r) => r.values.loss);
    expect(losses(a)).toEqual([5, 1]);
    expect(losses(b)).toEqual([5, 9]);
    expect(losses(base)).toEqual([5]);
  });

  it('a stop overrides a pause, a pause does not override a stop, and the end takes the halt', () => {
    const s = run([{ type: 'resume', time: 0 }, { type: 'pause', time: 1 }, { type: 'stop', time: 2, kind: 'user-stop', message: 'Stopped by user' }, { type: 'pause', time: 3 }, { type: 'group-ended', time: 4 }]);
    expect(s.group).toMatchObject({ status: 'stopped', message: 'Stopped by user', finishedAt: 4, ended: { kind: 'user-stop' } });
  });

  it('a resume clears the last end and its message; a done group says why only when the search ended early', () => {
    const paused = run([{ type: 'resume', time: 0 }, { type: 'pause', time: 1 }, { type: 'group-ended', time: 2 }]);
    expect(paused.group).toMatchObject({ status: 'paused', message: 'Paused by user', ended: { kind: 'paused-by-user' } });
    const resumed = reduce(paused, { type: 'resume', time: 3 });
    expect(resumed.group.message).toBeUndefined();
    expect(resumed.group.ended).toBeUndefined();
    const done = run([{ type: 'exhausted' }, { type: 'group-ended', time: 4 }], resumed);
    expect(done.group).toMatchObject({ status: 'done', ended: { kind: 'exhausted' } });
    expect(done.group.message).toBeUndefined();
  });

  it('ignores what the statuses do not allow: a finished trial does not run again, numbers come in order', () => {
    const s = run([created(0), { type: 'trial-started', time: 1, trial: 0 }, { type: 'trial-failed', time: 2, trial: 0, reason: 'boom' }]);
    expect(reduce(s, { type: 'trial-started', time: 3, trial: 0 })).toBe(s);
    expect(reduce(s, created(5))).toBe(s);
  });
});

describe('resume by replay', () => {
  for (const name of LC4_GROUPS) {
    it(`${name}: replaying the stored trials and reports gives back the stored trials and their counts`, async () => {
      const store = new MemoryStore();
      const engine = new Engine({ store, runner: new InProcessRunner() });
      await engine.create(lc4Source(name), { id: 'g' });
      await engine.run('g');
      const group = (await store.getGroup('g'))!;
      const stored = await store.listTrials('g');
      const state = replay(group, stored, await store.listReports('g'));
      expect(state.trials.toArray()).toEqual(stored);
      expect(state.group).toEqual(group);
      expect(state.counts.succeeded + state.counts.stopped + state.counts.failed).toBe(stored.length);
      expect(state.interrupted).toEqual([]);
    });
  }
});

describe('the History a sampler receives', () => {
  it('is a view of one state: a History kept from an early ask never shows later trials or reports', async () => {
    const store = new MemoryStore();
    const engine = new Engine({ store, runner: new InProcessRunner() });
    await engine.create(lc4Source('random'), { id: 'g' });
    const seen: { size: number; statuses: string[] }[] = [];
    const kept: History[] = [];
    // Wrap the real algorithm: record each History and what it showed when it was given.
    const { createAlgorithm } = await import('../../src/engine/create-algorithm.ts');
    const { parseSpec } = await import('../../src/engine/spec/parse.ts');
    const parsed = parseSpec(lc4Source('random'));
    if (!parsed.ok) throw new Error('spec');
    const inner = createAlgorithm(parsed.spec, 5);
    const { GroupDriver } = await import('../../src/engine/group/driver.ts');
    const driver = new GroupDriver((await store.getGroup('g'))!, parsed.spec, {
      store,
      runner: new InProcessRunner(),
      algorithm: {
        name: 'recording',
        ask: (h) => {
          // Read without building the trial list, so that list is first built after the run.
          const size = historySize(h);
          kept.push(h);
          seen.push({ size, statuses: Array.from({ length: size }, (_, i) => trialAt(h, i)!.status) });
          return inner.ask(h);
        },
      },
    });
    expect((await driver.run()).status).toBe('done');
    expect(kept.length).toBeGreaterThan(10);
    kept.forEach((h, i) => {
      expect(h.trials.length).toBe(seen[i]!.size);
      expect(h.trials.map((t) => t.status)).toEqual(seen[i]!.statuses);
    });
    expect(kept[0]!.trials).toEqual([]);
    expect(kept[0]!.reports(0)).toEqual([]);
  });
});

describe('replay to view or to resume', () => {
  it('a trial stored as running stays running in a view, and is interrupted (to run again) when this engine resumes the group', () => {
    const trial = (number: number, status: 'running' | 'created' | 'succeeded', startedAt?: number) => ({
      groupId: 'g', number, params: { x: number }, status, seed: number, createdAt: 0, metrics: {}, ...(startedAt !== undefined && { startedAt }),
    });
    const trials = [trial(0, 'succeeded', 1), trial(1, 'running', 2), trial(2, 'created', 3), trial(3, 'created')];
    const group = { ...GROUP, status: 'running' as const };
    const view = replay(group, trials, []);
    expect(view.trials.toArray().map((t) => t.status)).toEqual(['succeeded', 'running', 'created', 'created']);
    expect(view.running).toEqual([1]);
    const resumed = replay(group, trials, [], true);
    expect(resumed.trials.toArray().map((t) => t.status)).toEqual(['succeeded', 'created', 'created', 'created']);
    expect(resumed.running).toEqual([]);
    expect([...resumed.interrupted].sort()).toEqual([1, 2, 3]);
  });
});
