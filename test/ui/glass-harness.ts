/**
 * Shared set-up of the glass-box browser tests: a real engine (MemoryStore) that runs a group
 * to its end, and the whole app opened on that group's view.
 */
import { expect } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import type { GroupSnapshot, TrialRunner } from '../../src/engine/index.ts';
import { LiveFeed } from '../../src/ui/app/feed.ts';
import { GroupDrivers } from '../../src/ui/app/drivers.ts';
import type { HptuneApp } from '../../src/ui/app.ts';

/** Runs `source` as group `g` to its end; returns the engine and the final snapshot (as `engine.watch` gives it). */
export async function ranToEnd(source: string, runner: TrialRunner): Promise<{ engine: Engine; snap: GroupSnapshot }> {
  const engine = new Engine({ store: new MemoryStore(), runner });
  const created = await engine.create(source, { id: 'g' });
  if (!created.ok) throw new Error(created.issues[0]!.message);
  await engine.run('g');
  let snap: GroupSnapshot | undefined;
  const stop = engine.watch('g', (s) => (snap = s));
  await expect.poll(() => snap?.status, { timeout: 60_000 }).toBe('done');
  stop();
  return { engine, snap: snap! };
}

export async function finishedSnapshot(source: string, runner: TrialRunner): Promise<GroupSnapshot> {
  return (await ranToEnd(source, runner)).snap;
}

/** The app (the caller imports src/ui/app.ts) on `#/group/<id>` with `engine`'s services; `gv()` is the group view's shadow root; call `close()` at the end. */
export async function openGroupView(engine: Engine, id = 'g'): Promise<{ app: HptuneApp; gv: () => ShadowRoot; close: () => void }> {
  const feed = new LiveFeed(engine, `glass-${Math.random()}`);
  const drivers = new GroupDrivers(engine, feed, (_id, e) => {
    throw e;
  });
  history.replaceState(null, '', `#/group/${id}`);
  const app = document.createElement('hptune-app') as HptuneApp;
  app.services = { engine, feed, drivers };
  document.body.append(app);
  await app.updateComplete;
  return { app, gv: () => app.shadowRoot!.querySelector('hp-group-view')!.shadowRoot!, close: () => feed.close() };
}
