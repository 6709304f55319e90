// The GP view of a BO group in the built app: the Branin example run to the end, its curve
// along x1, the heatmaps over (x1, x2), a refused knob and the step scrubber, with
// screenshots in the light and dark themes.
import { test, expect } from 'playwright/test';
import { RESULTS, createFromExample, waitForEnd } from './helpers.ts';

test.describe('GP view of the BO Branin example', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`curve, heatmaps, knobs and scrubber (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      // Main-thread long tasks, counted from the first page load on (printed, not asserted: the machine is shared).
      await page.addInitScript(() => {
        const w = window as unknown as { longTasks: number[] };
        w.longTasks = [];
        new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
      });
      await createFromExample(page, 'BO · Branin');
      expect(await waitForEnd(page)).toBe('done');
      const duringRun = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks.splice(0));
      const view = page.locator('hp-gp-view');
      await expect(view.getByText('Latest GP, before trial #29 (model step 20 of 20)')).toBeVisible();
      await expect(view.getByText(/Other parameters held at the best trial's values \(trial #\d+\): x2 = /)).toBeVisible();
      const curve = view.locator('hp-gp-curve');
      await expect(curve.locator('path.mean')).toHaveCount(1);
      await expect(curve.locator('.next text')).toContainText('next');
      await view.screenshot({ path: `${RESULTS}e2e-gp-curve-${scheme}.png` });

      // A refused knob, in place; the chart keeps the last accepted value.
      const kappa = view.getByLabel('κ (UCB)');
      await kappa.fill('-2');
      await expect(view.getByRole('alert')).toContainText('κ must be a number ≥ 0 (allowed: 0 to any finite value); got "-2"');
      await kappa.fill('1');
      await expect(view.getByRole('alert')).toHaveCount(0);

      // The scrubber is a keyboard control: Home goes back to the first model step.
      const scrubber = view.getByLabel('Model step (replay what the GP believed)');
      await scrubber.focus();
      await page.keyboard.press('Home');
      await expect(view.getByText('GP before trial #10 (model step 1 of 20): 10 observations.')).toBeVisible();
      await expect(curve.locator('circle.obs')).toHaveCount(10);
      await page.keyboard.press('End');
      await expect(view.getByText('Latest GP, before trial #29')).toBeVisible();

      await view.getByRole('button', { name: 'Over a pair' }).click();
      await expect(view.locator('hp-gp-heatmap')).toHaveCount(3);
      await expect(view.locator('hp-gp-heatmap image')).toHaveCount(3);
      await expect(view.locator('hp-gp-heatmap svg').first()).toHaveAttribute('aria-label', /^Posterior mean of loss over x1 and x2: lowest /);
      await view.screenshot({ path: `${RESULTS}e2e-gp-heatmaps-${scheme}.png` });
      // The grids were evaluated in the GP worker, not on the page's main thread.
      await expect(view).toHaveAttribute('data-evaluated-in', 'worker');
      const afterRun = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
      const line = (tasks: number[]) =>
        `${tasks.length} main-thread tasks over 50 ms, ${tasks.filter((d) => d > 100).length} over 100 ms, the longest ${Math.round(Math.max(0, ...tasks))} ms`;
      console.log(`GP view (${scheme}): loading the app and running the BO Branin group: ${line(duringRun)}; then the knobs, the scrubber and the heatmaps: ${line(afterRun)}`);
    });
  }
});
