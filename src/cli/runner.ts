/**
 * The CLI's trial runner: built-in objectives run in-process (no worker needed, lowest
 * overhead); models and user code run in a pool of worker_threads, started on first use.
 */
import type { RunSpec, TrialRunner } from '../engine/index.ts';
import { InProcessRunner } from '../workers/inprocess.ts';
import { createNodePool } from '../workers/node-pool.ts';
import type { WorkerPool } from '../workers/pool.ts';

/** In-process trials are one chain of microtasks: give the event loop a turn this often (Ctrl-C, progress). */
const YIELD_EVERY_MS = 50;

export function createCliRunner(concurrency: number): TrialRunner {
  const inProcess = new InProcessRunner();
  let pool: WorkerPool | undefined;
  let yielded = performance.now();
  const poolFor = () => (pool ??= createNodePool({ size: concurrency }));
  const runInProcess: TrialRunner['run'] = async (job, report, signal) => {
    if (performance.now() - yielded > YIELD_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      yielded = performance.now();
    }
    return inProcess.run(job, report, signal);
  };
  return {
    unsupported: (run: RunSpec) => (run.kind === 'objective' ? inProcess.unsupported(run) : poolFor().unsupported?.(run)),
    run: (job, report, signal) => (job.run.kind === 'objective' ? runInProcess(job, report, signal) : poolFor().run(job, report, signal)),
    close: async () => {
      await pool?.close();
    },
  };
}
