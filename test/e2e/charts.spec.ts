// Group view charts: a large imported group, seen in the light and dark themes.
// The group is synthesized here (a seeded LCG), so the screenshots are the same every run.
import { test, expect, type Page } from 'playwright/test';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { screenshot } from './helpers.ts';

const N = 400;
const STEPS = 15;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s / 2 ** 32);
}

/** An export file (format hptune-group) of the spiral random-search example with N finished trials. */
async function bigExport(): Promise<string> {
  const example = await readFile(fileURLToPath(new URL('../../public/examples/spiral-random.yaml', import.meta.url)), 'utf8');
  const source = example.replace('n_experiments: 12', `n_experiments: ${N}`);
  const rnd = lcg(7);
  const id = 'charts-e2e';
  const trials = [];
  const reports = [];
  for (let i = 0; i < N; i++) {
    const learning_rate = Math.exp(-6 + 4 * rnd());
    const params = { learning_rate, units: [8, 16, 32][Math.floor(rnd() * 3)]!, layers: 1 + Math.floor(rnd() * 2), activation: rnd() < 0.5 ? 'relu' : 'tanh', epochs: 15, batch_size: 32 };
    const floor = 0.05 + Math.abs(Math.log(learning_rate) + 4) * 0.12 + rnd() * 0.05;
    let v = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let s = 1; s <= STEPS; s++) {
      v = floor + 0.6 * Math.exp(-s / 4) + rnd() * 0.02;
      min = Math.min(min, v);
      max = Math.max(max, v);
      reports.push({ groupId: id, trial: i, step: s, values: { val_loss: v }, time: 1_000 * (i * STEPS + s) });
    }
    trials.push({ groupId: id, number: i, params, status: 'succeeded', seed: i, createdAt: Date.UTC(2026, 10, 2, 9, 30) + i, metrics: { val_loss: { last: v, min, max, count: STEPS } }, step: STEPS, resource: STEPS, backend: 'cpu' });
  }
  const t0 = Date.UTC(2026, 10, 2, 9, 30);
  const group = { id, name: 'spiral-mlp-random (400 trials)', source, seed: 21, concurrency: 2, algorithm: 'random', status: 'done', createdAt: t0, startedAt: t0, finishedAt: t0 + N * STEPS * 1_000 };
  return JSON.stringify({ format: 'hptune-group', version: 1, group, trials, reports });
}

async function importBig(page: Page): Promise<void> {
  await page.goto('/#/');
  await page.getByLabel('Import group (JSON)').setInputFiles({ name: 'big.hptune.json', mimeType: 'application/json', buffer: Buffer.from(await bigExport()) });
  await page.waitForURL((u) => u.hash.startsWith('#/group/'));
  await expect(page.locator('hp-parallel-coordinates canvas.dense')).toHaveAttribute('data-marks', String(N - 1));
}

test.describe('charts of a 400-trial group', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`parallel coordinates and learning curves (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await importBig(page);
      const pc = page.locator('hp-parallel-coordinates');
      // Constant params are listed, not drawn as flat axes.
      await expect(pc.locator('g.axis')).toHaveCount(5);
      await expect(pc.locator('.fixed')).toContainText('epochs=15, batch_size=32');
      await expect(page.locator('hp-learning-curves canvas.dense')).toHaveAttribute('data-marks', String(N));
      // No two axis titles overlap.
      const boxes = await pc.locator('g.axis text.title').evaluateAll((ts) => ts.map((t) => t.getBoundingClientRect().toJSON() as DOMRect));
      for (let i = 0; i + 1 < boxes.length; i++) {
        const [a, b] = [boxes[i]!, boxes[i + 1]!];
        expect(a.right > b.left && a.bottom > b.top && b.bottom > a.top, `titles ${i} and ${i + 1} overlap`).toBe(false);
      }
      await screenshot(page, `charts-${scheme}`);
    });
  }
});
