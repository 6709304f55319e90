/**
 * The live feed between tabs (Node's BroadcastChannel, the same API as the browser's): an
 * event from another tab makes this tab's engine re-read that group, one re-read at a time
 * per group, with the notices that arrive during a re-read folded into one more; this tab's
 * own events never cause a re-read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine, EngineEvent, GroupRecord } from '../../src/engine/index.ts';
import { LiveFeed } from '../../src/ui/app/feed.ts';

/** The part of the engine the feed uses: subscribe (its own events) and refresh, which waits until released. */
function fakeEngine() {
  const listeners = new Set<(e: EngineEvent) => void>();
  const refreshes: { id: string; release: () => void }[] = [];
  const engine = {
    subscribe: (l: (e: EngineEvent) => void) => (listeners.add(l), () => listeners.delete(l)),
    refresh: (id: string) => new Promise<void>((release) => refreshes.push({ id, release })),
  };
  return { engine: engine as unknown as Engine, refreshes, emit: (e: EngineEvent) => listeners.forEach((l) => l(e)) };
}

const group = (id: string): GroupRecord => ({ id, name: id, source: '', seed: 1, concurrency: 1, algorithm: 'random', status: 'running', createdAt: 0 });
const report = (groupId: string, step: number): EngineEvent => ({ type: 'report', groupId, trial: 0, report: { step, values: { loss: 1 }, time: 0 } });

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

let feeds: LiveFeed[] = [];
afterEach(() => {
  for (const f of feeds) f.close();
  feeds = [];
});

describe('following another tab', () => {
  it("re-reads a group another tab changed, one re-read at a time, and once more for what came during it; never for this tab's own events", async () => {
    const channel = `feed-${Math.random()}`;
    const driving = fakeEngine();
    const following = fakeEngine();
    const a = new LiveFeed(driving.engine, channel);
    const b = new LiveFeed(following.engine, channel);
    feeds.push(a, b);
    const seen: [string, boolean][] = [];
    b.subscribe((e, remote) => seen.push([e.type, remote]));

    driving.emit({ type: 'group', group: group('g') });
    await until(() => following.refreshes.length === 1);
    expect(following.refreshes[0]!.id).toBe('g');
    // Fifty reports while the re-read runs: no second re-read at the same time...
    for (let step = 1; step <= 50; step++) driving.emit(report('g', step));
    await until(() => seen.length === 51);
    expect(following.refreshes).toHaveLength(1);
    // ...and exactly one more once it is done, which reads all fifty.
    following.refreshes[0]!.release();
    await until(() => following.refreshes.length === 2);
    following.refreshes[1]!.release();
    // Another group is followed on its own.
    driving.emit(report('h', 1));
    await until(() => following.refreshes.length === 3);
    expect(following.refreshes.map((r) => r.id)).toEqual(['g', 'g', 'h']);
    following.refreshes[2]!.release();

    // B's own engine events go to A as notices, and never make B re-read.
    following.emit(report('g', 99));
    await until(() => driving.refreshes.length === 1);
    expect(following.refreshes).toHaveLength(3);
    expect(seen.at(-1)).toEqual(['report', false]);
    driving.refreshes[0]!.release();
    // Every event from A reached B's listeners as remote.
    expect(seen.slice(0, 52).every(([, remote]) => remote)).toBe(true);
  });
});
