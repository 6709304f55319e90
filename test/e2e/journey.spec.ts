// issue 7 item 7: open the app → start a group → trials appear and finish → stop.
import { test, expect } from 'playwright/test';
import { createFromExample, groupProgress, screenshot, waitForDone, waitForStatus } from './helpers.ts';

test.describe('issue 7: the main journey', () => {
  test('the first open offers the default group; a started group runs trials and stops on request', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/');
    // First open: the embedded default group is ready to run with one click.
    await expect(page.getByRole('button', { name: /^Start group MNIST MLP/ })).toBeVisible();
    await screenshot(page, 'journey-first-open');

    const id = await createFromExample(page, 'Random · spiral MLP');
    await waitForStatus(page, 'running');
    await waitForDone(page, 2);
    // Trials appear in the table with their status and metric.
    await expect(page.locator('hp-trials-table').getByRole('row').filter({ hasText: 'succeeded' }).first()).toBeVisible();
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await waitForStatus(page, 'stopped', 30_000);
    const { done, planned } = await groupProgress(page);
    expect(done).toBeGreaterThanOrEqual(2);
    expect(planned).toBe(12);
    await screenshot(page, 'journey-stopped');

    // The groups list shows it with its status; back/forward follow the URL.
    await page.getByRole('link', { name: 'Groups', exact: true }).click();
    await expect(page.locator(`tr[data-group="${id}"]`)).toContainText('stopped');
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`#/group/${id}`));
    expect(errors).toEqual([]);
  });
});
