/**
 * The trial API: one environment-neutral module that runs a TrialJob and
 * streams its reports through a callback whose answer is obeyed at the next report
 * boundary (an epoch for models). The same object is used directly (tests, in-process),
 * behind `Comlink.expose` in a browser module Worker (trial.worker.ts) and in a Node
 * worker_threads entry (trial.node.ts). Squoosh style: the RPC type is derived from this
 * implementation (`TrialWorkerApi`), never written twice.
 *
 * Outcomes are data: every error becomes `{kind: 'failed', name, message}` (Comlink
 * flattens error classes; docs/architecture.md, "What crosses the worker boundary"). A checkpoint's
 * bytes are marked transferable, so they move to the host without a copy.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import type { ObjectiveName, ReportFn, TrialJob, TrialOutcome } from '../engine/index.ts';
import { useBackend } from './backend.ts';
import { fastKernelsInUse } from './kernels/index.ts';
import { runUserCode } from './code.ts';
import type { AssetLoader } from './datasets/index.ts';
import { trainModel } from './models/train.ts';
import { runObjective } from './objectives/index.ts';
import { CMD_ELSEWHERE } from './cmd-message.ts';

export interface TrialApiOptions {
  /** Reads files shipped under `public/data/` (MNIST); the entries pass fetch (browser) or the file system (Node). */
  readonly loadAsset?: AssetLoader;
}

const noAssets: AssetLoader = (name) => Promise.reject(new Error(`no asset loader in this trial API: cannot read data/${name}`));

function failed(e: unknown): TrialOutcome {
  const err = e instanceof Error ? e : new Error(String(e));
  return { kind: 'failed', name: err.name || 'Error', message: err.message };
}

/** Frees the host side of a Comlink-proxied callback (its MessagePort would keep a Node host alive); no-op for a plain function. */
function release(report: ReportFn): void {
  const r = (report as unknown as Record<PropertyKey, unknown>)[Comlink.releaseProxy];
  if (typeof r === 'function') r();
}

async function dispatch(job: TrialJob, report: ReportFn, loadAsset: AssetLoader): Promise<TrialOutcome> {
  const run = job.run;
  switch (run.kind) {
    case 'model':
      return trainModel(job, run, await useBackend(run.backend), report, loadAsset);
    case 'code':
      return runUserCode(run.code, job.params, report, job.seed);
    case 'objective':
      // Aborts terminate the worker (pool.ts), so the objective never sees an aborted signal here.
      return runObjective(run.objective as ObjectiveName, job.params, job.groupSeed, report, {
        signal: new AbortController().signal,
        ...(job.checkpoint && { checkpoint: job.checkpoint }),
      });
    case 'cmd':
      return { kind: 'failed', name: 'Unsupported', message: CMD_ELSEWHERE };
  }
}

export function createTrialApi(options: TrialApiOptions = {}) {
  const loadAsset = options.loadAsset ?? noAssets;
  tf.enableProdMode(); // each worker has its own tfjs; also silences the Node banner
  return {
    /** Runs one trial; `report` resolves to 'continue' | 'pause' | 'stop'. Never throws. */
    async run(job: TrialJob, report: ReportFn): Promise<TrialOutcome> {
      let outcome: TrialOutcome;
      try {
        outcome = await dispatch(job, report, loadAsset);
      } catch (e) {
        outcome = failed(e);
      } finally {
        release(report);
      }
      return outcome.kind !== 'failed' && outcome.checkpoint ? Comlink.transfer(outcome, [outcome.checkpoint.data]) : outcome;
    },
    /** Resolves once the worker has loaded (tfjs included): the pool times a trial's hang from here, not from the spawn. */
    ready(): true {
      return true;
    },
    /** Live tensors and bytes of this worker's tfjs (the leak check). */
    memory(): { numTensors: number; numBytes: number } {
      const m = tf.memory();
      return { numTensors: m.numTensors, numBytes: m.numBytes };
    },
    /** The cpu kernels this worker runs from kernels/ instead of tfjs's stock ones (set when a model trial picks its backend). */
    kernels(): string[] {
      return fastKernelsInUse();
    },
  };
}

export type TrialWorkerApi = ReturnType<typeof createTrialApi>;
