// vitest ignores vite.config.ts when this file exists, so merge it (TOOLCHAIN.md §3).
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

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
      ],
    },
  }),
);
