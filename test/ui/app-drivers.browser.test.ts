/**
 * One driver per group with real Web Locks and BroadcastChannel in
 * Chromium: two "tabs" are two engines over one store in one page, each with its own
 * LiveFeed and GroupDrivers (locks and channels are per origin, so they meet as tabs do).
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import type { TrialRunner } from '../../src/engine/runner.ts';
import { LiveFeed, type FeedEvent } from '../../src/ui/app/feed.ts';
import { GroupDrivers, lockName } from '../../src/ui/app/drivers.ts';

const SPEC = `version: 1
kind: group
hptuning:
  seed: 3
  concurrency: 2
  random_search: {n_experiments: 6}
  matrix:
    x1: {uniform: [-5, 10]}
    x2: {uniform: [0, 15]}
run:
  objective: branin
`;

/** A trial of 5 reports, 15 ms apart, that obeys the decisions (the engine is what is tested). */
const slow: TrialRunner = {
  async run(_job, report, signal) {
    for (let step = 1; step <= 5; step++) {
      await new Promise((r) => setTimeout(r, 15));
      if (signal.aborted) return { kind: 'halted', decision: 'stop' };
      const d = await report({ step, values: { loss: 1 / step } });
      if (d !== 'continue') return { kind: 'halted', decision: d };
    }
    return { kind: 'completed' };
  },
};

function tab(store: MemoryStore, channel: string) {
  const engine = new Engine({ store, runner: slow });
  const feed = new LiveFeed(engine, channel);
  const errors: unknown[] = [];
  const drivers = new GroupDrivers(engine, feed, (_id, e) => errors.push(e));
  const events: FeedEvent[] = [];
  feed.subscribe((e, remote) => remote && events.push(e));
  return { engine, feed, drivers, errors, events };
}

const until = async (check: () => boolean | Promise<boolean>, ms = 5000) => {
  const end = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('one driver per group', () => {
  it('only one tab drives; the other sees its events, forwards commands, and continues a group left running', async () => {
    const store = new MemoryStore();
    const channel = `drivers-${Math.random()}`;
    const a = tab(store, channel);
    const b = tab(store, channel);
    const created = await a.engine.create(SPEC);
    if (!created.ok) throw new Error(created.issues[0]!.message);
    const id = created.group.id;

    expect(await a.drivers.start(id)).toBe(true);
    expect(a.drivers.drives(id)).toBe(true);
    // The lock is held: the second tab may not start the same group.
    expect(await b.drivers.start(id)).toBe(false);
    expect(b.drivers.drives(id)).toBe(false);
    const held = (await navigator.locks.query()).held?.map((l) => l.name);
    expect(held).toContain(lockName(id));

    // B sees A's events live, and B's pause reaches A through the channel.
    await until(() => b.events.some((e) => e.type === 'report'));
    b.drivers.command(id, 'pause');
    await until(async () => (await store.getGroup(id))?.status === 'paused');
    await until(() => !a.drivers.drives(id));
    // The event crosses the BroadcastChannel after the store write: wait for it.
    await until(() => b.events.some((e) => e.type === 'group' && e.group.status === 'paused'));

    // A group stored as running with no tab holding its lock (a closed or crashed tab) is continued by whoever adopts it.
    await store.putGroup({ ...(await store.getGroup(id))!, status: 'running' });
    b.drivers.adoptInterrupted(await b.engine.groups());
    await until(() => b.drivers.drives(id));
    expect(await a.drivers.start(id)).toBe(false);
    await until(async () => (await store.getGroup(id))?.status === 'done', 10_000);
    const trials = await store.listTrials(id);
    expect(trials).toHaveLength(6);
    expect(trials.every((t) => t.status === 'succeeded')).toBe(true);
    expect([...a.errors, ...b.errors]).toEqual([]);
    a.feed.close();
    b.feed.close();
  });
});
