/**
 * The worker pool on Node worker_threads (the CLI, vitest): each worker runs trial.node.ts.
 * Node 20 does not apply `--import tsx` to a worker's .ts entry, so a .ts entry starts
 * through an eval bootstrap that registers tsx first.
 */
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { cappedPool, type PoolFactoryOptions, type WorkerHandle, type WorkerPool } from './pool.ts';
import type { TrialWorkerApi } from './trial-api.ts';

// Built into the npm package (build/cli, docs/library.md), the entry is trial.node.js beside this chunk.
const ENTRY = new URL(import.meta.url.endsWith('.ts') ? './trial.node.ts' : './trial.node.js', import.meta.url);
/**
 * tsx's register API, resolved from here: an eval'd worker would resolve bare names from the
 * cwd, which may be outside the project. Resolved only for a .ts entry: the npm package runs
 * JavaScript and does not depend on tsx.
 */
const tsxApi = (): string => import.meta.resolve('tsx/esm/api');

/** Starts one worker_threads Worker running `entry` (a .ts entry through tsx). */
export function spawnNodeWorker(entry: URL = ENTRY): WorkerHandle {
  const worker = entry.pathname.endsWith('.ts')
    ? new Worker(`import(${JSON.stringify(tsxApi())}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`, { eval: true })
    : new Worker(entry);
  let terminated = false;
  const crashed = new Promise<string>((resolve) => {
    worker.once('error', (e) => !terminated && resolve(`worker crashed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`));
    worker.once('exit', (code) => !terminated && resolve(`worker exited with code ${code}`));
  });
  return {
    api: Comlink.wrap<TrialWorkerApi>(nodeEndpoint(worker)),
    crashed,
    terminate() {
      terminated = true;
      void worker.terminate();
    },
    setBusy(busy) {
      if (busy) worker.ref();
      else worker.unref();
    },
  };
}

/** A WorkerPool of min(size, cores) worker_threads. */
export function createNodePool(options: PoolFactoryOptions): WorkerPool {
  return cappedPool(() => spawnNodeWorker(), availableParallelism(), options);
}
