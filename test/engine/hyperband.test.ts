import { describe, expect, it } from 'vitest';
import { formatSig } from '../../src/engine/format.ts';
import type { HyperbandAlgorithm, MatrixEntry } from '../../src/engine/spec/types.ts';
import type { TrialRecord } from '../../src/engine/types.ts';
import { createHyperband } from '../../src/engine/schedulers/hyperband/hyperband.ts';
import { rankForPromotion } from '../../src/engine/schedulers/hyperband/promotion.ts';
import { drive, noteOf, resumeOf, type LoopOptions } from './hyperband-loop.helper.ts';

const X: MatrixEntry[] = [
  { name: 'x', option: { kind: 'uniform', low: 0, high: 1 } },
  { name: 'act', option: { kind: 'values', values: ['relu', 'gelu'] } },
];

function hb(maxIter: number, eta: number, over: Partial<HyperbandAlgorithm> = {}): HyperbandAlgorithm {
  return {
    kind: 'hyperband',
    maxIter,
    eta,
    resource: { name: 'epochs', type: 'int' },
    metric: { name: 'loss', optimization: 'minimize' },
    resume: false,
    ...over,
  };
}

/** loss = x + 1/epochs: better configurations stay better, more epochs help. */
const smooth: LoopOptions['metrics'] = (t) => ({ loss: (t.params.x as number) + 1 / (t.params.epochs as number) });

/** "(bracket,rung):count@resource" per block of consecutive trials, as docs/hptuning.md, "How Hyperband runs" writes it. */
function sequence(trials: readonly TrialRecord[]): string {
  const out: string[] = [];
  let prev = '';
  let count = 0;
  let res = 0;
  for (const t of [...trials, undefined]) {
    const key = t ? `(${t.tags!.bracket},${t.tags!.rung})` : '';
    if (key !== prev && prev) out.push(`${prev}:${count}@${res}`);
    if (key !== prev) count = 0;
    if (t) [prev, count, res] = [key, count + 1, t.resource!];
  }
  return out.join(' → ');
}

describe('Hyperband end to end, R=9, eta=3 (docs/differences.md, "Hyperband never trains above max_iter"; "Only the current rung competes for promotion")', () => {
  const alg = hb(9, 3);

  it('runs (2,0):9@1 → (2,1):3@3 → (2,2):1@9 → (1,0):5@3 → (1,1):1@9 → (0,0):3@9, then ends (no extra rung)', () => {
    const r = drive(createHyperband(X, alg, 7), { concurrency: 4, metrics: smooth });
    expect(r.end).toEqual({ kind: 'exhausted' });
    expect(sequence(r.trials)).toBe('(2,0):9@1 → (2,1):3@3 → (2,2):1@9 → (1,0):5@3 → (1,1):1@9 → (0,0):3@9');
    expect(r.trials).toHaveLength(22);
    expect(r.trials.filter((t) => t.parent === undefined)).toHaveLength(17);
    expect(Math.max(...r.trials.map((t) => t.resource!))).toBe(9);
  });

  it('promotes the best of the rung, with the new resource in the params (docs/differences.md, "A promoted trial\'s params carry its new resource") and a note', () => {
    const r = drive(createHyperband(X, alg, 7), { concurrency: 4, metrics: smooth });
    const rung0 = r.trials.slice(0, 9);
    const best3 = [...rung0].sort((a, b) => a.metrics.loss!.last - b.metrics.loss!.last).slice(0, 3);
    const promoted = r.trials.slice(9, 12);
    expect(promoted.map((t) => t.parent)).toEqual(best3.map((t) => t.number));
    for (const p of promoted) {
      const parent = r.trials[p.parent!]!;
      expect(p.params).toEqual({ ...parent.params, epochs: 3 });
      expect(p.resource).toBe(3);
      expect(resumeOf(p)).toBe(false);
    }
    const cut = best3[2]!.metrics.loss!.last;
    expect(noteOf(promoted[1]!)).toBe(
      `rung 0 of bracket 2: kept 3 of 9 by loss (minimize), cut-off ${formatSig(cut)}; trial ${best3[1]!.number} scored ${formatSig(best3[1]!.metrics.loss!.last)} there, rank 2 of 9; ` +
        `promoted trial ${best3[1]!.number} to epochs=3, trains from scratch`,
    );
    expect(noteOf(r.trials[0]!)).toBe('bracket 2, rung 0: configuration 1 of 9 at epochs=1');
  });

  it('only the current rung competes (Polyaxon ranked every trial with the metric)', () => {
    // Rung-1 clones report losses worse than every rung-0 trial; Polyaxon's pool leak would
    // promote a rung-0 trial to rung 2, docs/differences.md, "Only the current rung competes for promotion" promotes the best clone.
    const metrics: LoopOptions['metrics'] = (t) => ({ loss: (t.params.x as number) + (t.tags!.rung === 1 ? 10 : 0) });
    const r = drive(createHyperband(X, alg, 7), { concurrency: 4, metrics });
    const top = r.trials[12]!;
    expect(top.tags).toEqual({ bracket: 2, rung: 2 });
    const clones = r.trials.slice(9, 12);
    const bestClone = [...clones].sort((a, b) => a.metrics.loss!.last - b.metrics.loss!.last)[0]!;
    expect(top.parent).toBe(bestClone.number);
    expect(noteOf(top)).toMatch(/^rung 1 of bracket 2: kept 1 of 3 by loss/);
  });

  it('barrier: a trial is created only when every trial of the earlier rungs and brackets is done', () => {
    const r = drive(createHyperband(X, alg, 7), { concurrency: 4, metrics: smooth, pick: (run) => run.length - 1 });
    const pos = (t: TrialRecord) => (2 - t.tags!.bracket!) * 3 + t.tags!.rung!;
    r.trials.forEach((t, i) => {
      for (const n of r.runningAtCreation[i]!) expect(pos(r.trials[n]!)).toBe(pos(t));
    });
    expect(r.maxRunning).toBe(4); // rung trials run concurrently
    expect(r.waits.length).toBeGreaterThan(0);
  });

  it('promotions carry resume: true and their parent when resume is set (docs/differences.md, "Resuming a promoted trial")', () => {
    const r = drive(createHyperband(X, hb(9, 3, { resume: true }), 7), { concurrency: 2, metrics: smooth });
    const promoted = r.trials.filter((t) => t.parent !== undefined);
    expect(promoted).toHaveLength(5);
    for (const p of promoted) {
      expect(resumeOf(p)).toBe(true);
      expect(noteOf(p)).toMatch(new RegExp(`resumes trial ${p.parent}'s checkpoint$`));
    }
    expect(r.trials.filter((t) => t.parent === undefined).every((t) => resumeOf(t) === undefined)).toBe(true);
  });
});

describe('Hyperband control flow', () => {
  it('is deterministic by seed, whatever the concurrency and finishing order', () => {
    const params = (seed: number, concurrency: number, last: boolean) =>
      drive(createHyperband(X, hb(9, 3), seed), { concurrency, metrics: smooth, ...(last && { pick: (run) => run.length - 1 }) }).trials.map(
        (t) => t.params,
      );
    const a = params(11, 1, false);
    expect(params(11, 5, true)).toEqual(a);
    expect(params(12, 1, false)).not.toEqual(a);
    // Per-trial streams (docs/differences.md, "A seeded generator of our own, one stream per trial"): brackets draw new configurations (Polyaxon re-drew the same ones, docs/differences.md).
    const fresh = a.filter((_, i) => i < 9 || (i >= 13 && i < 18) || i >= 19);
    expect(new Set(fresh.map((p) => p.x)).size).toBe(17);
  });

  it('rebuilds its state from the history alone (a reopened group continues exactly)', () => {
    const once = drive(createHyperband(X, hb(27, 3), 3), { concurrency: 3, metrics: smooth });
    const reopened = drive(createHyperband(X, hb(27, 3), 3), { concurrency: 3, metrics: smooth, reopen: () => createHyperband(X, hb(27, 3), 3) });
    expect(reopened.trials).toEqual(once.trials);
    expect(once.trials).toHaveLength(69);
  });

  it('never promotes a failed or stopped trial, nor one without the metric', () => {
    // Trials 0..4 have the best x's but 0 fails, 1 is stopped, 2 reports no loss.
    const metrics: LoopOptions['metrics'] = (t): Record<string, number> => (t.number === 2 ? { acc: 1 } : { loss: t.number < 5 ? -1 : (t.params.x as number) });
    const status = (t: TrialRecord) => (t.number === 0 ? 'failed' : t.number === 1 ? 'stopped' : 'succeeded');
    const r = drive(createHyperband(X, hb(9, 3), 5), { concurrency: 3, metrics, status });
    const parents = r.trials.filter((t) => t.parent !== undefined).map((t) => t.parent);
    expect(parents).not.toContain(0);
    expect(parents).not.toContain(1);
    expect(parents).not.toContain(2);
    expect(parents.slice(0, 2)).toEqual([3, 4]);
    expect(noteOf(r.trials[9]!)).toMatch(/^rung 0 of bracket 2 \(3 of its 9 trials not ranked: failed, stopped or without loss\): kept 3 of 6/);
  });

  it('ends a bracket whose rung has nothing to promote (all stopped by a policy) and goes on', () => {
    const status = (t: TrialRecord) => (t.tags!.bracket === 2 && t.tags!.rung === 1 ? 'stopped' : 'succeeded');
    const r = drive(createHyperband(X, hb(9, 3), 7), { concurrency: 3, metrics: smooth, status });
    expect(sequence(r.trials)).toBe('(2,0):9@1 → (2,1):3@3 → (1,0):5@3 → (1,1):1@9 → (0,0):3@9');
    expect(r.end).toEqual({ kind: 'exhausted' });
  });

  it('keep is at most the trials ranked (the formula may ask for more than the rung holds)', () => {
    // Only trials 7 and 8 of rung 0 report the metric: 2 promotions instead of 3.
    const metrics: LoopOptions['metrics'] = (t): Record<string, number> =>
      t.tags!.bracket === 2 && t.tags!.rung === 0 && t.number < 7 ? {} : { loss: t.params.x as number };
    const r = drive(createHyperband(X, hb(9, 3), 5), { concurrency: 3, metrics });
    expect(r.trials.slice(9, 11).map((t) => t.tags)).toEqual([{ bracket: 2, rung: 1 }, { bracket: 2, rung: 1 }]);
    expect(r.trials[11]!.tags).toEqual({ bracket: 2, rung: 2 });
  });

  it('fails the group naming the metric and the metrics reported when a rung has no value', () => {
    const r = drive(createHyperband(X, hb(9, 3), 5), { concurrency: 3, metrics: () => ({ accuracy: 0.5, val_loss: 1 }) });
    expect(r.end).toEqual({
      kind: 'failed',
      message:
        "Hyperband rung 0 of bracket 2: none of 9 trials reported metric 'loss' (0 failed), so they cannot be ranked; metrics reported: accuracy, val_loss",
    });
    expect(r.trials).toHaveLength(9);
  });

  it('caps rung 0 at the distinct configurations of an all-discrete matrix (docs/differences.md, "Random search is capped at the reachable configurations"; docs/hptuning.md, "How Hyperband runs" step 1)', () => {
    const small: MatrixEntry[] = [
      { name: 'a', option: { kind: 'values', values: [1, 2] } },
      { name: 'b', option: { kind: 'values', values: ['x', 'y', 'z'] } },
    ];
    const r = drive(createHyperband(small, hb(9, 3), 1), { concurrency: 2, metrics: (t) => ({ loss: (t.params.a as number) + 1 / (t.params.epochs as number) }) });
    expect(sequence(r.trials)).toBe('(2,0):6@1 → (2,1):3@3 → (2,2):1@9 → (1,0):5@3 → (1,1):1@9 → (0,0):3@9');
    const distinct = (ts: readonly TrialRecord[]) => new Set(ts.map((t) => `${t.params.a}${t.params.b}`)).size;
    expect(distinct(r.trials.slice(0, 6))).toBe(6);
    expect(distinct(r.trials.slice(10, 15))).toBe(5);
    expect(noteOf(r.trials[0]!)).toBe('bracket 2, rung 0: configuration 1 of 6 (n(2) = 9, the matrix has 6 distinct configurations) at epochs=1');
  });

  it('float resources are passed as is', () => {
    const r = drive(createHyperband(X, hb(10, 3, { resource: { name: 'epochs', type: 'float' } }), 1), { concurrency: 2, metrics: smooth });
    expect([...new Set(r.trials.map((t) => t.params.epochs))]).toEqual([1.1111111111111112, 3.3333333333333335, 10, 3.333333333333333]);
  });

  it('rejects eta <= 1, max_iter < 1 and a resource name that is a matrix key', () => {
    expect(() => createHyperband(X, hb(9, 1), 0)).toThrow(/eta must be a number > 1, got 1/);
    expect(() => createHyperband(X, hb(0, 3), 0)).toThrow(/max_iter must be a number >= 1, got 0/);
    expect(() => createHyperband(X, hb(9, 3, { resource: { name: 'x', type: 'int' } }), 0)).toThrow(
      "hyperband.resource.name must not be a matrix key (it receives the resource), got 'x'",
    );
  });
});

describe('promotion vector', () => {
  const t = (number: number, loss?: number): TrialRecord => ({
    groupId: 'g',
    number,
    params: {},
    status: 'succeeded',
    seed: 0,
    createdAt: 0,
    metrics: loss === undefined ? {} : { loss: { last: loss, min: loss, max: loss, count: 1 } },
  });
  const rung = [t(1, 0.5), t(2, 0.1), t(3, 0.9), t(4)];

  it('keep 2: minimize → [2, 1], maximize → [3, 1]; the trial without the metric is left out', () => {
    const top = (optimization: 'minimize' | 'maximize') =>
      rankForPromotion(rung, { name: 'loss', optimization })
        .slice(0, 2)
        .map((r) => r.trial.number);
    expect(top('minimize')).toEqual([2, 1]);
    expect(top('maximize')).toEqual([3, 1]);
    expect(rankForPromotion(rung, { name: 'loss', optimization: 'minimize' })).toHaveLength(3);
  });

  it('ties keep creation order', () => {
    expect(rankForPromotion([t(5, 0.2), t(3, 0.2), t(4, 0.1)], { name: 'loss', optimization: 'minimize' }).map((r) => r.trial.number)).toEqual([4, 3, 5]);
  });
});
