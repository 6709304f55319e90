// The main journey: open the app → start a group → trials appear and finish → stop.
import { test, expect } from 'playwright/test';
import { createFromExample, groupProgress, screenshot, waitForDone, waitForStatus } from './helpers.ts';

test.describe('the main journey', () => {
  test('the first open offers the default group; a started group runs trials and stops on request', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
    await page.goto('/');
    // First open: the embedded default group is ready to run with one click.
    await expect(page.getByRole('button', { name: /^Start group MNIST MLP/ })).toBeVisible();
    await screenshot(page, 'journey-first-open');
    // The worker chunk (tfjs) loads only when trials start.
    expect(scripts.filter((s) => s.includes('worker'))).toEqual([]);

    const id = await createFromExample(page, 'Random · spiral MLP');
    await waitForStatus(page, 'running');
    await waitForDone(page, 2);
    // Trials appear in the table with their status and metric.
    await expect(page.locator('hp-trials-table').getByRole('row').filter({ hasText: 'succeeded' }).first()).toBeVisible();
    // Pause: running trials hand back checkpoints; Resume continues them.
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await waitForStatus(page, 'paused', 30_000);
    const paused = (await groupProgress(page)).done;
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await waitForStatus(page, 'running');
    await waitForDone(page, paused + 1);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await waitForStatus(page, 'stopped', 30_000);
    expect(scripts.some((s) => s.includes('trial.worker'))).toBe(true);
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
