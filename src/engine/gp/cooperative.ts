/**
 * Long computations (hyperparameter fitting, acquisition maximization) are written as
 * generators that `yield` between units of work (one likelihood or acquisition
 * evaluation). `drive` runs one to completion and gives the event loop a turn whenever
 * `sliceMs` have passed since the last turn, so a suggestion never blocks the page for
 * long; `runSync` runs one without yielding (tests, benchmarks).
 */

export type Steps<T> = Generator<void, T, void>;

export async function drive<T>(steps: Steps<T>, sliceMs: number): Promise<T> {
  let last = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - last >= sliceMs) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      last = performance.now();
    }
  }
}

export function runSync<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
