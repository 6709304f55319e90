// The built app from a static host under a sub-path, offline after one visit, and its
// updates: a new build is offered with "reload to update", a build that cannot be
// downloaded whole leaves the working version in place (docs/deploy.md).
import { test, expect, type Page } from 'playwright/test';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeLink } from '../../src/ui/app/share-link.ts';
import { StaticServer } from './static-server.ts';
import { screenshot, waitForEnd } from './helpers.ts';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const PREFIX = '/some/sub/path/';
const work = mkdtempSync(join(tmpdir(), 'hptune-offline-'));
test.afterAll(() => rmSync(work, { recursive: true, force: true }));

/** dist/ copied as a build: `marker` makes it a later build (another version in sw.js, a mark in index.html); `drop` deletes a file. */
function build(name: string, change: { marker?: string; drop?: string } = {}): string {
  const dir = join(work, name);
  cpSync(DIST, dir, { recursive: true });
  if (change.marker) {
    const sw = join(dir, 'sw.js');
    const text = readFileSync(sw, 'utf8');
    expect(text).toMatch(/"version":"[0-9a-f]+"/);
    writeFileSync(sw, text.replace(/"version":"([0-9a-f]+)"/, `"version":"$1${change.marker}"`));
    const html = join(dir, 'index.html');
    writeFileSync(html, readFileSync(html, 'utf8').replace('</head>', `<meta name="build" content="${change.marker}"></head>`));
  }
  if (change.drop) rmSync(join(dir, change.drop));
  return dir;
}

async function waitForServiceWorker(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? 'none'), { timeout: 60_000 }).toBe('activated');
}

/** The app's own navigation: the page is the app, not a browser error page. */
const appNav = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New group', exact: true });
const cacheNames = (page: Page) => page.evaluate(() => caches.keys());

const BRANIN = `version: 1
kind: group
name: offline-branin
hptuning:
  seed: 7
  concurrency: 2
  random_search: {n_experiments: 6}
  matrix:
    x1: {uniform: [-5, 10]}
    x2: {uniform: [0, 15]}
run:
  objective: branin
`;
// One small MNIST trial: the trial worker and the MNIST data come from the cache too.
const MNIST = `version: 1
kind: group
name: offline-mnist
params: {epochs: 1, batch_size: 64}
hptuning:
  seed: 1
  matrix:
    learning_rate: {values: [0.005]}
    units: {values: [16]}
run: {model: mlp, dataset: mnist, backend: cpu, samples: 200}
`;

/** Opens a spec through its link, creates and starts it, and waits until it has ended. */
async function runToEnd(page: Page, app: string, spec: string): Promise<string> {
  await page.goto(`${app}#/new?link=${await encodeLink({ kind: 'group', specs: [spec] })}`);
  await expect(page.getByText('Valid spec.')).toBeVisible();
  await page.getByRole('button', { name: 'Create and start', exact: true }).click();
  await page.waitForURL(/#\/group\//);
  return waitForEnd(page, 120_000);
}

test.describe('the built app, offline and under a sub-path', () => {
  test('served under a sub-path, it caches itself on the first visit, then opens and runs groups with the network off', async ({ page, context }) => {
    const server = new StaticServer(build('first'), PREFIX);
    const app = await server.start();
    try {
      await page.goto(app);
      await expect(appNav(page)).toBeVisible();
      await waitForServiceWorker(page);
      // Relative URLs only: nothing was asked for outside the app's folder.
      expect(server.requests.filter((p) => !p.startsWith(PREFIX))).toEqual([]);
      const cached = await page.evaluate(async () => {
        const [name] = await caches.keys();
        const cache = await caches.open(name!);
        return (await cache.keys()).map((r) => new URL(r.url).pathname);
      });
      for (const f of ['index.html', 'data/mnist.bin', 'examples/bo.yaml', 'manifest.webmanifest']) expect(cached).toContain(PREFIX + f);
      expect(cached.some((p) => /\/assets\/trial\.worker-.+\.js$/.test(p))).toBe(true);
    } finally {
      await server.stop();
    }

    // The network is gone: the browser is offline and the host does not answer either.
    await context.setOffline(true);
    await page.reload();
    await expect(appNav(page)).toBeVisible();
    expect(await runToEnd(page, app, BRANIN)).toBe('done');
    expect(await runToEnd(page, app, MNIST)).toBe('done');
    await screenshot(page, 'offline-mnist-done');
    await context.setOffline(false);
  });

  test('a new build: one that cannot be downloaded whole keeps the working version; a whole one offers "reload to update"', async ({ page }) => {
    const server = new StaticServer(build('working'), PREFIX);
    const app = await server.start();
    try {
      await page.goto(app);
      await waitForServiceWorker(page);
      const working = await cacheNames(page);
      expect(working).toHaveLength(1);

      // A new build whose MNIST file is missing on the host: its install fails, nothing changes.
      server.root = build('broken', { marker: 'broken', drop: 'data/mnist.bin' });
      const state = await page.evaluate(async () => {
        const reg = (await navigator.serviceWorker.getRegistration())!;
        const found = new Promise<ServiceWorker>((resolve) => reg.addEventListener('updatefound', () => resolve(reg.installing!), { once: true }));
        await reg.update();
        const w = await found;
        await new Promise<void>((resolve) => {
          const settled = () => (w.state === 'redundant' || w.state === 'installed') && resolve();
          w.addEventListener('statechange', settled);
          settled();
        });
        return w.state;
      });
      expect(state).toBe('redundant');
      expect(await cacheNames(page)).toEqual(working);
      await expect(page.getByText('A new version of hptune is ready')).toHaveCount(0);
      await page.reload();
      await expect(appNav(page)).toBeVisible();
      await expect(page.locator('meta[name="build"]')).toHaveCount(0);

      // A whole new build: it is downloaded beside the working one and offered.
      server.root = build('next', { marker: 'next' });
      await page.reload();
      await expect(page.getByText('A new version of hptune is ready')).toBeVisible();
      // Still the working version until the user accepts.
      await expect(page.locator('meta[name="build"]')).toHaveCount(0);
      await screenshot(page, 'update-prompt');
      await page.getByRole('button', { name: 'Reload to update', exact: true }).click();
      await expect(page.locator('meta[name="build"]')).toHaveAttribute('content', 'next');
      await expect(appNav(page)).toBeVisible();
      // One version in the cache: the old one was deleted when the new one took over.
      await expect.poll(() => cacheNames(page)).toEqual([`${working[0]}next`]);
    } finally {
      await server.stop();
    }
  });
});
