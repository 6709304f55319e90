/**
 * The GP view's grids in a worker (src/workers/gp-grid.ts): the worker rebuilds the group's GP
 * from the trials and evaluates the points, so neither the factorization nor the thousands of
 * predictions of a heatmap run on the page's main thread. One worker for the page, started on
 * first use. A newer job makes an older one's result 'stale' (it is dropped, as with
 * SlicedEvaluator); a worker that cannot start or fails leaves `available` false, and the view
 * falls back to the sliced evaluation on the main thread.
 */
import * as Comlink from 'comlink';
import type { GpData, GpGridJob, GpGridResult, GpStepJob } from '../../workers/gp-grid.ts';
import type { GpGridApi } from '../../workers/gp-grid.worker.ts';

let remote: Comlink.Remote<GpGridApi> | undefined;
let broken = false;
/** Jobs in flight fail when the worker does (Comlink's calls would wait forever). */
const inFlight = new Set<(e: Error) => void>();

function worker(): Comlink.Remote<GpGridApi> | undefined {
  if (broken || typeof Worker === 'undefined') return undefined;
  if (!remote) {
    try {
      // Vite recognizes exactly this `new Worker(new URL(...), {type: 'module'})` shape.
      const w = new Worker(new URL('../../workers/gp-grid.worker.ts', import.meta.url), { type: 'module' });
      w.addEventListener('error', () => {
        broken = true;
        for (const fail of inFlight) fail(new Error('the GP worker failed'));
      });
      remote = Comlink.wrap<GpGridApi>(w);
    } catch {
      broken = true;
      return undefined;
    }
  }
  return remote;
}

/** One call to the worker; 'unavailable' when it cannot start, fails meanwhile, or answers nothing. */
async function call<T>(ask: (w: Comlink.Remote<GpGridApi>) => Promise<T | undefined>): Promise<T | 'unavailable'> {
  const w = worker();
  if (!w) return 'unavailable';
  let fail: ((e: Error) => void) | undefined;
  try {
    const failed = new Promise<never>((_, reject) => inFlight.add((fail = reject)));
    return (await Promise.race([ask(w), failed])) ?? 'unavailable';
  } catch {
    broken = true;
    return 'unavailable';
  } finally {
    if (fail) inFlight.delete(fail);
  }
}

export class WorkerEvaluator {
  private _job = 0;

  /** False once the worker could not start or failed: use the sliced evaluation instead. */
  get available(): boolean {
    return !broken && typeof Worker !== 'undefined';
  }

  cancel(): void {
    this._job++;
  }

  /**
   * The job's values; 'stale' when a newer job replaced it; 'unavailable' when the worker
   * cannot help (it failed, or the trials do not rebuild a GP, e.g. a snapshot made by hand).
   */
  async run(job: GpGridJob): Promise<Float64Array[] | 'stale' | 'unavailable'> {
    const id = ++this._job;
    const out = await call<Float64Array[]>((w) => w.evaluate(job) as Promise<GpGridResult>);
    return id !== this._job ? 'stale' : out;
  }

  /** A step's GP as data, rebuilt in the worker (the scrubber); never stale: each step is asked once. */
  describe(job: GpStepJob): Promise<GpData | 'unavailable'> {
    return call<GpData>((w) => w.describe(job) as Promise<GpData | undefined>);
  }
}
