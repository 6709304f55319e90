// The group driver: statuses and transitions of docs/hptuning.md, "Groups and trials", the concurrency cap
// of docs/hptuning.md, "Concurrency", every report kept with min/max/last (docs/differences.md, "The last reported value decides"), the thresholds of docs/hptuning.md, "Thresholds: stopping the group" checked at
// every report (docs/differences.md, "Early stopping is checked at every report"), stop and stop pending (docs/differences.md, "Stop pending lets running trials finish"), failing trials failing alone.
import { describe, expect, it } from 'vitest';
import { GroupDriver } from '../../src/engine/group/driver.ts';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import type { GroupRecord } from '../../src/engine/store/store.ts';
import type { Spec, EarlyStoppingItem } from '../../src/engine/spec/types.ts';
import type { SearchAlgorithm } from '../../src/engine/algorithm.ts';
import type { TrialJob, TrialOutcome, TrialRunner, ReportFn, AbortSignalLike } from '../../src/engine/runner.ts';
import type { Params } from '../../src/engine/types.ts';
import { InProcessRunner } from '../../src/workers/inprocess.ts';

function spec(earlyStopping: EarlyStoppingItem[] = [], params: Params = {}): Spec {
  return {
    version: 1,
    params,
    hptuning: { concurrency: 1, seed: 1, matrix: [], algorithm: { kind: 'grid' }, earlyStopping },
    run: { kind: 'objective', objective: 'branin' },
    ignoredSections: [],
  };
}

function group(concurrency: number): GroupRecord {
  return { id: 'g', name: 'g', source: '', seed: 1, concurrency, algorithm: 'grid', status: 'created', createdAt: 0 };
}

/** Suggests the given params in order, then says exhausted. */
function listAlgorithm(list: Params[]): SearchAlgorithm {
  return { name: 'list', ask: (h) => (h.trials.length < list.length ? { kind: 'trial', params: list[h.trials.length]! } : { kind: 'exhausted' }) };
}

/**
 * A runner whose trials report `curve(params)` step by step, yielding between steps so
 * that trials interleave; it records how many ran at once.
 */
class CurveRunner implements TrialRunner {
  active = 0;
  maxActive = 0;
  constructor(private readonly curve: (p: Params) => number[] | Error) {}
  async run(job: TrialJob, report: ReportFn, signal: AbortSignalLike): Promise<TrialOutcome> {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      const c = this.curve(job.params);
      if (c instanceof Error) return { kind: 'failed', name: c.name, message: c.message };
      for (const [i, loss] of c.entries()) {
        await new Promise((r) => setTimeout(r, 1));
        if (signal.aborted) return { kind: 'halted', decision: 'stop' };
        const d = await report({ step: i + 1, values: { loss } });
        if (d !== 'continue') return { kind: 'halted', decision: d };
      }
      return { kind: 'completed' };
    } finally {
      this.active--;
    }
  }
}

const params = (n: number) => Array.from({ length: n }, (_, i) => ({ i }));

describe('group lifecycle', () => {
  it('runs every suggestion, ends done, and keeps every report with min/max/last (docs/differences.md, "The last reported value decides")', async () => {
    const store = new MemoryStore();
    const runner = new CurveRunner((p) => [3, 1, 2].map((v) => v + Number(p.i)));
    const seen: string[] = [];
    const d = new GroupDriver(group(2), spec(), {
      store,
      runner,
      algorithm: listAlgorithm(params(5)),
      observer: { group: (g) => seen.push(g.status) },
    });
    const g = await d.run();
    expect(g.status).toBe('done');
    expect(seen).toEqual(['running', 'done']);
    const trials = await store.listTrials('g');
    expect(trials.map((t) => t.status)).toEqual(Array(5).fill('succeeded'));
    expect(trials[2]!.metrics.loss).toEqual({ last: 4, min: 3, max: 5, count: 3 });
    const reports = await store.listReports('g', 2);
    expect(reports.map((r) => [r.step, r.values.loss])).toEqual([[1, 5], [2, 3], [3, 4]]);
    expect(reports.every((r) => typeof r.time === 'number')).toBe(true);
  });

  it('never runs more than `concurrency` trials at once (docs/hptuning.md, "Concurrency")', async () => {
    for (const c of [1, 3]) {
      const runner = new CurveRunner(() => [1, 1, 1]);
      await new GroupDriver(group(c), spec(), { store: new MemoryStore(), runner, algorithm: listAlgorithm(params(8)) }).run();
      expect(runner.maxActive).toBe(c);
    }
  });

  it('a failing trial fails alone with its message and the group goes on', async () => {
    const store = new MemoryStore();
    const runner = new CurveRunner((p) => (p.i === 1 ? new TypeError('boom') : [1]));
    const g = await new GroupDriver(group(2), spec(), { store, runner, algorithm: listAlgorithm(params(3)) }).run();
    expect(g.status).toBe('done');
    const trials = await store.listTrials('g');
    expect(trials.map((t) => t.status)).toEqual(['succeeded', 'failed', 'succeeded']);
    expect(trials[1]!.message).toBe('TypeError: boom');
  });

  it('a non-finite metric fails the trial with the metric named', async () => {
    const store = new MemoryStore();
    const runner = new CurveRunner(() => [1, NaN, 2]);
    await new GroupDriver(group(1), spec(), { store, runner, algorithm: listAlgorithm(params(1)) }).run();
    const [t] = await store.listTrials('g');
    expect(t!.status).toBe('failed');
    expect(t!.message).toMatch(/metric loss is not a finite number at step 2/);
  });

  it('a runner that throws fails its trial, not the group', async () => {
    const store = new MemoryStore();
    const runner: TrialRunner = { run: async () => { throw new Error('worker died'); } };
    const g = await new GroupDriver(group(1), spec(), { store, runner, algorithm: listAlgorithm(params(2)) }).run();
    expect(g.status).toBe('done');
    expect((await store.listTrials('g')).map((t) => t.message)).toEqual(['RunnerError: Error: worker died', 'RunnerError: Error: worker died']);
  });

  it('the group fails when the algorithm fails, with its message', async () => {
    const algorithm: SearchAlgorithm = { name: 'x', ask: () => ({ kind: 'failed', message: 'Experiment group could not create new suggestions.' }) };
    const g = await new GroupDriver(group(1), spec(), { store: new MemoryStore(), runner: new CurveRunner(() => [1]), algorithm }).run();
    expect(g.status).toBe('failed');
    expect(g.message).toBe('Experiment group could not create new suggestions.');
  });

  it('merges the group params over the suggestion (docs/hptuning.md, "From a suggestion to a trial\'s params", docs/differences.md, "A params value that shadows a matrix key")', async () => {
    const store = new MemoryStore();
    await new GroupDriver(group(1), spec([], { lr: 0.5, epochs: 3 }), {
      store,
      runner: new CurveRunner(() => [1]),
      algorithm: listAlgorithm([{ lr: 0.1, dropout: 0.2 }]),
    }).run();
    expect((await store.listTrials('g'))[0]!.params).toEqual({ lr: 0.5, dropout: 0.2, epochs: 3 });
  });

  it('fails at once, with a reason, when the runner cannot run the section', async () => {
    const store = new MemoryStore();
    const s = { ...spec(), run: { kind: 'cmd' as const, cmd: 'python train.py' } };
    const g = await new GroupDriver(group(1), s, { store, runner: new InProcessRunner(), algorithm: listAlgorithm(params(2)) }).run();
    expect(g.status).toBe('failed');
    expect(g.message).toMatch(/cmd/);
    expect(await store.listTrials('g')).toEqual([]);
  });
});

describe('early stopping, checked at every report (docs/differences.md, "Early stopping is checked at every report")', () => {
  it('stops the group when a running trial crosses the threshold, stopping the others', async () => {
    const store = new MemoryStore();
    // trial 1 reaches loss 0.05 at its 2nd step while trial 0 is still running its long curve
    const runner = new CurveRunner((p) => (p.i === 1 ? [0.5, 0.05, 0.01] : Array(50).fill(1)));
    const g = await new GroupDriver(group(2), spec([{ metric: 'loss', value: 0.1, optimization: 'minimize' }]), {
      store,
      runner,
      algorithm: listAlgorithm(params(6)),
    }).run();
    expect(g.status).toBe('stopped');
    expect(g.message).toBe('Early stopping: trial 1 reached loss = 0.05 ≤ 0.1 (minimize)');
    const trials = await store.listTrials('g');
    expect(trials.length).toBe(2); // no further trials were created
    expect(trials.map((t) => [t.status, t.message])).toEqual([
      ['stopped', 'Early stopping'],
      ['stopped', 'Reached the early-stopping threshold: loss = 0.05 ≤ 0.1 (minimize)'],
    ]);
    // trial 1's third step was never reported: the decision came at the second
    expect((await store.listReports('g', 1)).length).toBe(2);
    expect((await store.listReports('g', 0)).length).toBeLessThan(50);
  });

  it('maximize thresholds use ≥ on the last value', async () => {
    const store = new MemoryStore();
    const runner = new CurveRunner((p) => (p.i === 0 ? [0.8, 0.91] : [0.1]));
    const g = await new GroupDriver(group(1), spec([{ metric: 'loss', value: 0.9, optimization: 'maximize' }]), {
      store,
      runner,
      algorithm: listAlgorithm(params(3)),
    }).run();
    expect(g.status).toBe('stopped');
    expect(g.message).toMatch(/loss = 0.91 ≥ 0.9/);
  });

  it('a group without early_stopping never stops early', async () => {
    const g = await new GroupDriver(group(1), spec(), { store: new MemoryStore(), runner: new CurveRunner(() => [0]), algorithm: listAlgorithm(params(3)) }).run();
    expect(g.status).toBe('done');
  });
});

describe('stop and stop pending (docs/differences.md, "Stop pending lets running trials finish")', () => {
  it('stop: running trials are stopped, no new ones start, the group ends stopped', async () => {
    const store = new MemoryStore();
    const d = new GroupDriver(group(2), spec(), { store, runner: new CurveRunner(() => Array(200).fill(1)), algorithm: listAlgorithm(params(10)) });
    const done = d.run();
    await new Promise((r) => setTimeout(r, 30));
    d.stop();
    const g = await done;
    expect(g.status).toBe('stopped');
    const trials = await store.listTrials('g');
    expect(trials.length).toBe(2);
    expect(trials.every((t) => t.status === 'stopped' && t.message === 'Stopped by user')).toBe(true);
  });

  it('stop pending: running trials finish, nothing new starts, the group completes done', async () => {
    const store = new MemoryStore();
    const d = new GroupDriver(group(2), spec(), { store, runner: new CurveRunner(() => Array(20).fill(1)), algorithm: listAlgorithm(params(10)) });
    const done = d.run();
    await new Promise((r) => setTimeout(r, 10));
    d.stopPending();
    const g = await done;
    expect(g.status).toBe('done');
    expect(g.message).toBe('User stopped pending trials');
    const trials = await store.listTrials('g');
    expect(trials.length).toBe(2);
    expect(trials.every((t) => t.status === 'succeeded')).toBe(true);
    expect((await store.listReports('g', 0)).length).toBe(20);
  });
});

describe('per-report verdicts', () => {
  it("the algorithm's stop verdict stops the trial with its reason, recorded as an event", async () => {
    const store = new MemoryStore();
    const algorithm: SearchAlgorithm = {
      ...listAlgorithm(params(2)),
      onReport: (t, r) => (r.values.loss! > 5 ? { decision: 'stop', reason: `loss ${r.values.loss} above 5 at step ${r.step}` } : { decision: 'continue' }),
    };
    const g = await new GroupDriver(group(1), spec(), { store, runner: new CurveRunner((p) => (p.i === 1 ? [1, 7, 1] : [1, 2])), algorithm }).run();
    expect(g.status).toBe('done');
    const trials = await store.listTrials('g');
    expect(trials[1]!.status).toBe('stopped');
    expect(trials[1]!.message).toBe('loss 7 above 5 at step 2');
    expect(trials[1]!.events?.map((e) => e.kind)).toEqual(['pruned']);
  });
});
