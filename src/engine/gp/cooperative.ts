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
      await nextTurn();
      last = performance.now();
    }
  }
}

interface Host {
  setImmediate?: (fn: () => void) => unknown;
  MessageChannel?: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(m: unknown): void } };
}

let channel: { post: () => void; waiting: (() => void)[] } | undefined;

/**
 * One turn of the event loop, so input and rendering run between two slices. Not
 * `setTimeout(0)`: browsers hold nested timers back at least 4 ms (the HTML standard's timer
 * clamping), idle time that a suggestion of many slices paid each time. Node's setImmediate,
 * else a MessageChannel message (browsers, workers), else a timer.
 */
function nextTurn(): Promise<void> {
  const host = globalThis as Host;
  if (host.setImmediate) return new Promise((resolve) => host.setImmediate!(resolve));
  if (!channel && host.MessageChannel) {
    const c = new host.MessageChannel();
    const waiting: (() => void)[] = [];
    c.port1.onmessage = () => waiting.shift()?.();
    channel = { post: () => c.port2.postMessage(null), waiting };
  }
  if (!channel) return new Promise((resolve) => setTimeout(resolve, 0));
  const { post, waiting } = channel;
  return new Promise((resolve) => {
    waiting.push(resolve);
    post();
  });
}

export function runSync<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
