// drive() in a browser, where it yields with a MessageChannel message (no setImmediate): the
// page's own tasks run between slices, and the result is the one runSync gives.
import { describe, expect, it } from 'vitest';
import { drive, runSync, type Steps } from '../../src/engine/gp/cooperative.ts';

/** Sums 0..n-1, busy for `ms` at every step, yielding between steps. */
function* slowSum(n: number, ms: number): Steps<number> {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    while (performance.now() - t < ms);
    s += i;
    yield;
  }
  return s;
}

describe('drive in the browser', () => {
  it('lets timers run between slices and returns what runSync returns', async () => {
    expect(typeof (globalThis as { setImmediate?: unknown }).setImmediate).toBe('undefined');
    let fired = 0;
    const tick = () => {
      fired++;
      if (fired < 1000) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    const result = await drive(slowSum(40, 1), 3);
    const ticksDuring = fired;
    fired = 1000;
    expect(result).toBe(runSync(slowSum(40, 0)));
    expect(ticksDuring).toBeGreaterThan(0);
  });

  it('several drives at once all finish, each with its own result', async () => {
    const results = await Promise.all([drive(slowSum(10, 1), 2), drive(slowSum(20, 1), 2), drive(slowSum(5, 1), 2)]);
    expect(results).toEqual([45, 190, 10]);
  });
});
