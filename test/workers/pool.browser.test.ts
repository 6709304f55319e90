// A real module Worker in headless Chromium: the same trial API and pool as in Node.
import { afterAll, describe, expect, it } from 'vitest';
import type { TrialJob, TrialReport } from '../../src/engine/runner.ts';
import { createBrowserPool } from '../../src/workers/browser-pool.ts';

const never = { aborted: false, addEventListener() {}, removeEventListener() {} };
const job = (run: TrialJob['run'], params: TrialJob['params'] = { units: 8, epochs: 2, learning_rate: 0.01 }): TrialJob => ({
  groupId: 'g',
  trial: 0,
  params,
  seed: 5,
  groupSeed: 1,
  run,
});

describe('browser Worker pool (Chromium)', () => {
  const pool = createBrowserPool({ size: 1 });
  afterAll(() => pool.close());

  it('trains an MLP on MNIST fetched from public/data, on cpu, with per-epoch reports and a checkpoint', async () => {
    const reports: TrialReport[] = [];
    const out = await pool.run(job({ kind: 'model', model: 'mlp', dataset: 'mnist', backend: 'cpu', samples: 512 }), (r) => (reports.push(r), 'continue'), never);
    expect(out).toMatchObject({ kind: 'completed', backend: 'cpu' });
    expect(reports.map((r) => r.step)).toEqual([1, 2]);
    expect(reports[1].values.val_accuracy).toBeGreaterThan(0.5);
    if (out.kind === 'completed') expect(out.checkpoint?.data.byteLength).toBeGreaterThan(0);
  });

  it('the same job gives the same metrics (seeded), in one reused worker', async () => {
    const run = { kind: 'model', model: 'mlp', dataset: 'spiral', backend: 'cpu', samples: 200 } as const;
    const a: TrialReport[] = [];
    const b: TrialReport[] = [];
    await pool.run(job(run), (r) => (a.push(r), 'continue'), never);
    await pool.run(job(run), (r) => (b.push(r), 'continue'), never);
    expect(b).toEqual(a);
    expect(pool.spawned).toBe(1);
  });

  it('backend auto probes once and records the backend it picked', async () => {
    const out = await pool.run(job({ kind: 'model', model: 'mlp', dataset: 'xor', backend: 'auto', samples: 100 }, { units: 4, epochs: 1 }), () => 'continue', never);
    expect(out.kind).toBe('completed');
    if (out.kind === 'completed') {
      console.log(`backend auto picked ${out.backend} in headless Chromium`);
      expect(['cpu', 'webgl']).toContain(out.backend);
    }
  });

  it('a crash in the worker fails the trial and the next trial runs on a fresh worker', async () => {
    const out = await pool.run(job({ kind: 'code', code: '() => { setTimeout(() => { throw new Error("boom") }); return new Promise(() => {}); }' }), () => 'continue', never);
    expect(out).toMatchObject({ kind: 'failed', name: 'WorkerCrash' });
    expect(await pool.run(job({ kind: 'code', code: '() => 1' }), () => 'continue', never)).toEqual({ kind: 'completed' });
    expect(pool.spawned).toBe(2);
  });
});
