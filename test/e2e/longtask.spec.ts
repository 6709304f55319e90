// The main thread stays free while groups run and a user sorts and filters the trials table
// (one action every 2.5 s): the default group (MNIST MLP, Hyperband) and a 400-trial BO
// group on Branin. Every scenario prints two measurements of the page's main thread:
//  - long tasks as the page sees them (PerformanceObserver 'longtask', wall time): the count
//    over 50 ms and over 100 ms, and the worst; the target is none over 50 ms on a quiet machine;
//  - the same tasks' CPU time, from a Chromium trace of the renderer's main thread (RunTask
//    events' thread time).
// The gate is on the CPU time: no task of the page may compute for over 100 ms. Wall time is
// printed, not gated: on the 2-core machine these tests share (load average 15–17 measured),
// a 15 ms slice is descheduled into a 100+ ms "long task" that no code change can prevent,
// so a wall-time gate would fail at random (run-all.mjs fails a test that passes on a retry).
import { test, expect, type CDPSession, type Page } from 'playwright/test';
import { groupProgress, observeLongTasks, screenshot, takeLongTasks, waitForStatus } from './helpers.ts';

interface Measured {
  wall: number[];
  cpu: number[];
}

/** A trace of top-level tasks (with thread time) of every thread, started now. */
async function startTrace(page: Page): Promise<{ cdp: CDPSession; events: TraceEvent[] }> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => {
    for (const ev of e.value as unknown as TraceEvent[]) if (ev.name === 'thread_name' || (ev.ph === 'X' && (ev.dur ?? 0) > 50_000)) events.push(ev);
  });
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', '__metadata'], enableSampling: false }, transferMode: 'ReportEvents' });
  return { cdp, events };
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** Ends the trace: the CPU time (ms) of each task over 50 ms of wall time on the page's main thread. */
async function endTrace(t: { cdp: CDPSession; events: TraceEvent[] }): Promise<number[]> {
  const done = new Promise<void>((resolve) => t.cdp.once('Tracing.tracingComplete', () => resolve()));
  await t.cdp.send('Tracing.end');
  await done;
  const main = new Set(t.events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  return t.events
    .filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`) && (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask'))
    .map((e) => (e.tdur ?? e.dur ?? 0) / 1000);
}

function report(name: string, m: Measured): void {
  const over = (xs: number[], ms: number) => xs.filter((x) => x > ms).length;
  const worst = (xs: number[]) => Math.max(0, ...xs).toFixed(0);
  console.log(
    `long tasks during ${name}: ${m.wall.length} over 50 ms, ${over(m.wall, 100)} over 100 ms, worst ${worst(m.wall)} ms (wall: ${m.wall.map((t) => t.toFixed(0)).join(', ')}); ` +
      `their CPU time: ${over(m.cpu, 50)} over 50 ms, ${over(m.cpu, 100)} over 100 ms, worst ${worst(m.cpu)} ms`,
  );
}

/**
 * The user of the issue: every 2.5 s sorts by a column (each header in turn, each twice for
 * both directions) or types a filter, then clears it, until `stop()` says so. Returns how many actions it took.
 */
async function sortAndFilter(page: Page, stop: () => Promise<boolean>, most = 1000): Promise<number> {
  const filter = page.getByRole('searchbox', { name: 'Filter trials by status or parameter' });
  const headers = page.locator('hp-trials-table th button');
  const typed = ['succeeded', '=0.', 'running'];
  let actions = 0;
  while (actions < most && !(await stop())) {
    const k = actions % 4;
    if (k === 1) await filter.pressSequentially(typed[(actions >> 2) % typed.length]!, { delay: 40 });
    else if (k === 3) await filter.fill('');
    else {
      const n = await headers.count();
      await headers.nth((actions >> 1) % Math.max(1, n)).click();
    }
    actions++;
    await page.waitForTimeout(2500);
  }
  return actions;
}

test.describe('responsiveness', () => {
  test('the default group with a user sorting and filtering every 2.5 s', async ({ page }) => {
    test.setTimeout(180_000);
    await observeLongTasks(page);
    await page.goto('/');
    const start = page.getByRole('button', { name: /^Start group MNIST MLP/ });
    await expect(start).toBeVisible();
    await start.click();
    await page.waitForURL(/#\/group\//);
    await waitForStatus(page, 'running');
    await takeLongTasks(page);
    const trace = await startTrace(page);
    // Forty seconds of the run (16 actions), finished trials and their charts included.
    const actions = await sortAndFilter(page, async () => (await groupProgress(page)).status !== 'running', 16);
    const m = { wall: await takeLongTasks(page), cpu: await endTrace(trace) };
    console.log(`default group: ${actions} user actions, ${(await groupProgress(page)).done} trials finished`);
    report('the default group with a sorting and filtering user', m);
    await screenshot(page, 'longtask-default');
    // With the fast kernels the whole default group can finish within the measured window
    // (22 trials in ~40 s on a quiet machine): then Stop is disabled and there is nothing to stop.
    await page
      .getByRole('button', { name: 'Stop', exact: true })
      .click({ timeout: 10_000 })
      .catch(async (e: unknown) => {
        if ((await groupProgress(page)).status === 'running') throw e;
      });
    expect(actions).toBeGreaterThanOrEqual(8);
    expect(m.cpu.filter((t) => t > 100)).toEqual([]);
  });

  test('a 400-trial BO group with a user sorting and filtering every 2.5 s', async ({ page }) => {
    test.setTimeout(600_000);
    await observeLongTasks(page);
    await page.goto('/#/new?example=bo');
    const editor = page.getByRole('textbox', { name: 'Spec (YAML or JSON)' });
    await expect(editor).toHaveValue(/name: bo-branin/);
    await editor.fill((await editor.inputValue()).replace('name: bo-branin', 'name: bo-branin-400').replace('n_iterations: 20', 'n_iterations: 390'));
    await expect(page.getByText('Valid spec.')).toBeVisible();
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/#\/group\//);
    // Only the run is measured: page load and the first render are not part of it.
    await takeLongTasks(page);
    const trace = await startTrace(page);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const actions = await sortAndFilter(page, async () => (await groupProgress(page)).status === 'done');
    await waitForStatus(page, 'done', 60_000);
    const m = { wall: await takeLongTasks(page), cpu: await endTrace(trace) };
    const { done } = await groupProgress(page);
    console.log(`400-trial BO group: ${actions} user actions, ${done} trials finished`);
    report('a 400-trial BO group with a sorting and filtering user', m);
    await screenshot(page, 'longtask-bo-400');
    expect(done).toBe(400);
    expect(m.cpu.filter((t) => t > 100)).toEqual([]);
  });
});
