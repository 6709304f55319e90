// issue 6 item 4 / issue 7 item 7: two tabs → one drives; the other shows it live and takes over.
import { test, expect } from 'playwright/test';
import { createFromExample, groupProgress, screenshot, waitForDone, waitForStatus } from './helpers.ts';

const heldLocks = (page: import('playwright/test').Page) =>
  page.evaluate(async () => ((await navigator.locks.query()).held ?? []).map((l) => l.name));

test.describe('issue 6 item 4: one driver per group', () => {
  test('the second tab shows the group live and read-only, and takes over when the first closes', async ({ context }) => {
    const a = await context.newPage();
    const id = await createFromExample(a, 'Random · spiral MLP');
    await waitForDone(a, 1);

    const b = await context.newPage();
    await b.goto(`/#/group/${encodeURIComponent(id)}`);
    await expect(b.getByText('Another tab drives this group')).toBeVisible();
    expect(await heldLocks(b)).toContain(`hptune-group-${id}`);
    // Live in B: its count follows A's.
    const seen = (await groupProgress(b)).done;
    await waitForDone(b, seen + 1);
    await screenshot(b, 'two-tabs-follower');

    await a.close();
    // B takes the lock and continues the group itself.
    await expect(b.getByText('Another tab drives this group')).toBeHidden({ timeout: 30_000 });
    await waitForStatus(b, 'running');
    const taken = (await groupProgress(b)).done;
    await waitForDone(b, taken + 1);
    await screenshot(b, 'two-tabs-took-over');
    await b.getByRole('button', { name: 'Stop', exact: true }).click();
    await waitForStatus(b, 'stopped', 30_000);
  });
});
