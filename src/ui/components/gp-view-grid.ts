/**
 * Evaluating the GP over a chart's grid (200 points for a curve, 60 × 60 for a heatmap) in
 * slices on the main thread, with a yield between slices, so no task runs past the frame
 * budget (docs/architecture.md, "Keeping the page responsive"). The fallback of the worker
 * (gp-view-worker.ts): used where no worker starts, or for a GP the trials do not rebuild
 * (a snapshot made by hand). With 400 observations one point costs ~0.1 ms, so a
 * 3,600-point heatmap is ~100 slices of a few ms each.
 *
 * A slice is sized from the measured cost per point so it takes about SLICE_MS; a new job
 * cancels the one still running (its promise resolves to undefined).
 */

/** Time one slice should take, in ms (well under the 50 ms long-task threshold). */
export const SLICE_MS = 8;

/** Functions of the GP over encoded points (e.g. mean, sd, the band, the acquisition): one list of values per output. */
export type PointFn = (points: readonly (readonly number[])[]) => readonly (readonly number[])[];

/** Gives the event loop a turn (input, rendering) between slices. */
function yieldToMain(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof s?.yield === 'function') return s.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class SlicedEvaluator {
  private _job = 0;
  /** Milliseconds per point, measured on the previous slices (a cautious start: with 400 observations a point costs ~0.4 ms). */
  private _msPerPoint = 0.5;

  /** Cancels the job in progress, if any. */
  cancel(): void {
    this._job++;
  }

  /**
   * `fn`'s `outputs` values at every point, in slices; undefined when a newer job (or
   * `cancel`) replaced this one before it finished.
   */
  async run(points: readonly (readonly number[])[], fn: PointFn, outputs: number): Promise<Float64Array[] | undefined> {
    const job = ++this._job;
    const out = Array.from({ length: outputs }, () => new Float64Array(points.length));
    // Start after a yield: the caller's render (and any input queued) goes first.
    await yieldToMain();
    let i = 0;
    while (i < points.length) {
      if (job !== this._job) return undefined;
      const started = performance.now();
      while (i < points.length && performance.now() - started < SLICE_MS) {
        const size = Math.max(1, Math.min(points.length - i, Math.floor(SLICE_MS / 2 / this._msPerPoint)));
        const t0 = performance.now();
        const values = fn(points.slice(i, i + size));
        values.forEach((v, k) => out[k]!.set(v, i));
        const ms = performance.now() - t0;
        // A running estimate: a cold first call (JIT) does not set the size for good.
        this._msPerPoint = 0.5 * this._msPerPoint + (0.5 * Math.max(ms, 0.001)) / size;
        i += size;
      }
      if (i < points.length) await yieldToMain();
    }
    return job === this._job ? out : undefined;
  }
}
