// Training with the fast cpu kernels gives the stock kernels' metrics (within float32 tolerance), and both worker entries install them.
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { Decision, TrialJob, TrialReport } from '../../src/engine/index.ts';
import { nodeAssetLoader } from '../../src/workers/assets.node.ts';
import { FAST_KERNEL_NAMES } from '../../src/workers/kernels/index.ts';
import { spawnNodeWorker } from '../../src/workers/node-pool.ts';
import { createTrialApi } from '../../src/workers/trial-api.ts';

const job = (batch: number): TrialJob => ({
  groupId: 'g',
  trial: 0,
  params: { layers: 1, units: 32, activation: 'relu', optimizer: 'adam', learning_rate: 0.003, batch_size: batch, dropout: 0.2, epochs: 2 },
  seed: 11,
  groupSeed: 1,
  run: { kind: 'model', model: 'mlp', dataset: 'mnist', backend: 'cpu', samples: 300 },
});

const envBefore = process.env.HPTUNE_KERNELS;
afterEach(() => {
  if (envBefore === undefined) delete process.env.HPTUNE_KERNELS;
  else process.env.HPTUNE_KERNELS = envBefore;
});

describe('an MNIST MLP trained with the fast kernels', () => {
  const api = createTrialApi({ loadAsset: nodeAssetLoader });
  const train = async (kernels: 'stock' | 'fast', batch: number) => {
    process.env.HPTUNE_KERNELS = kernels; // read by useBackend at the start of every model trial
    const reports: TrialReport[] = [];
    const out = await api.run(job(batch), async (r): Promise<Decision> => (reports.push(r), 'continue'));
    expect(out.kind).toBe('completed');
    expect(api.kernels()).toEqual(kernels === 'fast' ? FAST_KERNEL_NAMES : []);
    return reports;
  };

  it.each([32, 7])('reports the stock kernels’ loss and accuracy each epoch (batch %i, dropout, Adam)', async (batch) => {
    const stock = await train('stock', batch);
    const fast = await train('fast', batch);
    expect(fast.map((r) => r.step)).toEqual([1, 2]);
    for (let i = 0; i < stock.length; i++) {
      for (const [name, value] of Object.entries(stock[i]!.values)) {
        // Sums in another order differ in the last float32 bits; after 2 epochs of Adam that stays far below 1e-3.
        expect(Math.abs(fast[i]!.values[name]! - value), `${name} at epoch ${i + 1}`).toBeLessThan(1e-3);
      }
    }
  }, 120_000);
});

describe('worker_threads entry', () => {
  const xorJob: TrialJob = { ...job(32), params: { units: 8, epochs: 1 }, run: { kind: 'model', model: 'mlp', dataset: 'xor', backend: 'cpu', samples: 100 } };
  const runIn = async (env?: string): Promise<string[]> => {
    if (env === undefined) delete process.env.HPTUNE_KERNELS;
    else process.env.HPTUNE_KERNELS = env; // a Worker starts with a copy of this environment
    const w = spawnNodeWorker();
    try {
      const out = await w.api.run(xorJob, Comlink.proxy(async (): Promise<Decision> => 'continue'));
      expect(out.kind).toBe('completed');
      return await w.api.kernels();
    } finally {
      w.terminate();
    }
  };

  it('a model trial installs the fast kernels by default, and none with HPTUNE_KERNELS=stock', async () => {
    expect(await runIn()).toEqual(FAST_KERNEL_NAMES);
    expect(await runIn('stock')).toEqual([]);
  }, 120_000);
});
