/**
 * Registers the service worker (src/sw/sw.ts, built to sw.js) and tells the page when a new
 * build is ready (docs/deploy.md, "Offline and updates"): a new build waits until the user
 * accepts "reload to update", so a running group is never cut short by an update.
 */

/** What the prompt shows: a new build waiting here, or one another tab has switched to. */
export type UpdateOffer =
  | { readonly kind: 'waiting'; readonly apply: () => void }
  | { readonly kind: 'switched'; readonly apply: () => void };

/** Long-open tabs look for a new build this often (the browser also looks on every visit). */
const CHECK_EVERY_MS = 60 * 60 * 1000;

export async function registerServiceWorker(onOffer: (offer: UpdateOffer) => void): Promise<void> {
  const container = navigator.serviceWorker;
  if (!container) return; // an insecure origin or an old browser: the app works online only
  // Relative: the app's own folder is the worker's scope, whatever path the host serves it from.
  const reg = await container.register('./sw.js', { updateViaCache: 'none' });
  let accepted = false;
  const reload = () => location.reload();
  const offer = (w: ServiceWorker) =>
    onOffer({
      kind: 'waiting',
      apply: () => {
        accepted = true;
        w.postMessage({ type: 'skip-waiting' });
      },
    });
  // The first install has nothing to replace; only a build beside a controlling one is an update.
  if (reg.waiting && container.controller) offer(reg.waiting);
  reg.addEventListener('updatefound', () => {
    const w = reg.installing;
    w?.addEventListener('statechange', () => {
      if (w.state === 'installed' && container.controller) offer(w);
    });
  });
  let controlled = container.controller !== null;
  container.addEventListener('controllerchange', () => {
    if (accepted) return reload();
    // Another tab accepted the update: this page's files are no longer cached, so it should reload too.
    if (controlled) onOffer({ kind: 'switched', apply: reload });
    controlled = true;
  });
  setInterval(() => void reg.update().catch(() => undefined), CHECK_EVERY_MS);
}
