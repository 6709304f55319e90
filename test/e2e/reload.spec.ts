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
    expect((await groupProgress(page)).status).toBe('running');
    await screenshot(page, 'reload-continued');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await waitForStatus(page, 'stopped', 30_000);
  });
});
