import { describe, expect, it } from 'vitest';
import type { Decision, TrialJob, TrialOutcome, TrialReport } from '../../src/engine/runner.ts';
import type { Params } from '../../src/engine/types.ts';
import type { RunSpec } from '../../src/engine/spec/types.ts';
import { nodeAssetLoader } from '../../src/workers/assets.node.ts';
import { metricNames } from '../../src/workers/datasets/info.ts';
import { createTrialApi } from '../../src/workers/trial-api.ts';

const api = createTrialApi({ loadAsset: nodeAssetLoader });

const xorRun: RunSpec = { kind: 'model', model: 'mlp', dataset: 'xor', backend: 'cpu', samples: 200 };
const job = (params: Params, extra: Partial<TrialJob> = {}): TrialJob => ({
  groupId: 'g',
  trial: 0,
  params,
  seed: 7,
  groupSeed: 1,
  run: xorRun,
  ...extra,
});

/** Runs a job, answering each report from `answers` (then 'continue'). */
async function runJob(j: TrialJob, answers: Decision[] = []): Promise<{ reports: TrialReport[]; outcome: TrialOutcome }> {
  const reports: TrialReport[] = [];
  const outcome = await api.run(j, async (r) => {
    reports.push(r);
    return answers[reports.length - 1] ?? 'continue';
  });
  return { reports, outcome };
}

const small = { units: 8, layers: 1, epochs: 3, batch_size: 32, learning_rate: 0.05 };

describe('trial API (direct, Node, cpu)', () => {
  it('reports loss, val_loss, accuracy, val_accuracy every epoch and completes with a checkpoint and the backend', async () => {
    const { reports, outcome } = await runJob(job(small));
    expect(reports.map((r) => r.step)).toEqual([1, 2, 3]);
    for (const r of reports) expect(Object.keys(r.values).sort()).toEqual([...metricNames('xor')].sort());
    expect(outcome.kind).toBe('completed');
    if (outcome.kind !== 'completed') return;
    expect(outcome.backend).toBe('cpu');
    expect(outcome.checkpoint?.step).toBe(3);
    expect(outcome.checkpoint?.data.byteLength).toBeGreaterThan(0);
  });

  it('is deterministic: the same job (with dropout) gives the same metrics; another seed does not', async () => {
    const p = { ...small, dropout: 0.3 };
    const a = await runJob(job(p));
    const b = await runJob(job(p));
    const c = await runJob(job(p, { seed: 8 }));
    expect(b.reports).toEqual(a.reports);
    expect(c.reports).not.toEqual(a.reports);
  });

  it('obeys stop at the next epoch boundary: no more epochs, no checkpoint', async () => {
    const { reports, outcome } = await runJob(job({ ...small, epochs: 5 }), ['continue', 'stop']);
    expect(reports).toHaveLength(2);
    expect(outcome).toEqual({ kind: 'halted', decision: 'stop', backend: 'cpu' });
  });

  it('regression (plane) reports loss and val_loss only', async () => {
    const { reports, outcome } = await runJob(job({ ...small, epochs: 1 }, { run: { ...xorRun, dataset: 'plane' } as RunSpec }));
    expect(outcome.kind).toBe('completed');
    expect(Object.keys(reports[0].values).sort()).toEqual(['loss', 'val_loss']);
  });

  it('trains iris and a small MNIST MLP and CNN from the shipped data file', async () => {
    const iris = await runJob(job({ ...small, epochs: 1 }, { run: { ...xorRun, dataset: 'iris' } as RunSpec }));
    expect(iris.outcome.kind).toBe('completed');
    const mlp = await runJob(job({ units: 32, epochs: 2, learning_rate: 0.01 }, { run: { kind: 'model', model: 'mlp', dataset: 'mnist', backend: 'cpu', samples: 512 } }));
    expect(mlp.outcome.kind).toBe('completed');
    expect(mlp.reports[1].values.val_accuracy).toBeGreaterThan(0.5); // 10 classes: chance is 0.1
    const cnn = await runJob(
      job({ epochs: 1, filters: 2, conv_layers: 1, layers: 0 }, { run: { kind: 'model', model: 'cnn', dataset: 'mnist', backend: 'cpu', samples: 64 } }),
    );
    expect(cnn.outcome.kind).toBe('completed');
  });
});

describe('backends', () => {
  it('auto probes and falls back to cpu where webgl cannot start (Node); an explicit webgl fails the trial', async () => {
    const auto = await runJob(job({ ...small, epochs: 1 }, { run: { ...xorRun, backend: 'auto' } as RunSpec }));
    expect(auto.outcome).toMatchObject({ kind: 'completed', backend: 'cpu' });
    const webgl = await runJob(job({ ...small, epochs: 1 }, { run: { ...xorRun, backend: 'webgl' } as RunSpec }));
    expect(webgl.outcome).toMatchObject({ kind: 'failed', message: expect.stringMatching(/backend webgl is not available/) });
    expect(api.memory().numTensors).toBe(0);
  });
});

describe('checkpoints resume training', () => {
  for (const optimizer of ['sgd', 'adam'] as const) {
    it(`${optimizer}: pause after 2 epochs + resume to 4 gives the weights of 4 uninterrupted epochs`, async () => {
      const p = { ...small, optimizer, epochs: 4, dropout: 0.2 };
      const full = await runJob(job(p));
      const paused = await runJob(job(p), ['continue', 'pause']);
      expect(paused.outcome.kind).toBe('halted');
      if (paused.outcome.kind !== 'halted' || !paused.outcome.checkpoint) throw new Error('no checkpoint on pause');
      expect(paused.outcome.checkpoint.step).toBe(2);
      const resumed = await runJob(job(p, { checkpoint: paused.outcome.checkpoint }));
      expect(resumed.reports.map((r) => r.step)).toEqual([3, 4]);
      if (full.outcome.kind !== 'completed' || resumed.outcome.kind !== 'completed') throw new Error('not completed');
      const a = new Float32Array(full.outcome.checkpoint!.data);
      const b = new Float32Array(resumed.outcome.checkpoint!.data);
      expect(b.length).toBe(a.length);
      // sgd: bit-identical. adam: tfjs restores β^t with pow() where training multiplied, which may differ in the last float32 bits.
      const tol = optimizer === 'sgd' ? 0 : 1e-4;
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
      expect(worst).toBeLessThanOrEqual(tol);
      if (optimizer === 'sgd') expect(resumed.reports).toEqual(full.reports.slice(2));
    });
  }

  it('a resumed trial already at its budget reports once and trains nothing', async () => {
    const first = await runJob(job({ ...small, epochs: 2 }));
    if (first.outcome.kind !== 'completed') throw new Error('not completed');
    const again = await runJob(job({ ...small, epochs: 2 }, { checkpoint: first.outcome.checkpoint }));
    expect(again.reports.map((r) => r.step)).toEqual([2]);
    expect(again.reports[0].values.val_loss).toBeCloseTo(first.reports[1].values.val_loss, 5);
  });

  it('a checkpoint from another architecture fails the trial', async () => {
    const first = await runJob(job({ ...small, epochs: 1 }));
    if (first.outcome.kind !== 'completed') throw new Error('not completed');
    const { outcome } = await runJob(job({ ...small, units: 9 }, { checkpoint: first.outcome.checkpoint }));
    expect(outcome.kind).toBe('failed');
    if (outcome.kind === 'failed') expect(outcome.message).toMatch(/do not fit/);
  });
});

describe('"Bad input": params a model cannot use fail the trial, naming the param', () => {
  const cases: [Params, RegExp][] = [
    [{ units: -3 }, /param units .*≥ 1; got -3/],
    [{ optimizer: 'adamw' }, /param optimizer .*adam, sgd, rmsprop, adagrad; got "adamw"/],
    [{ activation: 'swish' }, /param activation .*got "swish"/],
    [{ dropout: 1 }, /param dropout .*< 1; got 1/],
    [{ dropout: -0.1 }, /param dropout .*≥ 0; got -0.1/],
    [{ learning_rate: 0 }, /param learning_rate .*> 0; got 0/],
    [{ batch_size: 2.5 }, /param batch_size .*integer; got 2.5/],
  ];
  for (const [params, message] of cases) {
    it(JSON.stringify(params), async () => {
      const { reports, outcome } = await runJob(job(params));
      expect(reports).toHaveLength(0);
      expect(outcome).toMatchObject({ kind: 'failed', name: 'ParamError' });
      if (outcome.kind === 'failed') expect(outcome.message).toMatch(message);
    });
  }
  it('cnn on a non-image dataset', async () => {
    const { outcome } = await runJob(job({}, { run: { ...xorRun, model: 'cnn' } as RunSpec }));
    expect(outcome).toMatchObject({ kind: 'failed', name: 'ParamError' });
  });
});

describe('user code', () => {
  const code = (src: string): Partial<TrialJob> => ({ run: { kind: 'code', code: src } });
  it('streams reports, and a number result is reported as loss', async () => {
    const { reports, outcome } = await runJob(
      job({ a: 2 }, code('async (params, report) => { await report({ loss: params.a }); await report({ loss: 1 }, 5); return 0.5; }')),
    );
    expect(reports).toEqual([
      { step: 1, values: { loss: 2 } },
      { step: 5, values: { loss: 1 } },
      { step: 6, values: { loss: 0.5 } },
    ]);
    expect(outcome).toEqual({ kind: 'completed' });
  });
  it('a stop answer halts the trial', async () => {
    const { reports, outcome } = await runJob(
      job({}, code('async (p, report) => { for (let i = 0; i < 10; i++) if (await report({ loss: i }) !== "continue") return; }')),
      ['continue', 'stop'],
    );
    expect(reports).toHaveLength(2);
    expect(outcome).toEqual({ kind: 'halted', decision: 'stop' });
  });
  it('exceptions, non-finite results and non-functions fail the trial with the message', async () => {
    expect((await runJob(job({}, code('() => { throw new RangeError("bad lr") }')))).outcome).toEqual({ kind: 'failed', name: 'RangeError', message: 'bad lr' });
    expect((await runJob(job({}, code('async () => NaN')))).outcome).toMatchObject({ kind: 'failed', message: expect.stringMatching(/non-finite result: NaN/) });
    expect((await runJob(job({}, code('() => ({ loss: Infinity })')))).outcome).toMatchObject({ kind: 'failed', message: expect.stringMatching(/loss must be a finite number; got Infinity/) });
    expect((await runJob(job({}, code('42')))).outcome).toMatchObject({ kind: 'failed', message: expect.stringMatching(/must be a function/) });
    expect((await runJob(job({}, code('(p, r) => {')))).outcome).toMatchObject({ kind: 'failed', message: expect.stringMatching(/does not compile/) });
  });
  it('Math.random in user code is seeded by the trial seed (replayable), and restored afterwards', async () => {
    const src = code('() => ({ loss: Math.random(), other: Math.random() })');
    const a = await runJob(job({}, { ...src, seed: 3 }));
    const b = await runJob(job({}, { ...src, seed: 3 }));
    const c = await runJob(job({}, { ...src, seed: 4 }));
    expect(a.reports).toEqual(b.reports);
    expect(c.reports).not.toEqual(a.reports);
    expect(Math.random).not.toBe(undefined);
    expect(Math.random()).not.toBe(Math.random());
  });
  it('reports sent without awaiting are all answered before the trial ends', async () => {
    const answered: number[] = [];
    const outcome = await api.run(job({}, code('(p, report) => { report({ loss: 3 }); report({ loss: 2 }); }')), async (r) => {
      await new Promise((done) => setTimeout(done, 20)); // the engine takes time to store a report
      answered.push(r.values.loss!);
      return 'continue' as const;
    });
    expect(answered).toEqual([3, 2]);
    expect(outcome).toEqual({ kind: 'completed' });
  });
});

describe('objectives run through the same API', () => {
  it('branin reports its loss', async () => {
    const { reports, outcome } = await runJob(job({ x1: Math.PI, x2: 2.275 }, { run: { kind: 'objective', objective: 'branin' } }));
    expect(outcome.kind).toBe('completed');
    expect(reports[0].values.loss).toBeCloseTo(0.397887, 5);
  });
});

describe('tensors back to baseline', () => {
  it('after completed, stopped, failed and resumed model trials', async () => {
    const base = api.memory().numTensors;
    await runJob(job({ ...small, epochs: 1, optimizer: 'rmsprop', l2: 0.01 }));
    await runJob(job({ ...small, optimizer: 'adagrad' }), ['stop']);
    await runJob(job({ units: -1 }));
    const p = await runJob(job({ ...small, epochs: 2 }), ['pause']);
    if (p.outcome.kind === 'halted') await runJob(job({ ...small, epochs: 2 }, { checkpoint: p.outcome.checkpoint }));
    expect(api.memory().numTensors).toBe(base);
  });
});
