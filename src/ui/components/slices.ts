/**
 * Runs a generator on the main thread in slices of at most `budgetMs`, yielding to the page
 * between slices (a macrotask: input, rendering and the engine's own work go first), so
 * analysis work never makes a long task. Aborted with
 * its signal: the promise then never settles and the generator is dropped.
 */
import { LitElement } from 'lit';
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

/** Resolves in a later task (a macrotask), after input and rendering had their turn. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * For a component's `scheduleUpdate`: its render runs in a task of its own, not in the task
 * of the parent that set its properties. A group view's snapshot then updates its charts and
 * table in several short tasks instead of one long one; `updateComplete` still waits for it.
 */
export function ownTask(update: () => void | Promise<unknown>): Promise<unknown> {
  return nextTask().then(update);
}

/** A chart rendered in a task of its own (ownTask), so the group view's update stays short. */
export abstract class OwnTaskElement extends LitElement {
  protected override scheduleUpdate(): Promise<unknown> {
    return ownTask(() => super.scheduleUpdate());
  }
}
