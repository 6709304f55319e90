/**
 * public/examples/own-model.html as a visitor opens it: the library's browser build
 * (`npm run build:browser`) tunes the TF.js model the page defines, 10 BO trials, in Chromium.
 */
import type { Server } from 'node:http';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serve } from './serve.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
let browser: Browser;
let server: Server;
let url: string;

beforeAll(async () => {
  execFileSync('npm', ['run', 'build:browser', '--silent'], { cwd: root, stdio: 'pipe' });
  ({ server, url } = await serve(join(root, 'public')));
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

it('the example page tunes its own TF.js model with the library build', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}/examples/own-model.html`);
  await page.waitForFunction(() => document.body.dataset['done'] !== undefined || null, null, { timeout: 100_000 });
  const log = (await page.locator('#log').textContent())!;
  expect(errors).toEqual([]);
  const losses = [...log.matchAll(/^units (\d+), lr [\d.e-]+: loss ([\d.e-]+)$/gm)].map((m) => Number(m[2]));
  expect(losses).toHaveLength(10);
  // The page names the best of its ten trials.
  const best = /^best: trial (\d+), units \d+, loss ([\d.e-]+)$/m.exec(log);
  expect(Number(best![2])).toBeCloseTo(Math.min(...losses), 3);
  await page.close();
}, 120_000);
