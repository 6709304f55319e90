// engine.watch: immutable GroupSnapshots, the current one at once (from the store when the
// group is not running here), then every change coalesced; progress with an estimate of the
// time left; why the group ended; Hyperband's and ASHA's rungs and decisions.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import { bestTrial } from '../../src/engine/group/metric.ts';
import { formatSig } from '../../src/engine/format.ts';
import type { GroupSnapshot } from '../../src/engine/group/snapshot.ts';
import type { RungsView } from '../../src/engine/algorithm-view.ts';
import type { TrialRunner } from '../../src/engine/runner.ts';
import { InProcessRunner } from '../../src/workers/inprocess.ts';
import { lc4Source } from './lc4-specs.ts';

/** A clock that moves 1 ms per reading: durations are deterministic with one slot. */
function fakeClock() {
  let t = 1_000;
  return () => (t += 1);
}

async function setup(name: string, now?: () => number) {
  const store = new MemoryStore();
  const engine = new Engine({ store, runner: new InProcessRunner(), ...(now && { now }) });
  await engine.create(lc4Source(name), { id: 'g' });
  return { store, engine };
}

describe('engine.watch', () => {
  it('gives the stored snapshot of an idle group at once, then one snapshot per macrotask while it runs', async () => {
    const { store, engine } = await setup('random');
    const got: GroupSnapshot[] = [];
    let reports = 0;
    const stop = engine.watch('g', (s) => got.push(s));
    await new Promise((r) => setTimeout(r, 0));
    expect(got.map((s) => [s.status, s.live, s.trials.length])).toEqual([['created', false, 0]]);
    const g = await engine.run('g', { observer: { report: () => void reports++ } });
    await new Promise((r) => setTimeout(r, 5));
    stop();
    const last = got.at(-1)!;
    expect(last).toMatchObject({ status: 'done', live: false, ended: { kind: 'exhausted' } });
    expect(last.group).toEqual(g);
    expect(last.trials).toEqual(await store.listTrials('g'));
    expect(last.counts).toMatchObject({ succeeded: 10, running: 0, created: 0 });
    expect(last.progress).toMatchObject({ done: 10, running: 0, planned: 10 });
    expect(last.reports(3)).toEqual((await store.listReports('g', 3)).map(({ step, values, time }) => ({ step, values, time })));
    const best = bestTrial(last.trials, last.metric)!;
    expect(last.best).toEqual({ trial: best.number, params: best.params, metric: 'loss', value: best.metrics.loss!.last });
    // Coalesced: fewer snapshots than reports, and versions only grow.
    expect(got.length).toBeLessThan(reports);
    const versions = got.map((s) => s.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    // Immutable: the first snapshot still shows the group before it ran.
    expect(got[0]!.trials).toEqual([]);
    expect(got[0]!.status).toBe('created');
    expect(Object.isFrozen(last)).toBe(true);
  });

  it('a watcher added while the group runs gets the live snapshot synchronously; unsubscribing stops the calls', async () => {
    const { engine } = await setup('random');
    let calls = 0;
    let first: GroupSnapshot | undefined;
    const running = engine.run('g', {
      observer: {
        report: () => {
          if (first) return;
          engine.watch('g', (s) => ((first ??= s), calls++))();
        },
      },
    });
    await running;
    await new Promise((r) => setTimeout(r, 5));
    expect(first).toMatchObject({ live: true, status: 'running' });
    expect(calls).toBe(1);
  });

  it('says why the group ended: a pause, then a stop while idle (which stops the waiting trials)', async () => {
    const { engine } = await setup('random');
    const run = engine.run('g', { observer: { report: () => void engine.pause('g') } });
    await run;
    expect((await engine.snapshot('g'))!.ended).toEqual({ kind: 'paused-by-user', message: 'Paused by user' });
    await engine.stopIdle('g');
    const stopped = (await engine.snapshot('g'))!;
    expect(stopped.ended).toEqual({ kind: 'user-stop', message: 'Stopped by user' });
    expect(stopped.counts.created).toBe(0);
  });

  it('estimates the time left from finished trials and the slots, and says why when it cannot', async () => {
    const { engine } = await setup('random', fakeClock());
    const seen: GroupSnapshot[] = [];
    await engine.run('g', {
      observer: { trial: (t) => void (t.status !== 'created' && engine.snapshot('g').then((s) => s && seen.push(s))) },
    });
    await new Promise((r) => setTimeout(r, 5));
    const early = seen.find((s) => s.live && s.progress.done === 0)!;
    expect(early.progress.remainingMs).toBeUndefined();
    expect(early.progress.estimateNote).toBe('No trial has finished yet.');
    const mid = seen.find((s) => s.live && s.progress.done >= 3 && s.progress.running > 0)!;
    const finished = mid.trials.filter((t) => t.finishedAt !== undefined);
    const mean = finished.reduce((a, t) => a + t.finishedAt! - t.startedAt!, 0) / finished.length;
    const p = mid.progress;
    expect(p.remainingMs).toBeGreaterThanOrEqual((mean * (p.planned! - p.done - p.running)) / mid.group.concurrency);
    expect(p.remainingMs).toBeLessThanOrEqual((mean * (p.planned! - p.done)) / mid.group.concurrency + mean);
    const after = (await engine.snapshot('g'))!.progress;
    expect(after.remainingMs).toBeUndefined();
    expect(after.estimateNote).toBe('The group is not running.');
  });
});

describe('the algorithm view of Hyperband and ASHA', () => {
  /** "kept 3 of 9 by loss (minimize), cut-off 0.31; trial 4 scored 0.2 there, rank 2 of 9" */
  const numbers = (note: string) => {
    const m = /kept (\d+) of (\d+) by .*cut-off ([-\d.e]+); trial (\d+) scored ([-\d.e]+) there, rank (\d+) of (\d+)/.exec(note)!;
    return { kept: +m[1]!, ranked: +m[2]!, cutoff: +m[3]!, trial: +m[4]!, value: +m[5]!, rank: +m[6]! };
  };

  for (const name of ['hyperband', 'asha']) {
    it(`${name}: every promotion matches the promoted trial's note, and every rung lists its trials`, async () => {
      const { engine } = await setup(name);
      await engine.run('g');
      const s = (await engine.snapshot('g'))!;
      const view = s.algorithm as RungsView;
      expect(view.kind).toBe(name);
      const members = view.brackets.flatMap((b) => b.rungs.flatMap((r) => r.trials)).sort((a, b) => a - b);
      expect(members).toEqual(s.trials.map((t) => t.number));
      const promoted = view.decisions.filter((d) => d.kind === 'promoted');
      const children = s.trials.filter((t) => t.parent !== undefined);
      expect(promoted.map((d) => d.child).sort((a, b) => a! - b!)).toEqual(children.map((t) => t.number));
      for (const d of promoted) {
        const note = s.trials[d.child!]!.events![0]!.message;
        // The note writes 4 significant digits (format.ts).
        expect(numbers(note)).toEqual({ kept: d.kept, ranked: d.ranked, cutoff: +formatSig(d.cutoff), trial: d.trial, value: +formatSig(d.value), rank: d.rank });
      }
      const eliminated = view.decisions.filter((d) => d.kind === 'eliminated');
      expect(eliminated.length).toBeGreaterThan(0);
      for (const d of eliminated) expect(d.rank).toBeGreaterThan(d.kept);
    });
  }
});

describe('the estimate of the time left', () => {
  for (const name of ['random', 'hyperband']) {
    it(`${name}: halfway through, the estimate is within a factor 1.5 of the time the group then takes`, async () => {
      const now = fakeClock();
      const { engine } = await setup(name, now);
      const seen: GroupSnapshot[] = [];
      const g = await engine.run('g', { observer: { report: () => void engine.snapshot('g').then((s) => s && seen.push(s)) } });
      const at = seen.find((s) => s.live && s.progress.done >= s.progress.planned! / 2)!;
      const actual = g.finishedAt! - (at.group.startedAt! + at.progress.elapsedMs);
      expect(at.progress.estimateNote).toMatch(name === 'hyperband' ? /per unit of resource/ : /mean duration/);
      expect(at.progress.remainingMs! / actual).toBeGreaterThan(1 / 1.5);
      expect(at.progress.remainingMs! / actual).toBeLessThan(1.5);
    });
  }
});

describe('incremental snapshots', () => {
  it('each snapshot names the trials changed since the previous one, and trial(n) / size read without the list', async () => {
    // Trials that report over several macrotasks, so snapshots fall between their reports.
    const runner: TrialRunner = {
      run: async (job, report) => {
        for (let step = 1; step <= 3; step++) {
          await new Promise((r) => setTimeout(r, 0));
          await report({ step, values: { loss: Number(job.params.x1) / step } });
        }
        return { kind: 'completed' };
      },
    };
    const engine = new Engine({ store: new MemoryStore(), runner });
    await engine.create(lc4Source('random'), { id: 'g' });
    const got: GroupSnapshot[] = [];
    const stop = engine.watch('g', (s) => got.push(s));
    await new Promise((r) => setTimeout(r, 0));
    await engine.run('g');
    await new Promise((r) => setTimeout(r, 5));
    stop();
    expect(got[0]!.changed).toBeUndefined(); // the first: read everything
    // Replaying the changes onto the first snapshot's trials rebuilds every later snapshot's.
    let trials = [...got[0]!.trials];
    for (const s of got.slice(1)) {
      expect(s.changed).toBeDefined();
      for (const n of s.changed!) trials[n] = s.trial(n)!;
      trials = trials.slice(0, s.size);
      expect(trials).toEqual(s.trials);
    }
    expect(got.slice(1).some((s) => s.changed!.length > 0 && s.changed!.length < s.size)).toBe(true);
  });
});

describe('watching a list of groups', () => {
  it('with reports: false, a stored group comes with its trials and summaries but without its reports', async () => {
    const { store, engine } = await setup('random');
    await engine.run('g');
    const full = (await engine.snapshot('g'))!;
    const light = await new Promise<GroupSnapshot>((resolve) => {
      const stop = engine.watch('g', (s) => (stop(), resolve(s)), { reports: false });
    });
    expect(light.trials).toEqual(await store.listTrials('g'));
    expect(light.trials).toEqual(full.trials);
    expect(light.best).toEqual(full.best);
    expect(light.counts).toEqual(full.counts);
    expect(full.reports(0).length).toBe(5);
    expect(light.reports(0)).toEqual([]);
  });
});
