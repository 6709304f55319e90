// The browser trial Worker (Chromium) runs its model trials on the fast cpu kernels.
import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import type { Decision, TrialJob } from '../../src/engine/index.ts';
import { spawnBrowserWorker } from '../../src/workers/browser-pool.ts';
import { FAST_KERNEL_NAMES } from '../../src/workers/kernels/index.ts';

const job: TrialJob = {
  groupId: 'g',
  trial: 0,
  params: { units: 8, epochs: 1, learning_rate: 0.01 },
  seed: 3,
  groupSeed: 1,
  run: { kind: 'model', model: 'mlp', dataset: 'xor', backend: 'cpu', samples: 100 },
};

describe('fast cpu kernels in the browser Worker', () => {
  it('a model trial on cpu installs every fast kernel in the worker', async () => {
    const w = spawnBrowserWorker();
    try {
      expect(await w.api.kernels()).toEqual([]); // nothing before a model trial picks its backend
      const out = await w.api.run(job, Comlink.proxy(async (): Promise<Decision> => 'continue'));
      expect(out).toMatchObject({ kind: 'completed', backend: 'cpu' });
      expect(await w.api.kernels()).toEqual(FAST_KERNEL_NAMES);
    } finally {
      w.terminate();
    }
  });
});
