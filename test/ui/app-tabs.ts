/**
 * The app in a browser test as a tab would run it: an engine over a (shared) store, a live
 * feed on a BroadcastChannel, the group drivers, and the root element on a route. Tabs made
 * here are closed by `closeTabs()` (call it in afterEach): their feeds stop listening, the
 * page is emptied and the URL's fragment cleared.
 */
import type { Store, TrialRunner } from '../../src/engine/index.ts';
import { Engine } from '../../src/engine/engine.ts';
import { LiveFeed } from '../../src/ui/app/feed.ts';
import { GroupDrivers } from '../../src/ui/app/drivers.ts';
import type { HptuneApp } from '../../src/ui/app.ts';
import '../../src/ui/app.ts';

let open: LiveFeed[] = [];

/** One tab's services on `channel`; a driver's error fails the test. */
export function appTab(store: Store, channel: string, runner: TrialRunner) {
  const engine = new Engine({ store, runner });
  const feed = new LiveFeed(engine, channel);
  const drivers = new GroupDrivers(engine, feed, (_id, e) => {
    throw e;
  });
  open.push(feed);
  return { engine, feed, drivers, services: { engine, feed, drivers } };
}

/** The root element on `hash` with a tab's services, rendered. */
export async function mountApp(services: ReturnType<typeof appTab>['services'], hash: string): Promise<HptuneApp> {
  history.replaceState(null, '', hash);
  const app = document.createElement('hptune-app');
  app.services = services;
  document.body.append(app);
  await app.updateComplete;
  return app;
}

export function closeTabs(): void {
  document.body.replaceChildren();
  for (const f of open) f.close();
  open = [];
  history.replaceState(null, '', location.pathname + location.search);
}
