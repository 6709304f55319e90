// Playwright end-to-end suite of the browser app, against the built app
// (`npx vite build` first) served by vite preview; Debian's Chromium.
import { defineConfig } from 'playwright/test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
// HPTUNE_E2E_PORT lets a second checkout on the same machine run the suite beside this one.
const port = Number(process.env.HPTUNE_E2E_PORT ?? 4173);

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: `${root}/test-results/e2e-output`,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  // On CI (a shared 2-core machine) a spec that fails once is run again; test/run-all.mjs
  // names every spec that passed only on its retry, so a flake is reported, not hidden.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `node node_modules/vite/bin/vite.js preview --host 127.0.0.1 --port ${port} --strictPort`,
    cwd: root,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
  },
});
