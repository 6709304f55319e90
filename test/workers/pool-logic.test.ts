// The pool's scheduling rules, fast: workers are stood in for by the trial API over a MessageChannel.
import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import type { TrialJob } from '../../src/engine/runner.ts';
import { WorkerPool, type WorkerHandle } from '../../src/workers/pool.ts';
import { createTrialApi, type TrialWorkerApi } from '../../src/workers/trial-api.ts';

function channelWorker(): WorkerHandle {
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(createTrialApi(), port1);
  return {
    api: Comlink.wrap<TrialWorkerApi>(port2),
    crashed: new Promise<string>(() => {}),
    terminate() {
      port1.close();
      port2.close();
    },
  };
}

const never = { aborted: false, addEventListener() {}, removeEventListener() {} };
/** A trial that reports once, then waits `ms`. */
const sleeper = (ms: number, trial = 0): TrialJob => ({
  groupId: 'g',
  trial,
  params: {},
  seed: 1,
  groupSeed: 1,
  run: { kind: 'code', code: `async (p, report) => { await report({ loss: 0 }); await new Promise((r) => setTimeout(r, ${ms})); }` },
});

describe('pool scheduling', () => {
  it('runs at most size trials at once and spawns no more than size workers', async () => {
    const pool = new WorkerPool({ spawn: channelWorker, size: 2 });
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        pool.run(sleeper(20, i), () => ((running++, (most = Math.max(most, running))), 'continue'), never).finally(() => running--),
      ),
    );
    expect(most).toBe(2);
    expect(pool.spawned).toBe(2);
    await pool.close();
  });

  it('a trial aborted while queued never starts', async () => {
    const pool = new WorkerPool({ spawn: channelWorker, size: 1 });
    const ctl = new AbortController();
    let reported = 0;
    const first = pool.run(sleeper(50), () => 'continue', never);
    const queued = pool.run(sleeper(0, 1), () => (reported++, 'continue'), ctl.signal);
    ctl.abort();
    expect(await queued).toEqual({ kind: 'halted', decision: 'stop' });
    expect(await first).toEqual({ kind: 'completed' });
    expect(reported).toBe(0);
    await pool.close();
  });

  it('close() halts running and queued trials, later runs fail', async () => {
    const pool = new WorkerPool({ spawn: channelWorker, size: 1 });
    const running = pool.run(sleeper(10_000), () => 'continue', never);
    const queued = pool.run(sleeper(0, 1), () => 'continue', never);
    await new Promise((r) => setTimeout(r, 50));
    await pool.close();
    expect(await running).toEqual({ kind: 'halted', decision: 'stop' });
    expect(await queued).toEqual({ kind: 'halted', decision: 'stop' });
    expect(await pool.run(sleeper(0), () => 'continue', never)).toMatchObject({ kind: 'failed', name: 'PoolClosed' });
  });

  it('the engine\'s time answering a report does not count as a hang', async () => {
    const pool = new WorkerPool({ spawn: channelWorker, size: 1, hangTimeoutMs: 100 });
    const out = await pool.run(sleeper(0), () => new Promise((r) => setTimeout(() => r('continue'), 300)), never);
    expect(out).toEqual({ kind: 'completed' });
    await pool.close();
  });

  it('rejects a size that is not an integer ≥ 1', () => {
    expect(() => new WorkerPool({ spawn: channelWorker, size: 0 })).toThrow(/pool size must be an integer ≥ 1; got 0/);
  });
});
