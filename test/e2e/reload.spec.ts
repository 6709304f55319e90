// Reload mid-run → the group continues with every trial and report kept.
import { test, expect } from 'playwright/test';
import { createFromExample, groupProgress, readStored, screenshot, waitForDone, waitForStatus } from './helpers.ts';

test.describe('resume after reload', () => {
  test('a group running when the page reloads continues, keeping every trial and report', async ({ page }) => {
    const id = await createFromExample(page, 'Random · spiral MLP');
    await waitForDone(page, 2);
    const before = await readStored(page, id);
    expect(before.status).toBe('running');
    await page.reload();
    // The reopened page takes the group's lock and continues it.
    await waitForStatus(page, 'running');
    const after = await readStored(page, id);
    for (const t of before.trials) {
      const kept = after.trials.find((u) => u.number === t.number);
      expect(kept, `trial ${t.number} kept`).toBeDefined();
      expect(kept!.params).toEqual(t.params);
      if (t.status === 'succeeded') expect(kept!.status).toBe('succeeded');
      // Reports of finished trials are all kept; an interrupted trial keeps what it reported.
      expect(after.reportsByTrial[t.number] ?? 0).toBeGreaterThanOrEqual(before.reportsByTrial[t.number] ?? 0);
    }
    const doneBefore = before.trials.filter((t) => t.status === 'succeeded').length;
    await waitForDone(page, doneBefore + 2);
    await screenshot(page, 'reload-continued');
    // The spiral example has 12 trials: with the fast kernels the continued group can end
    // before this line on a quiet machine, so it is stopped only while it still runs.
    if ((await groupProgress(page)).status === 'running') {
      await page
        .getByRole('button', { name: 'Stop', exact: true })
        .click({ timeout: 10_000 })
        .catch(async (e: unknown) => {
          if ((await groupProgress(page)).status === 'running') throw e;
        });
    }
    await expect.poll(async () => (await groupProgress(page)).status, { timeout: 30_000 }).toMatch(/^(stopped|done)$/);
  });
});
