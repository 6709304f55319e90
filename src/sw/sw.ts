/**
 * The service worker (built to sw.js by vite-plugin.ts, which fills in the precache list):
 * after one visit the app shell, the trial worker, the examples and the MNIST data come
 * from the cache, so the app opens and runs groups with the network off. The rules are in
 * precache.ts (docs/deploy.md, "Offline and updates").
 *
 * A new build installs beside the working one and waits: the page offers "reload to update"
 * and sends `skip-waiting` when the user accepts. An install that cannot download every file
 * fails, so the browser keeps the working version.
 */
import { cachedFileFor, cacheName, describeFailure, planInstall, staleCaches, type Download, type Precache } from './precache.ts';

/** The parts of the service worker scope used here (the DOM lib has no service worker types). */
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(r: Promise<Response>): void;
}
interface Scope {
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (e: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
}

/** Replaced with the build's list when sw.js is written (vite-plugin.ts). */
declare const __HPTUNE_PRECACHE__: Precache;
const PRECACHE: Precache = __HPTUNE_PRECACHE__;
const CACHE = cacheName(PRECACHE.version);
const FILES = new Set(PRECACHE.files);
const sw = self as unknown as Scope;
const scope = new URL(sw.registration.scope);

async function download(file: string): Promise<[string, Download, Response | undefined]> {
  try {
    // Past the HTTP cache: a file of this build must not come from an older one.
    const res = await fetch(new URL(file, scope), { cache: 'reload' });
    return [file, { status: res.status }, res.ok ? res : undefined];
  } catch (e) {
    return [file, { error: e instanceof Error ? e.message : String(e) }, undefined];
  }
}

async function install(): Promise<void> {
  const results = await Promise.all(PRECACHE.files.map(download));
  const plan = planInstall(await caches.keys(), PRECACHE, new Map(results.map(([f, d]) => [f, d])));
  if (!plan.ok) {
    await caches.delete(plan.discard);
    throw new Error(`hptune ${PRECACHE.version} was not installed: ${plan.failed.map((f) => describeFailure(f, results.find((r) => r[0] === f)?.[1])).join('; ')}`);
  }
  // Every file was downloaded before anything is written; a write that fails (storage full) drops the cache whole.
  const cache = await caches.open(plan.cache);
  try {
    await Promise.all(results.map(([file, , res]) => cache.put(new URL(file, scope), res!)));
  } catch (e) {
    await caches.delete(plan.cache);
    throw e;
  }
}

sw.addEventListener('install', (e) => e.waitUntil(install()));

sw.addEventListener('activate', (e) =>
  e.waitUntil(
    (async () => {
      await Promise.all(staleCaches(await caches.keys(), CACHE).map((c) => caches.delete(c)));
      await sw.clients.claim();
    })(),
  ),
);

sw.addEventListener('message', (e) => {
  if ((e.data as { type?: unknown } | null)?.type === 'skip-waiting') void sw.skipWaiting();
});

sw.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET') return;
  const file = cachedFileFor(new URL(req.url), scope, req.mode === 'navigate', FILES);
  if (file === undefined) return;
  e.respondWith(
    (async () => {
      const hit = await (await caches.open(CACHE)).match(new URL(file, scope));
      // Evicted by the browser (storage pressure): the network still has it, if it is there.
      return hit ?? fetch(req);
    })(),
  );
});
