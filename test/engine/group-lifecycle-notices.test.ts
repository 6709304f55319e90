// What a group's watchers and readers are told after it changed outside a live run: a trial
// paused and then finished reads as finished (the pause kept among its events), a deleted
// group tells its watchers it is gone (here, or found gone by refresh as another tab's
// delete), and an imported group is published to those watching its id.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import type { GroupSnapshot } from '../../src/engine/group/snapshot.ts';
import { InProcessRunner } from '../../src/workers/inprocess.ts';
import { lc4Source } from './lc4-specs.ts';

async function setup(store = new MemoryStore()) {
  const engine = new Engine({ store, runner: new InProcessRunner() });
  await engine.create(lc4Source('random'), { id: 'g' });
  return { store, engine };
}

/** Resolves once the macrotasks queued so far have run (the hub publishes in one). */
const settle = () => new Promise((r) => setTimeout(r, 5));

describe('a trial paused and then finished', () => {
  it('reads as finished, with the pause kept as an event', async () => {
    const { store, engine } = await setup();
    let seen = 0;
    const paused = await engine.run('g', { observer: { report: () => void (++seen === 7 && engine.pause('g')) } });
    expect(paused.status).toBe('paused');
    const waiting = (await store.listTrials('g')).filter((t) => t.status === 'created' && t.events?.some((e) => e.message.startsWith('paused')));
    expect(waiting.length).toBeGreaterThan(0);
    const before = (await engine.snapshot('g'))!;
    for (const t of waiting) expect(before.reason(t.number)).toMatch(/^paused at step \d+/);

    expect((await engine.run('g')).status).toBe('done');
    const s = (await engine.snapshot('g'))!;
    for (const { number } of waiting) {
      const t = s.trial(number)!;
      expect(t.status).toBe('succeeded');
      const pause = t.events!.find((e) => e.message.startsWith('paused'))!;
      expect(s.reason(number)).toBe(`succeeded at step 5, resumed after it was ${pause.message}`);
      expect(pause).toMatchObject({ kind: 'paused', message: expect.stringMatching(/^paused at step \d+/) });
    }
  });
});

describe('watchers of a group that goes away or arrives', () => {
  it('deleteGroup tells the watchers the group is gone, and no older snapshot follows', async () => {
    const { engine } = await setup();
    let seen = 0;
    await engine.run('g', { observer: { report: () => void (++seen === 3 && engine.pause('g')) } });
    const snaps: GroupSnapshot[] = [];
    let gone = 0;
    engine.watch('g', (s) => snaps.push(s), { gone: () => gone++ });
    await settle();
    expect(snaps.length).toBe(1);
    // A change published just before the delete must not reach the watcher after it.
    expect((await engine.stopIdle('g'))?.status).toBe('stopped');
    await engine.deleteGroup('g');
    await settle();
    expect(gone).toBe(1);
    expect(snaps.length).toBe(1);
  });

  it('a group deleted by another engine on the same store is gone at the next refresh', async () => {
    const store = new MemoryStore();
    const { engine: here } = await setup(store);
    const there = new Engine({ store, runner: new InProcessRunner() });
    let gone = 0;
    const unwatch = here.watch('g', () => {}, { gone: () => gone++ });
    await settle();
    await there.deleteGroup('g');
    expect(gone).toBe(0);
    await here.refresh('g');
    expect(gone).toBe(1);
    unwatch();
    await here.refresh('g');
    expect(gone).toBe(1);
  });

  it('a watch of a missing id says so at once, and gets the group once it is imported', async () => {
    const { engine: source } = await setup();
    await source.run('g');
    const file = await source.exportGroup('g');
    const engine = new Engine({ store: new MemoryStore(), runner: new InProcessRunner() });
    const snaps: GroupSnapshot[] = [];
    let gone = 0;
    engine.watch('g', (s) => snaps.push(s), { gone: () => gone++ });
    await settle();
    expect([gone, snaps.length]).toEqual([1, 0]);
    const imported = await engine.importGroup(file.text);
    expect(imported.ok && imported.group.id).toBe('g');
    await settle();
    expect(snaps.map((s) => [s.group.id, s.status, s.size])).toEqual([['g', 'done', 10]]);
  });
});
