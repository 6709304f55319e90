/**
 * Composition root of the browser app (docs/architecture.md, "Layers"): the engine
 * with the IndexedDB store and the Web Worker pool, the live feed (this tab's events and
 * other tabs' over BroadcastChannel) and the one-driver-per-group locks, handed to
 * <hptune-app>, which provides them to the views. On open it continues groups a reload or
 * a crash left running, and on the very first open it creates the default group. A built
 * app registers its service worker, which keeps it working offline (app/updates.ts).
 */
import { Engine, MemoryStore, type Store } from '../engine/index.ts';
import { IdbStore } from '../store/idb.ts';
import { createBrowserPool } from '../workers/browser-pool.ts';
import { LiveFeed } from './app/feed.ts';
import { GroupDrivers } from './app/drivers.ts';
import { DEFAULT_EXAMPLE, fetchExample } from './app/examples.ts';
import { browserLocks, ensureDefaultGroup } from './app/default-group.ts';
import type { StorageAccess } from './app.ts';
import './app.ts';

async function openStorage(): Promise<{ store: Store; storage: StorageAccess; degraded?: string }> {
  try {
    const idb = await IdbStore.open();
    return { store: idb, storage: { usage: () => idb.usage(), requestPersistence: () => idb.requestPersistence() } };
  } catch (e) {
    return {
      store: new MemoryStore(),
      storage: { usage: async () => undefined, requestPersistence: async () => undefined },
      degraded: `${(e as Error).message}. Groups are kept in memory only and are lost when this page closes.`,
    };
  }
}

async function main(): Promise<void> {
  const app = document.querySelector('hptune-app') ?? document.body.appendChild(document.createElement('hptune-app'));
  const { store, storage, degraded } = await openStorage();
  // One worker per core but one, which is left to the page (and at least one worker): with a
  // worker on every core of a 2-core machine, the page's 20 ms tasks were descheduled into
  // 100–200 ms long tasks while trials trained (e2e long-task trace). Each group's own
  // concurrency is enforced by its driver; trials beyond the pool wait for a worker.
  const runner = createBrowserPool({ size: Math.max(1, (navigator.hardwareConcurrency || 2) - 1) });
  const engine = new Engine({ store, runner });
  const feed = new LiveFeed(engine);
  const drivers = new GroupDrivers(engine, feed, (id, e) => {
    app.dispatchEvent(new CustomEvent('hp-notice', { detail: { message: `Group ${id} could not run: ${(e as Error).message}`, error: true } }));
  });
  app.storage = storage;
  if (degraded) app.degraded = degraded;
  app.services = { engine, feed, drivers };

  drivers.adoptInterrupted(await engine.groups());
  // Once per profile, even with two tabs opened together (checked under a Web Lock).
  const created = await ensureDefaultGroup({ engine, source: () => fetchExample(DEFAULT_EXAMPLE), marks: localStorage, locks: browserLocks() });
  if (created) feed.publish({ type: 'groups' });
}

// The dev server has no sw.js (it is written by `vite build`). Loaded apart: the first
// paint does not wait for it.
if (import.meta.env.PROD) {
  import('./views/update-prompt.ts')
    .then(({ mountUpdatePrompt }) => mountUpdatePrompt(document.body))
    .catch((e: unknown) => {
      // Without a service worker the app still works online; say why it will not work offline.
      console.warn(`hptune will not work offline: ${e instanceof Error ? e.message : String(e)}`);
    });
}

main().catch((e: unknown) => {
  // Start-up must never fail silently: say what went wrong in the page.
  const app = document.querySelector('hptune-app') ?? document.body;
  app.dispatchEvent(new CustomEvent('hp-notice', { detail: { message: `hptune could not start: ${e instanceof Error ? e.message : String(e)}`, error: true } }));
  console.error(e);
});
