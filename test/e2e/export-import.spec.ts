// Export then import gives the same group.
import { test, expect } from 'playwright/test';
import { readFile } from 'node:fs/promises';
import { createFromExample, readStored, screenshot, waitForEnd } from './helpers.ts';

test.describe('export and import', () => {
  test('a group exported as JSON and imported back has the same trials and reports', async ({ page }) => {
    const id = await createFromExample(page, 'Grid · Branin');
    // Grid over Branin ends `stopped` by its early-stopping threshold (loss ≤ 6.5).
    expect(await waitForEnd(page)).toBe('stopped');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    const file = await download.path();
    const text = await readFile(file, 'utf8');
    expect(JSON.parse(text).format).toBe('hptune-group');

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect((await readFile(await csv.path(), 'utf8')).split('\n')[0]).toContain('x1');

    await page.goto('/#/');
    await page.getByLabel('Import group (JSON)').setInputFiles({ name: 'grid.hptune.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    // The imported group's page, or the app's message saying why the file was refused (shown at once, not after a timeout).
    const alert = page.getByRole('alert');
    await expect.poll(async () => ((await alert.count()) > 0 ? await alert.innerText() : new URL(page.url()).hash)).toMatch(/^#\/group\//);
    const imported = decodeURIComponent(new URL(page.url()).hash.replace('#/group/', ''));
    expect(imported).not.toBe(id);
    const a = await readStored(page, id);
    const b = await readStored(page, imported);
    expect(b.status).toBe(a.status);
    expect(b.trials).toEqual(a.trials);
    expect(b.reportsByTrial).toEqual(a.reportsByTrial);
    await expect(page.locator('hp-trials-table').getByRole('row').filter({ hasText: 'succeeded' }).first()).toBeVisible();
    await screenshot(page, 'imported');
  });
});
