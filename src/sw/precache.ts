/**
 * The service worker's cache rules as pure functions (docs/deploy.md, "Offline and updates"),
 * so they are tested without a browser:
 * - one cache per build, named by the hash of the build's files, so a cache never mixes two
 *   versions of the app;
 * - a build is installed all or nothing: if any file fails to download the new cache is
 *   dropped and the working version stays;
 * - once a new build is activated, every older hptune cache is deleted;
 * - a request is answered from the cache when it names a file of the build (a navigation
 *   inside the app gets index.html); anything else goes to the network.
 */

/** What the build writes into sw.js: its version (a hash of its files) and the files, relative to the app's folder. */
export interface Precache {
  readonly version: string;
  readonly files: readonly string[];
}

/** Every cache this app owns starts with this; caches of other apps on the origin are left alone. */
export const CACHE_PREFIX = 'hptune-';

export const cacheName = (version: string): string => `${CACHE_PREFIX}${version}`;

/** How the download of one file went: the HTTP status, or the network error. */
export type Download = { readonly status: number } | { readonly error: string };

export type InstallPlan =
  | { readonly ok: true; readonly cache: string; readonly files: readonly string[]; readonly stale: readonly string[] }
  | { readonly ok: false; readonly discard: string; readonly keep: readonly string[]; readonly failed: readonly string[] };

/**
 * What a new build's install does, given the caches there are, the build's precache list and
 * how each download went: write every file into the new cache (and, on activation, delete
 * the stale ones), or, when any file is missing or failed, write nothing, drop the new
 * cache and keep the caches there are (the working version).
 */
export function planInstall(existing: readonly string[], precache: Precache, downloads: ReadonlyMap<string, Download>): InstallPlan {
  const cache = cacheName(precache.version);
  const failed = precache.files.filter((f) => {
    const d = downloads.get(f);
    return d === undefined || 'error' in d || d.status < 200 || d.status > 299;
  });
  if (failed.length > 0) return { ok: false, discard: cache, keep: existing.filter((c) => c !== cache), failed };
  return { ok: true, cache, files: precache.files, stale: staleCaches(existing, cache) };
}

/** The caches to delete when the build `current` activates: this app's, but not its own. */
export function staleCaches(existing: readonly string[], current: string): string[] {
  return existing.filter((c) => c.startsWith(CACHE_PREFIX) && c !== current);
}

/** Why a download cannot go into the cache, for the failure message. */
export function describeFailure(file: string, d: Download | undefined): string {
  if (d === undefined) return `${file}: not downloaded`;
  return 'error' in d ? `${file}: ${d.error}` : `${file}: HTTP ${d.status}`;
}

/**
 * The build file that answers a GET for `url`, or undefined to use the network. `scope` is
 * the app's folder (the service worker's scope, e.g. https://host/some/sub/path/).
 */
export function cachedFileFor(url: URL, scope: URL, navigate: boolean, files: ReadonlySet<string>): string | undefined {
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return undefined;
  let file: string;
  try {
    file = decodeURIComponent(url.pathname.slice(scope.pathname.length));
  } catch {
    return undefined;
  }
  if (files.has(file)) return file;
  // The app routes in the fragment: its only pages are the folder and index.html.
  if (navigate && (file === '' || file === 'index.html') && files.has('index.html')) return 'index.html';
  return undefined;
}
