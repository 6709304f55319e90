// Reopening a stored group replays it through `reduce` with one event per trial's reports
// (not one per report), and that gives exactly the state the live run's one-by-one reports
// gave: the same summaries, steps and report logs; a log added to in one step stays apart
// from another branch's.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import { reduce } from '../../src/engine/group/reduce.ts';
import { replayEvents } from '../../src/engine/group/replay.ts';
import { initialState, type GroupState } from '../../src/engine/group/state.ts';
import { StateHistory } from '../../src/engine/group/history.ts';
import type { GroupEvent } from '../../src/engine/group/events.ts';
import { InProcessRunner } from '../../src/workers/inprocess.ts';
import { LC4_GROUPS, lc4Source } from './lc4-specs.ts';

/** The same stream with each trial's reports as one event per report, as a live run feeds them. */
const oneByOne = (events: readonly GroupEvent[]): GroupEvent[] =>
  events.flatMap((e): GroupEvent[] => (e.type === 'trial-reports' ? e.reports.map((report) => ({ type: 'trial-reported', trial: e.trial, report })) : [e]));

const view = (s: GroupState) => ({
  trials: s.trials.toArray(),
  reports: s.trials.toArray().map((t) => new StateHistory(s).reports(t.number)),
  counts: s.counts,
  group: s.group,
});

describe('replay', () => {
  for (const name of LC4_GROUPS) {
    it(`${name}: one event per trial's reports, and the same state as the reports one by one`, async () => {
      const store = new MemoryStore();
      const engine = new Engine({ store, runner: new InProcessRunner() });
      await engine.create(lc4Source(name), { id: 'g' });
      await engine.run('g');
      const group = (await store.getGroup('g'))!;
      const trials = await store.listTrials('g');
      const reports = await store.listReports('g');
      expect(reports.length).toBeGreaterThan(trials.length);

      const events = replayEvents(group, trials, reports);
      const withReports = new Set(reports.map((r) => r.trial));
      expect(events.filter((e) => e.type === 'trial-reported')).toEqual([]);
      expect(events.filter((e) => e.type === 'trial-reports').map((e) => e.type === 'trial-reports' && e.trial)).toEqual([...withReports].sort((a, b) => a - b));

      const batched = events.reduce(reduce, initialState(group));
      const single = oneByOne(events).reduce(reduce, initialState(group));
      expect(view(batched)).toEqual(view(single));
      // And what the live run stored: every trial's summaries and last step.
      expect(batched.trials.toArray().map((t) => [t.metrics, t.step])).toEqual(trials.map((t) => [t.metrics, t.step]));
    });
  }

  it('reports added in one step to a shared log do not show in another branch of the same state', () => {
    const group = { id: 'g', name: 'g', source: '', seed: 1, concurrency: 1, algorithm: 'random' as const, status: 'created' as const, createdAt: 0 };
    const base = [
      { type: 'trial-created', time: 0, trial: { number: 0, params: {}, seed: 0 } },
      { type: 'trial-started', time: 1, trial: 0 },
      { type: 'trial-reports', trial: 0, reports: [{ step: 1, values: { loss: 4 }, time: 2 }, { step: 2, values: { loss: 2 }, time: 3 }] },
    ] satisfies GroupEvent[];
    const s = base.reduce(reduce, initialState(group));
    const a = reduce(s, { type: 'trial-reports', trial: 0, reports: [{ step: 3, values: { loss: 1 }, time: 4 }, { step: 4, values: { loss: 3 }, time: 5 }] });
    const b = reduce(s, { type: 'trial-reported', trial: 0, report: { step: 3, values: { loss: 9 }, time: 4 } });
    const losses = (x: GroupState) => new StateHistory(x).reports(0).map((r) => r.values.loss);
    expect([losses(s), losses(a), losses(b)]).toEqual([[4, 2], [4, 2, 1, 3], [4, 2, 9]]);
    expect(a.trials.get(0)).toMatchObject({ step: 4, metrics: { loss: { last: 3, min: 1, max: 4, count: 4 } } });
    expect(b.trials.get(0)).toMatchObject({ step: 3, metrics: { loss: { last: 9, min: 2, max: 9, count: 3 } } });
    expect(reduce(s, { type: 'trial-reports', trial: 0, reports: [] })).toBe(s);
  });
});
