// The bracket board and the trial detail of a Hyperband group in the built app: the LC4
// example run to the end, an eliminated chip with its rank and cut-off, a chip picked from the
// keyboard opening the trial detail with its stitched curve, the reason column of the table,
// with screenshots in the light and dark themes.
import { test, expect } from 'playwright/test';
import { RESULTS, createFromExample, waitForEnd } from './helpers.ts';

test.describe('bracket board of the Hyperband LC4 example', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`chips, an eliminated trial, the trial detail (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await createFromExample(page, 'Hyperband · LC4');
      expect(await waitForEnd(page)).toBe('done');
      const board = page.locator('hp-bracket-board');
      await expect(board.locator('section.bracket h4').first()).toHaveText('Bracket 3');
      const out = board.locator('button.chip.eliminated').first();
      await expect(out.locator('.cut')).toHaveText(/^rank \d+\/\d+ · cut-off \d/);
      await expect(out).toHaveAttribute('title', /^eliminated at rung \d+ of bracket \d+: rank \d+ of \d+, cut-off [\d.]+ \(loss, minimize\); it scored [\d.]+, \d+ of \d+ went on$/);
      await board.screenshot({ path: `${RESULTS}e2e-bracket-board-${scheme}.png` });

      // The top rung's chip of the first bracket, from the keyboard: the detail opens with its stitched curve.
      const top = board.locator('section.bracket').first().locator('.rung').first().locator('button.chip').first();
      await top.focus();
      await page.keyboard.press('Enter');
      const detail = page.locator('hp-trial-detail');
      await expect(detail.locator('h4')).toHaveText(/^Trial #\d+ · succeeded · loss [\d.]+$/);
      await expect(detail.locator('hp-stitched-curve path.seg')).toHaveCount(4);
      await expect(detail.locator('.reason')).toContainText('promoted trial');
      await detail.screenshot({ path: `${RESULTS}e2e-trial-detail-${scheme}.png` });

      // Every trial of the table has a reason.
      const reasons = await page.locator('hp-trials-table td.reason').allTextContents();
      expect(reasons.length).toBeGreaterThan(0);
      expect(reasons.filter((r) => r.trim() === '')).toEqual([]);
    });
  }
});
