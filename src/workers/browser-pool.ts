/** The worker pool in the browser (the UI): module Workers running trial.worker.ts, at most navigator.hardwareConcurrency. */
import * as Comlink from 'comlink';
import { cappedPool, type PoolFactoryOptions, type WorkerHandle, type WorkerPool } from './pool.ts';
import type { TrialWorkerApi } from './trial-api.ts';

export function spawnBrowserWorker(): WorkerHandle {
  // Vite recognizes exactly this `new Worker(new URL(...), {type: 'module'})` shape.
  const worker = new Worker(new URL('./trial.worker.ts', import.meta.url), { type: 'module' });
  let terminated = false;
  const crashed = new Promise<string>((resolve) => {
    worker.addEventListener('error', (e) => !terminated && resolve(`worker crashed: ${e.message || 'error while loading or running the worker'}`));
    worker.addEventListener('messageerror', () => !terminated && resolve('worker crashed: a message could not be deserialized'));
  });
  return {
    api: Comlink.wrap<TrialWorkerApi>(worker),
    crashed,
    terminate() {
      terminated = true;
      worker.terminate();
    },
  };
}

/** A WorkerPool of min(size, navigator.hardwareConcurrency) module Workers. */
export function createBrowserPool(options: PoolFactoryOptions): WorkerPool {
  const cores = typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 2;
  return cappedPool(spawnBrowserWorker, cores, options);
}
