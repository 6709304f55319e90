/**
 * Runs a generator on the main thread in slices of at most `budgetMs`, yielding to the page
 * between slices (a macrotask: input, rendering and the engine's own work go first), so
 * analysis work never makes a long task. Aborted with
 * its signal: the promise then never settles and the generator is dropped.
 */
export function runSliced<T>(steps: Generator<unknown, T>, signal: AbortSignal, budgetMs = 8): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const slice = () => {
      if (signal.aborted) return;
      const end = performance.now() + budgetMs;
      try {
        for (;;) {
          const r = steps.next();
          if (r.done) return resolve(r.value);
          if (performance.now() >= end) break;
        }
      } catch (e) {
        return reject(e as Error);
      }
      setTimeout(slice, 0);
    };
    setTimeout(slice, 0);
  });
}
