// Shareable links: "Copy link" on the new-group view and on a group; opening a link shows the
// spec, validated, and runs nothing; a damaged link applies nothing; a spec too big for a
// link offers the file instead.
import { test, expect, type Page } from 'playwright/test';
import { readFileSync } from 'node:fs';
import { encodeLink } from '../../src/ui/app/share-link.ts';
import { screenshot } from './helpers.ts';

const BO = readFileSync(new URL('../../public/examples/bo.yaml', import.meta.url), 'utf8');
const editor = (page: Page) => page.getByRole('textbox', { name: 'Spec (YAML or JSON)' });

/** How many groups this browser profile holds (IndexedDB, the app's schema: src/store/schema.ts). */
function groupCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('hptune');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const n = await new Promise<number>((resolve) => {
      const req = db.transaction('groups').objectStore('groups').count();
      req.onsuccess = () => resolve(req.result);
    });
    db.close();
    return n;
  });
}

/** Clicks "Copy link" and returns the link shown (the same text the clipboard got). */
async function copyLink(page: Page, scope = page.locator('body')): Promise<string> {
  await scope.getByRole('button', { name: 'Copy link', exact: true }).click();
  await expect(page.getByText(/Link copied \(\d+ characters\)/)).toBeVisible();
  return page.getByRole('textbox', { name: 'The link' }).inputValue();
}

test.describe('shareable links', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('a link from the new-group view opens the same spec in another tab, validated, and nothing runs until Create', async ({ page, context }) => {
    await page.goto('/#/new');
    await page.getByRole('button', { name: 'BO · Branin', exact: true }).click();
    await expect(editor(page)).toHaveValue(BO);
    const link = await copyLink(page);
    expect(link.length).toBeLessThan(2000);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await screenshot(page, 'link-copied');
    await expect.poll(() => groupCount(page)).toBeGreaterThanOrEqual(1); // the default group of the first open
    const before = await groupCount(page);

    const other = await context.newPage();
    await other.goto(link);
    await expect(other.getByText('Opened from a link.')).toBeVisible();
    await expect(editor(other)).toHaveValue(BO);
    await expect(other.getByText('Valid spec.')).toBeVisible();
    expect(await groupCount(other)).toBe(before);
    await other.getByRole('button', { name: 'Create and start', exact: true }).click();
    await other.waitForURL(/#\/group\//);
    await expect(other.getByText(/bo · seed 5 · concurrency 1/)).toBeVisible();
    expect(await groupCount(other)).toBe(before + 1);
  });

  test("a group's link carries the seed the group drew, so the copy replays it", async ({ page }) => {
    const unseeded = BO.replace('  seed: 5\n', '');
    await page.goto(`/#/new?link=${await encodeLink({ kind: 'group', specs: [unseeded] })}`);
    await expect(editor(page)).toHaveValue(unseeded);
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/#\/group\//);
    const meta = await page.getByText(/bo · seed \d+ ·/).textContent();
    const seed = Number(/seed (\d+)/.exec(meta ?? '')?.[1]);
    expect(Number.isInteger(seed)).toBe(true);
    const link = await copyLink(page, page.getByRole('group', { name: 'Group tools' }));
    await page.goto(link);
    await expect(editor(page)).toHaveValue(new RegExp(`\\n  seed: ${seed}\\n`));
    await expect(page.getByText('Valid spec.')).toBeVisible();
  });

  test('a damaged or cut link opens the new-group view with a message and applies nothing', async ({ page }) => {
    const payload = await encodeLink({ kind: 'group', specs: [BO.replace('name: bo-branin', 'name: sent-by-link')], seed: 11 });
    const flip = payload.slice(0, 40) + (payload[40] === 'A' ? 'B' : 'A') + payload.slice(41);
    for (const damaged of [payload.slice(0, payload.length - 12), flip, 'garbage!']) {
      await page.goto('/#/groups');
      await page.goto(`/#/new?link=${damaged}`);
      await expect(page.getByRole('alert').filter({ hasText: 'This link could not be opened' })).toContainText('Nothing from it was applied');
      // The editor holds the default example, not a part of the link.
      await expect(editor(page)).toHaveValue(/name: bo-branin/);
      expect(await editor(page).inputValue()).not.toContain('sent-by-link');
    }
    await screenshot(page, 'link-damaged');
  });

  test('a spec too big for a link says so and offers the spec as a file', async ({ page }) => {
    const values = Array.from({ length: 400 }, (_, i) => ((i * 7919) % 100_003) / 7.3);
    const big = `version: 1\nkind: group\nname: big\nhptuning:\n  seed: 1\n  matrix:\n    x1: {values: [${values.join(', ')}]}\n    x2: {values: [1, 2]}\nrun:\n  objective: branin\n`;
    await page.goto(`/#/new?link=${await encodeLink({ kind: 'group', specs: [big] })}`);
    await expect(page.getByText('Valid spec.')).toBeVisible();
    await page.getByRole('button', { name: 'Copy link', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'This spec is too big for a link' })).toContainText('a link holds at most 2,000');
    await screenshot(page, 'link-too-big');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the spec', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe('big.yaml');
    expect(readFileSync(await download.path(), 'utf8')).toBe(big);
  });
});
