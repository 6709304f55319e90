import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ackley5, branin, hartmann3, hartmann6, rosenbrock2Scaled } from '../../src/workers/objectives/functions.ts';
import { lc4Loss, lc4Noise, lc4True } from '../../src/workers/objectives/lc4.ts';
import { OBJECTIVE_NAMES, runObjective } from '../../src/workers/objectives/index.ts';
import { OBJECTIVES } from '../../src/engine/spec/objectives.ts';
import type { Checkpoint, Decision, ReportFn, TrialReport } from '../../src/engine/runner.ts';
import type { Params } from '../../src/engine/types.ts';

interface Vectors {
  functions: Record<string, { f_star: number; values: { x: number[]; f: number }[] }>;
  lc4: { x: number[]; r: number; seed: number; f: number; noise_z: number; loss: number }[];
}

const vectors = JSON.parse(
  readFileSync(new URL('../fixtures/test_vectors.json', import.meta.url), 'utf8'),
) as Vectors;

/** |got − want| ≤ tol · max(|want|, tiny): "match to ~1e-15 relative" (docs/benchmarks.md, "Test vectors"). */
function expectClose(got: number, want: number, tol = 2e-15): void {
  const scale = Math.max(Math.abs(want), 1e-300);
  expect(Math.abs(got - want) / scale, `got ${got}, want ${want}`).toBeLessThanOrEqual(tol);
}

const FUNCTIONS: Record<string, (x: readonly number[]) => number> = {
  branin,
  hartmann3,
  hartmann6,
  rosenbrock2_scaled: rosenbrock2Scaled,
  ackley5,
};

describe('docs/benchmarks.md, closed-form problems', () => {
  it('covers every function of test_vectors.json', () => {
    expect(Object.keys(vectors.functions).sort()).toEqual(Object.keys(FUNCTIONS).sort());
  });
  for (const [name, fn] of Object.entries(FUNCTIONS)) {
    it(`${name} matches every vector`, () => {
      const { values } = vectors.functions[name];
      expect(values.length).toBeGreaterThan(0);
      for (const { x, f } of values) expectClose(fn(x), f);
    });
  }
  it('branin has f* = 5/(4π) at its three minima', () => {
    for (const x of [[-Math.PI, 12.275], [Math.PI, 2.275], [3 * Math.PI, 2.475]]) expectClose(branin(x), 5 / (4 * Math.PI));
  });
  it('ackley5 at the origin evaluates to 4.4e-16 in double precision', () => {
    expect(ackley5([0, 0, 0, 0, 0])).toBe(4.440892098500626e-16);
  });
});

describe('docs/benchmarks.md, LC4', () => {
  it('matches every vector of test_vectors.json (f, z, loss)', () => {
    expect(vectors.lc4.length).toBeGreaterThan(0);
    for (const v of vectors.lc4) {
      expectClose(lc4True(v.x), v.f);
      expectClose(lc4Noise(v.x, v.r, v.seed), v.noise_z);
      expectClose(lc4Loss(v.x, v.r, v.seed), v.loss);
    }
  });

  it('matches the test vectors of docs/benchmarks.md', () => {
    const table: [number[], number, number, number, number, number][] = [
      [[0.7, 0.3, 0.5, 0.2], 81, 0, 0.1, -1.1706335306434463, 0.09579994119357729],
      [[0.7, 0.3, 0.5, 0.2], 1, 0, 0.1, 0.5097752298771993, 0.615097752298772],
      [[0.1, 0.9, 0.25, 0.75], 3, 7, 0.4423835575687743, 0.483860438418113, 0.9960861618972406],
      [[0.5, 0.5, 0.5, 0.5], 27, 12345, 0.14272949016875158, 0.5372016306314678, 0.1946410742234235],
      [[0, 0, 0, 0], 9, 1, 0.6012705098312483, -0.7775254711814238, 0.7180683490809857],
      [[1, 1, 1, 1], 81, 4294967295, 0.5812705098312484, -0.4103330855859287, 0.5822936437474695],
    ];
    for (const [x, r, seed, f, z, loss] of table) {
      expectClose(lc4True(x), f);
      expectClose(lc4Noise(x, r, seed), z);
      expectClose(lc4Loss(x, r, seed), loss);
    }
  });

  it('has its unique minimum f* = 0.10 at (0.7, 0.3, 0.5, 0.2) (seeded property)', () => {
    expect(lc4True([0.7, 0.3, 0.5, 0.2])).toBe(0.1);
    // A tiny LCG keeps the property test seeded without importing the engine's rng.
    let s = 12345;
    const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
    for (let i = 0; i < 500; i++) expect(lc4True([next(), next(), next(), next()])).toBeGreaterThan(0.1);
  });

  it('noise is a function of (x, r, seed) only, with r hashed as a float64', () => {
    const x = [0.1, 0.9, 0.5, 0.05];
    expect(lc4Noise(x, 3, 3)).toBe(lc4Noise(x, 3.0, 3));
    expect(lc4Noise(x, 3, 3)).not.toBe(lc4Noise(x, 3, 4));
    expect(lc4Noise(x, 3, 3)).not.toBe(lc4Noise(x, 4, 3));
  });

  it('noise is close to standard normal over many draws (seeded property)', () => {
    const n = 4000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const z = lc4Noise([i / n, 0.5, 0.5, 0.5], 1 + (i % 81), 17);
      sum += z;
      sq += z * z;
    }
    const mean = sum / n;
    expect(Math.abs(mean)).toBeLessThan(0.06); // 4 standard errors
    expect(Math.abs(sq / n - mean * mean - 1)).toBeLessThan(0.1);
  });
});

/** A report function that records every report and answers from `answer(step)`. */
function recorder(answer: (step: number) => Decision | Promise<Decision> = () => 'continue') {
  const reports: TrialReport[] = [];
  const report: ReportFn = (r) => {
    reports.push(r);
    return answer(r.step);
  };
  return { reports, report };
}

const live = () => new AbortController().signal;
const X = { x1: 0.1, x2: 0.9, x3: 0.5, x4: 0.05 };
const xs = [0.1, 0.9, 0.5, 0.05];
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('docs/hptuning.md, "run: what a trial runs": runObjective, closed forms and noop', () => {
  it('runs every objective of the engine metadata, reading exactly its inputs', async () => {
    expect([...OBJECTIVE_NAMES].sort()).toEqual(Object.keys(OBJECTIVES).sort());
    for (const name of OBJECTIVE_NAMES) {
      const { inputs, bounds } = OBJECTIVES[name];
      const params: Record<string, number> = {};
      inputs.forEach((key, i) => (params[key] = (bounds[i][0] + bounds[i][1]) / 2));
      const { reports, report } = recorder();
      expect((await runObjective(name, params, 0, report, { signal: live() })).kind).toBe('completed');
      expect(reports.length).toBe(name === 'lc4' ? 81 : 1);
      if (inputs.length === 0) continue;
      const last = inputs[inputs.length - 1];
      const { [last]: _dropped, ...missing } = params;
      const out = await runObjective(name, missing, 0, recorder().report, { signal: live() });
      expect(out.kind === 'failed' && out.message).toMatch(new RegExp(`param ${last}\\b`));
    }
  });

  it('reports f(x1..xd) once at step 1 and completes', async () => {
    const { reports, report } = recorder();
    const out = await runObjective('hartmann6', { x1: 0.1, x2: 0.2, x3: 0.3, x4: 0.4, x5: 0.5, x6: 0.6, lr: 'extra' }, 0, report, { signal: live() });
    expect(out).toEqual({ kind: 'completed' });
    expect(reports).toEqual([{ step: 1, values: { loss: -1.4069105761385297 } }]);
  });

  it('noop reports loss 0 once', async () => {
    const { reports, report } = recorder();
    expect(await runObjective('noop', {}, 0, report, { signal: live() })).toEqual({ kind: 'completed' });
    expect(reports).toEqual([{ step: 1, values: { loss: 0 } }]);
  });

  it('obeys a stop or pause answer to its report', async () => {
    for (const decision of ['stop', 'pause'] as const) {
      const { report } = recorder(() => decision);
      expect(await runObjective('branin', { x1: 0, x2: 0 }, 0, report, { signal: live() })).toEqual({ kind: 'halted', decision });
    }
  });

  it('fails with ParamError naming a missing or non-numeric input', async () => {
    const cases: [Params, RegExp][] = [
      [{ x1: 1 }, /branin reads the param x2, but the params have no x2/],
      [{ x1: '1', x2: 2 }, /branin needs the param x1 to be a finite number; got "1" \(string\)/],
      [{ x1: 1, x2: null }, /param x2 .*got null \(null\)/],
      [{ x1: 1, x2: [2] }, /param x2 .*got \[2\] \(a list\)/],
      [{ x1: Number.NaN, x2: 2 }, /param x1 .*got NaN/],
    ];
    for (const [params, message] of cases) {
      const { reports, report } = recorder();
      const out = await runObjective('branin', params, 0, report, { signal: live() });
      expect(out).toMatchObject({ kind: 'failed', name: 'ParamError' });
      expect(out.kind === 'failed' && out.message).toMatch(message);
      expect(reports).toEqual([]);
    }
  });

  it('fails when the value is not finite, with the value in the message', async () => {
    const { reports, report } = recorder();
    const out = await runObjective('branin', { x1: 1e200, x2: 0 }, 0, report, { signal: live() });
    expect(out).toMatchObject({ kind: 'failed', name: 'ObjectiveError' });
    expect(out.kind === 'failed' && out.message).toMatch(/not a finite number: Infinity/);
    expect(reports).toEqual([]);
  });

  it('fails on an unknown name, listing the valid ones', async () => {
    const out = await runObjective('nope' as 'noop', {}, 0, recorder().report, { signal: live() });
    expect(out).toMatchObject({ kind: 'failed', name: 'UnknownObjective' });
    expect(out.kind === 'failed' && out.message).toMatch(/one of branin, hartmann3, hartmann6, rosenbrock2_scaled, ackley5, lc4, noop; got "nope"/);
  });

  it('turns a report callback that throws into a failed outcome', async () => {
    const report: ReportFn = () => Promise.reject(new TypeError('channel closed'));
    expect(await runObjective('lc4', X, 0, report, { signal: live() })).toEqual({ kind: 'failed', name: 'TypeError', message: 'channel closed' });
  });
});

describe('LC4 as a trial: resource, resume from a checkpoint, answers, abort', () => {
  it('reports loss(x, r, seed) at r = 1..81 by default and finishes with a checkpoint at 81', async () => {
    const { reports, report } = recorder();
    const out = await runObjective('lc4', X, 3, report, { signal: live() });
    expect(reports.map((r) => r.step)).toEqual(range(1, 81));
    for (const r of reports) expect(r.values).toEqual({ loss: lc4Loss(xs, r.step, 3) });
    expect(reports[80].values.loss).toBe(0.5364051101383099); // test_vectors.json, r = 81, seed 3
    expect(out.kind).toBe('completed');
    const cp = out.kind === 'completed' ? out.checkpoint : undefined;
    expect(cp?.step).toBe(81);
    expect(cp?.meta).toEqual({ objective: 'lc4' });
    expect(cp?.data.byteLength).toBe(0);
  });

  it('reports at 1..floor(epochs) and then at a fractional epochs', async () => {
    for (const [epochs, steps] of [[2.5, [1, 2, 2.5]], [0.5, [0.5]], [3, [1, 2, 3]], [1, [1]]] as const) {
      const { reports, report } = recorder();
      const out = await runObjective('lc4', { ...X, epochs }, 3, report, { signal: live() });
      expect(reports.map((r) => r.step)).toEqual(steps);
      expect(out).toMatchObject({ kind: 'completed', checkpoint: { step: epochs } });
    }
    const { reports, report } = recorder();
    await runObjective('lc4', { ...X, epochs: 2.5 }, 3, report, { signal: live() });
    expect(reports[2].values.loss).toBe(lc4Loss(xs, 2.5, 3));
    expect(Math.abs(reports[2].values.loss - 1.015739802706426)).toBeLessThan(2e-15); // test_vectors.json, r = 2.5
  });

  it('fails with ParamError on an epochs that is not a positive number', async () => {
    for (const epochs of [0, -3, Number.NaN, Number.POSITIVE_INFINITY, '9', null]) {
      const { reports, report } = recorder();
      const out = await runObjective('lc4', { ...X, epochs }, 3, report, { signal: live() });
      expect(out).toMatchObject({ kind: 'failed', name: 'ParamError' });
      expect(out.kind === 'failed' && out.message).toMatch(/lc4 needs the param epochs \(its resource\) to be a positive number; got /);
      expect(reports).toEqual([]);
    }
    const out = await runObjective('lc4', { x1: 0.5, x2: 0.5, x3: 0.5 }, 3, recorder().report, { signal: live() });
    expect(out.kind === 'failed' && out.message).toMatch(/lc4 reads the param x4/);
  });

  it('pauses at 9, then resumes from the checkpoint to 27 without repeating 1..9', async () => {
    const full = recorder();
    await runObjective('lc4', { ...X, epochs: 27 }, 20, full.report, { signal: live() });

    const first = recorder((step) => (step === 9 ? 'pause' : 'continue'));
    const paused = await runObjective('lc4', { ...X, epochs: 27 }, 20, first.report, { signal: live() });
    expect(paused).toMatchObject({ kind: 'halted', decision: 'pause', checkpoint: { step: 9, meta: { objective: 'lc4' } } });
    expect(first.reports).toEqual(full.reports.slice(0, 9));

    const checkpoint = (paused as { checkpoint: Checkpoint }).checkpoint;
    const second = recorder();
    const done = await runObjective('lc4', { ...X, epochs: 27 }, 20, second.report, { checkpoint, signal: live() });
    expect(second.reports.map((r) => r.step)).toEqual(range(10, 27));
    expect(second.reports).toEqual(full.reports.slice(9));
    expect(done).toMatchObject({ kind: 'completed', checkpoint: { step: 27 } });
  });

  it('resumes a finished rung (epochs 9) with a bigger budget (epochs 27), as a Hyperband promotion does', async () => {
    const rung = recorder();
    const out = await runObjective('lc4', { ...X, epochs: 9 }, 20, rung.report, { signal: live() });
    const checkpoint = (out as { checkpoint: Checkpoint }).checkpoint;
    const promoted = recorder();
    await runObjective('lc4', { ...X, epochs: 27 }, 20, promoted.report, { checkpoint, signal: live() });
    expect(promoted.reports.map((r) => r.step)).toEqual(range(10, 27));
    expect(promoted.reports[17].values.loss).toBe(lc4Loss(xs, 27, 20));
  });

  it('resumes a fractional checkpoint at the next whole step and does nothing when already there', async () => {
    const cp = (step: number): Checkpoint => ({ step, meta: { objective: 'lc4' }, data: new ArrayBuffer(0) });
    const a = recorder();
    await runObjective('lc4', { ...X, epochs: 5 }, 1, a.report, { checkpoint: cp(2.5), signal: live() });
    expect(a.reports.map((r) => r.step)).toEqual([3, 4, 5]);
    const b = recorder();
    await runObjective('lc4', { ...X, epochs: 2.5 }, 1, b.report, { checkpoint: cp(2), signal: live() });
    expect(b.reports.map((r) => r.step)).toEqual([2.5]);
    const c = recorder();
    const out = await runObjective('lc4', { ...X, epochs: 9 }, 1, c.report, { checkpoint: cp(9), signal: live() });
    expect(c.reports).toEqual([]);
    expect(out).toMatchObject({ kind: 'completed', checkpoint: { step: 9 } });
  });

  it('fails on a checkpoint that is not lc4\'s', async () => {
    const checkpoint: Checkpoint = { step: 3, meta: { objective: 'mlp' }, data: new ArrayBuffer(0) };
    const out = await runObjective('lc4', X, 1, recorder().report, { checkpoint, signal: live() });
    expect(out).toMatchObject({ kind: 'failed', name: 'CheckpointError' });
    expect(out.kind === 'failed' && out.message).toMatch(/got objective "mlp" \(string\) at step 3/);
  });

  it('obeys stop at once, with the checkpoint of the step reached, also for an async answer', async () => {
    const { reports, report } = recorder((step) => Promise.resolve(step === 3 ? 'stop' : 'continue'));
    const out = await runObjective('lc4', X, 1, report, { signal: live() });
    expect(reports.map((r) => r.step)).toEqual([1, 2, 3]);
    expect(out).toMatchObject({ kind: 'halted', decision: 'stop', checkpoint: { step: 3 } });
  });

  it('ends with halted stop at the next step once the signal is aborted', async () => {
    const ctl = new AbortController();
    const { reports, report } = recorder((step) => {
      if (step === 4) ctl.abort();
      return 'continue';
    });
    const out = await runObjective('lc4', X, 1, report, { signal: ctl.signal });
    expect(reports.map((r) => r.step)).toEqual([1, 2, 3, 4]);
    expect(out).toMatchObject({ kind: 'halted', decision: 'stop', checkpoint: { step: 4 } });

    const aborted = new AbortController();
    aborted.abort();
    for (const name of ['lc4', 'branin', 'noop'] as const) {
      const r = recorder();
      expect(await runObjective(name, { ...X, x1: 1, x2: 2 }, 1, r.report, { signal: aborted.signal })).toEqual({ kind: 'halted', decision: 'stop' });
      expect(r.reports).toEqual([]);
    }
  });
});
