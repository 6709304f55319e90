// The service worker's cache rules (src/sw/precache.ts) as the pure functions they are:
// (the caches there are, the new build's list, how each download went) -> what to keep.
import { describe, expect, it } from 'vitest';
import { cachedFileFor, cacheName, describeFailure, planInstall, staleCaches, type Download, type Precache } from '../../src/sw/precache.ts';

const v1: Precache = { version: 'aaaa1111', files: ['index.html', 'assets/index-1.js', 'assets/trial.worker-1.js', 'data/mnist.bin'] };
const v2: Precache = { version: 'bbbb2222', files: ['index.html', 'assets/index-2.js', 'assets/trial.worker-1.js', 'data/mnist.bin'] };
const ok = (p: Precache) => new Map<string, Download>(p.files.map((f) => [f, { status: 200 }]));

describe('installing a build', () => {
  it('puts every file into a cache named for the build, and marks older builds of this app stale', () => {
    const existing = [cacheName(v1.version), 'other-app-cache'];
    const plan = planInstall(existing, v2, ok(v2));
    expect(plan).toEqual({ ok: true, cache: 'hptune-bbbb2222', files: v2.files, stale: ['hptune-aaaa1111'] });
  });

  it('the first install has nothing stale', () => {
    expect(planInstall([], v1, ok(v1))).toEqual({ ok: true, cache: 'hptune-aaaa1111', files: v1.files, stale: [] });
  });

  it('is all or nothing: one file that failed (HTTP error, network error, never answered) keeps the working version', () => {
    const existing = [cacheName(v1.version)];
    for (const bad of [{ status: 404 }, { status: 500 }, { status: 304 }, { error: 'Failed to fetch' }, undefined] as const) {
      const downloads = ok(v2);
      if (bad === undefined) downloads.delete('data/mnist.bin');
      else downloads.set('data/mnist.bin', bad);
      const plan = planInstall(existing, v2, downloads);
      expect(plan, JSON.stringify(bad)).toEqual({ ok: false, discard: 'hptune-bbbb2222', keep: ['hptune-aaaa1111'], failed: ['data/mnist.bin'] });
    }
  });

  it('a half-written cache of the same build left by an interrupted install is discarded, not kept', () => {
    const downloads = ok(v2);
    downloads.set('index.html', { error: 'offline' });
    const plan = planInstall([cacheName(v1.version), cacheName(v2.version)], v2, downloads);
    expect(plan).toMatchObject({ ok: false, discard: 'hptune-bbbb2222', keep: ['hptune-aaaa1111'] });
  });

  it('says which file failed and how', () => {
    expect(describeFailure('data/mnist.bin', { status: 404 })).toBe('data/mnist.bin: HTTP 404');
    expect(describeFailure('index.html', { error: 'Failed to fetch' })).toBe('index.html: Failed to fetch');
    expect(describeFailure('sw.js', undefined)).toBe('sw.js: not downloaded');
  });
});

describe('activating a build', () => {
  it("deletes this app's other caches only", () => {
    expect(staleCaches(['hptune-aaaa1111', 'hptune-bbbb2222', 'workbox-precache', 'hptunes'], 'hptune-bbbb2222')).toEqual(['hptune-aaaa1111']);
    expect(staleCaches(['hptune-bbbb2222'], 'hptune-bbbb2222')).toEqual([]);
  });
});

describe('answering a request', () => {
  const scope = new URL('https://host.example/some/sub/path/');
  const files = new Set(['index.html', 'assets/index-2.js', 'data/mnist.bin', 'examples/my example.yaml']);
  const at = (u: string, navigate = false) => cachedFileFor(new URL(u, scope), scope, navigate, files);

  it('serves the build files from the cache, under any sub-path', () => {
    expect(at('assets/index-2.js')).toBe('assets/index-2.js');
    expect(at('https://host.example/some/sub/path/data/mnist.bin')).toBe('data/mnist.bin');
    expect(at('examples/my%20example.yaml')).toBe('examples/my example.yaml');
  });

  it('answers a navigation inside the app with index.html (routes live in the fragment)', () => {
    expect(at('https://host.example/some/sub/path/', true)).toBe('index.html');
    expect(at('https://host.example/some/sub/path/index.html#/new?link=1abc', true)).toBe('index.html');
    expect(at('https://host.example/some/sub/path/', false)).toBeUndefined();
  });

  it('leaves the rest to the network: other files, other folders, other origins, bad escapes', () => {
    expect(at('assets/index-1.js')).toBeUndefined();
    expect(at('docs/deploy.html', true)).toBeUndefined();
    expect(at('https://host.example/some/other/index.html', true)).toBeUndefined();
    expect(at('https://elsewhere.example/some/sub/path/data/mnist.bin')).toBeUndefined();
    expect(at('https://host.example/some/sub/path/%E0%A4%A')).toBeUndefined();
  });
});
