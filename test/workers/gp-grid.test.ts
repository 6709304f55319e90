// The GP view's worker side (src/workers/gp-grid.ts): from the group record and the trials
// alone it rebuilds the GP the live view showed, and evaluates the same numbers at the same
// points; a past step's GP too; a group with no model step yet gives nothing to draw.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Engine, MemoryStore, type BoGpView, type GroupRecord, type GroupSnapshot, type TrialRecord, type TrialRunner } from '../../src/engine/index.ts';
import { InProcessRunner } from '../../src/workers/inprocess.ts';
import { GpGrid } from '../../src/workers/gp-grid.ts';

const SPEC = readFileSync(new URL('../../public/examples/bo.yaml', import.meta.url), 'utf8');
const points = Array.from({ length: 40 }, (_, i) => [-5 + (15 * i) / 39, (7 * i) % 15]);
const settings = { z: 2, kind: 'ei' as const, xi: 0 };

interface Seen {
  group: GroupRecord;
  trials: readonly TrialRecord[];
  live: ReturnType<BoGpView['evaluate']>;
  before12?: number[];
  step12?: { observations: number[]; next?: readonly number[]; incumbent?: number; hyperparameters: object };
}

/**
 * Runs the BO Branin example; trial 16 waits until a live snapshot showing it has been seen,
 * and that snapshot's GP is evaluated as the view would (while the group runs, its live model).
 */
async function runAndWatch(): Promise<Seen> {
  const inner = new InProcessRunner();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const runner: TrialRunner = { run: async (job, report, signal) => (job.trial === 16 && (await gate), inner.run(job, report, signal)) };
  const engine = new Engine({ store: new MemoryStore(), runner });
  const created = await engine.create(SPEC, { id: 'bo' });
  if (!created.ok) throw new Error(JSON.stringify(created.issues));
  let seen: Seen | undefined;
  engine.watch('bo', (s: GroupSnapshot) => {
    const gp = s.algorithm?.kind === 'bo' ? (s.algorithm.gp as BoGpView | undefined) : undefined;
    if (seen || !gp || s.trials.length < 17) return;
    const b = gp.before(12)!;
    seen = {
      group: s.group,
      trials: s.trials,
      live: gp.evaluate(points, settings),
      before12: b.mean(points),
      step12: { observations: b.observations.map((o) => o.trial), next: b.next?.x, incumbent: b.incumbent?.trial, hyperparameters: b.hyperparameters },
    };
    release();
  });
  await engine.run('bo');
  if (!seen) throw new Error('no live snapshot with a GP');
  return seen;
}

describe('GP grids off the main thread', () => {
  let seen: Seen;
  beforeAll(async () => {
    seen = await runAndWatch();
  }, 60_000);

  it('rebuilds the live GP from the trials and gives the same values; a past step too', () => {
    const grid = new GpGrid();
    const out = grid.evaluate({ group: seen.group, trials: seen.trials, points, settings })!;
    expect(out).toHaveLength(5);
    const [mean, sd, lo, hi, acq] = out.map((a) => Array.from(a));
    mean!.forEach((m, i) => expect(m).toBeCloseTo(seen.live.mean[i]!, 8));
    sd!.forEach((v, i) => expect(v).toBeCloseTo(seen.live.sd[i]!, 8));
    lo!.forEach((v, i) => expect(v).toBeCloseTo(seen.live.lo[i]!, 6));
    hi!.forEach((v, i) => expect(v).toBeCloseTo(seen.live.hi[i]!, 6));
    acq!.forEach((v, i) => expect(v).toBeCloseTo(seen.live.acquisition[i]!, 8));
    // The knobs: the acquisition alone, from the GP already rebuilt.
    const only = grid.evaluate({ group: seen.group, trials: seen.trials, points, settings: { z: 2, kind: 'ucb', kappa: 1 }, acquisitionOnly: true })!;
    expect(only).toHaveLength(1);
    expect(Array.from(only[0]!)).not.toEqual(acq);
    // The scrubber: the GP before trial 12.
    const past = grid.evaluate({ group: seen.group, trials: seen.trials, step: 12, points, settings })!;
    Array.from(past[0]!).forEach((m, i) => expect(m).toBeCloseTo(seen.before12![i]!, 8));
  });

  it('describes a past step as data: its observations, incumbent, next point and hyperparameters', () => {
    const d = new GpGrid().describe({ group: seen.group, trials: seen.trials, step: 12 })!;
    expect(d.observations.map((o) => o.trial)).toEqual(seen.step12!.observations);
    expect(d.next?.x).toEqual(seen.step12!.next);
    expect(d.incumbent?.trial).toBe(seen.step12!.incumbent);
    expect(d.hyperparameters).toEqual(seen.step12!.hyperparameters);
    expect(structuredClone(d)).toEqual(d); // plain data: it crosses the worker boundary as it is
  });

  it('gives nothing while the search is still in its random start', () => {
    const grid = new GpGrid();
    expect(grid.evaluate({ group: seen.group, trials: seen.trials.slice(0, 5), points, settings })).toBeUndefined();
  });
});
