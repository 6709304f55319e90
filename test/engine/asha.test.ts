import { describe, expect, it } from 'vitest';
import type { AshaAlgorithm, MatrixEntry } from '../../src/engine/spec/types.ts';
import type { TrialRecord } from '../../src/engine/types.ts';
import { ashaPlan, ashaRungs, createAsha } from '../../src/engine/schedulers/hyperband/asha.ts';
import { drive, noteOf, resumeOf, type LoopOptions } from './hyperband-loop.helper.ts';

const X: MatrixEntry[] = [{ name: 'x', option: { kind: 'uniform', low: 0, high: 1 } }];

function asha(over: Partial<AshaAlgorithm> = {}): AshaAlgorithm {
  return {
    kind: 'asha',
    maxIter: 9,
    minResource: 1,
    eta: 3,
    nExperiments: 9,
    resource: { name: 'epochs', type: 'int' },
    metric: { name: 'loss', optimization: 'minimize' },
    resume: false,
    ...over,
  };
}

/** Fresh configuration i (in creation order) reports L[i]; a promoted trial reports half its parent's loss. */
const L = [0.5, 0.3, 0.8, 0.1, 0.9, 0.2, 0.7, 0.4, 0.6];
const scripted: LoopOptions['metrics'] = (t, trials) => {
  const loss = (u: TrialRecord): number =>
    u.parent === undefined ? L[trials.filter((v) => v.parent === undefined && v.number <= u.number).length - 1]! : loss(trials[u.parent]!) / 2;
  return { loss: loss(t) };
};

describe('ASHA rung ladder (Li et al. 2020, section 3.2)', () => {
  it('rungs at r·eta^k up to max_iter, with the exact rule of docs/differences.md, "s_max is computed exactly"', () => {
    expect(ashaRungs(asha({ maxIter: 81 }))).toEqual([1, 3, 9, 27, 81]);
    expect(ashaRungs(asha({ maxIter: 243 }))).toEqual([1, 3, 9, 27, 81, 243]);
    expect(ashaRungs(asha({ maxIter: 100 }))).toEqual([1, 3, 9, 27, 81]);
    expect(ashaRungs(asha({ maxIter: 81, minResource: 2 }))).toEqual([2, 6, 18, 54]);
    expect(ashaRungs(asha({ maxIter: 1, minResource: 0.25, eta: 2, resource: { name: 'f', type: 'float' } }))).toEqual([0.25, 0.5, 1]);
  });

  it('plan: the ladder with the synchronous counts and costs', () => {
    const p = ashaPlan(asha({ maxIter: 81, nExperiments: 81 }));
    expect(p.rungs).toEqual([
      { rung: 0, resource: 1, configs: 81 },
      { rung: 1, resource: 3, configs: 27 },
      { rung: 2, resource: 9, configs: 9 },
      { rung: 3, resource: 27, configs: 3 },
      { rung: 4, resource: 81, configs: 1 },
    ]);
    expect(p).toMatchObject({ algorithm: 'asha', eta: 3, n_experiments: 81, trials: 121, resource_total: 405, resource_total_resume: 297 });
  });

  it('rejects bad fields with the rule and the value', () => {
    expect(() => ashaPlan(asha({ eta: 1 }))).toThrow(/eta must be a number > 1, got 1/);
    expect(() => ashaPlan(asha({ minResource: 10 }))).toThrow('asha.min_resource must be > 0 and <= max_iter (9), got 10');
    expect(() => ashaPlan(asha({ nExperiments: 0 }))).toThrow('asha.n_experiments must be an integer >= 1, got 0');
    expect(() => createAsha(X, asha({ resource: { name: 'x', type: 'int' } }), 0)).toThrow(/asha.resource.name must not be a matrix key/);
  });
});

describe('ASHA promotions (Li et al. 2020, Algorithm 2)', () => {
  it('follows get_job on a scripted sequence of reports', () => {
    const r = drive(createAsha(X, asha(), 1), { concurrency: 1, metrics: scripted });
    // Worked by hand from Algorithm 2 with L = [0.5, 0.3, 0.8, 0.1, 0.9, 0.2, 0.7, 0.4, 0.6]:
    // after 3 bottom results the best (trial 1, 0.3) goes to rung 1; after 4 the new best
    // (trial 4, 0.1); after 6 the top 2 includes trial 7 (0.2); then rung 1 has 3 results
    // and its best (trial 5, from trial 4) goes to rung 2; the last three bottom results
    // never reach the top ⌊9/3⌋ = 3 (trials 4, 7, 1, all promoted already).
    expect(r.trials.map((t) => [t.number, t.tags!.rung, t.parent ?? null, t.resource])).toEqual([
      [0, 0, null, 1],
      [1, 0, null, 1],
      [2, 0, null, 1],
      [3, 1, 1, 3],
      [4, 0, null, 1],
      [5, 1, 4, 3],
      [6, 0, null, 1],
      [7, 0, null, 1],
      [8, 1, 7, 3],
      [9, 2, 5, 9],
      [10, 0, null, 1],
      [11, 0, null, 1],
      [12, 0, null, 1],
    ]);
    expect(r.end).toEqual({ kind: 'exhausted' });
    expect(r.trials[9]!.params).toEqual({ x: r.trials[4]!.params.x, epochs: 9 });
    expect(noteOf(r.trials[8]!)).toBe(
      'rung 0 (epochs=1): top ⌊6/3⌋ of the completed, kept 2 of 6 by loss (minimize), cut-off 0.2; trial 7 scored 0.2 there, rank 2 of 6; ' +
        'promoted trial 7 to epochs=3, trains from scratch',
    );
    expect(noteOf(r.trials[0]!)).toBe('rung 0: configuration 1 of 9 at epochs=1');
  });

  it('promotions resume their parent when resume is set (docs/differences.md, "Resuming a promoted trial")', () => {
    const r = drive(createAsha(X, asha({ resume: true }), 1), { concurrency: 1, metrics: scripted });
    const promoted = r.trials.filter((t) => t.parent !== undefined);
    expect(promoted.map((t) => t.parent)).toEqual([1, 4, 7, 5]);
    expect(promoted.every((t) => resumeOf(t) === true)).toBe(true);
    expect(r.trials.filter((t) => t.parent === undefined).every((t) => resumeOf(t) === undefined)).toBe(true);
  });

  it('maximize ranks the other way', () => {
    const r = drive(createAsha(X, asha({ metric: { name: 'loss', optimization: 'maximize' } }), 1), { concurrency: 1, metrics: scripted });
    expect(r.trials[3]!.parent).toBe(2); // 0.8 is the best of 0.5, 0.3, 0.8
  });

  it('keeps every slot busy: no wait while fresh configurations remain (concurrency 2)', () => {
    const r = drive(createAsha(X, asha({ nExperiments: 30, maxIter: 27 }), 4), { concurrency: 2, metrics: (t) => ({ loss: t.params.x as number }), pick: (run) => run.length - 1 });
    expect(r.trials.filter((t) => t.parent === undefined)).toHaveLength(30);
    const lastFresh = Math.max(...r.trials.filter((t) => t.parent === undefined).map((t) => t.number));
    expect(r.waits.every((n) => n > lastFresh)).toBe(true);
    expect(r.maxRunning).toBe(2);
    expect(r.end).toEqual({ kind: 'exhausted' });
  });

  it('never promotes a failed trial or one without the metric', () => {
    const r = drive(createAsha(X, asha(), 1), {
      concurrency: 1,
      metrics: (t, trials): Record<string, number> => (t.number === 1 ? {} : scripted(t, trials)),
      status: (t) => (t.number === 3 ? 'failed' : 'succeeded'),
    });
    const parents = r.trials.map((t) => t.parent).filter((p) => p !== undefined);
    expect(parents).not.toContain(1);
    expect(parents).not.toContain(3);
  });

  it('fails naming the metric and the metrics reported when a trial succeeds without it', () => {
    const r = drive(createAsha(X, asha(), 1), { concurrency: 2, metrics: () => ({ acc: 0.5 }) });
    expect(r.end).toEqual({
      kind: 'failed',
      message: "ASHA: none of 1 trial reported metric 'loss' (0 failed), so they cannot be ranked; metrics reported: acc",
    });
  });

  it('is deterministic by seed and rebuilds from the history alone', () => {
    const run = (seed: number, reopen: boolean) =>
      drive(createAsha(X, asha({ nExperiments: 20, maxIter: 27 }), seed), {
        concurrency: 3,
        metrics: (t) => ({ loss: (t.params.x as number) + 1 / (t.params.epochs as number) }),
        ...(reopen && { reopen: () => createAsha(X, asha({ nExperiments: 20, maxIter: 27 }), seed) }),
      }).trials;
    const a = run(9, false);
    expect(run(9, true)).toEqual(a);
    expect(run(10, false).map((t) => t.params)).not.toEqual(a.map((t) => t.params));
  });

  it('stops sampling at the distinct configurations of an all-discrete matrix (docs/differences.md, "Random search is capped at the reachable configurations")', () => {
    const small: MatrixEntry[] = [{ name: 'a', option: { kind: 'values', values: [1, 2, 3, 4] } }];
    const r = drive(createAsha(small, asha(), 1), { concurrency: 2, metrics: (t) => ({ loss: t.params.a as number }) });
    const fresh = r.trials.filter((t) => t.parent === undefined);
    expect(fresh.map((t) => t.params.a).sort()).toEqual([1, 2, 3, 4]);
    expect(noteOf(fresh[0]!)).toBe('rung 0: configuration 1 of 4 at epochs=1');
    expect(r.end).toEqual({ kind: 'exhausted', reason: 'the matrix has 4 distinct configurations, fewer than n_experiments 9' });
  });
});
