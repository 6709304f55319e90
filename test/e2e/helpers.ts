/** Shared steps of the end-to-end specs: creating groups from examples, reading state, screenshots. */
import { expect, type Page } from 'playwright/test';
import { fileURLToPath } from 'node:url';

export const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${RESULTS}e2e-${name}.png`, fullPage: true });
}

/** Opens the new-group view, loads an example by its button label, creates (and starts) it; returns the group id. */
export async function createFromExample(page: Page, label: string, start = true): Promise<string> {
  await page.goto('/#/new');
  await page.getByRole('button', { name: label, exact: true }).click();
  // The editor opens on a default example that is valid too: wait until the clicked one is
  // in, else "Create" can start the default (the cause of a grid group ending `done`).
  await expect(page.getByText(/^Loaded the .+ example\.$/).first()).toBeVisible();
  await expect(page.getByText('Valid spec.')).toBeVisible();
  await page.getByRole('button', { name: start ? 'Create and start' : 'Create', exact: true }).click();
  await page.waitForURL(/#\/group\//);
  return decodeURIComponent(new URL(page.url()).hash.replace('#/group/', ''));
}

/** The status bar's text: status and "N of M trials". */
export async function groupProgress(page: Page): Promise<{ status: string; done: number; planned: number }> {
  const text = await page.locator('hp-group-status').evaluate((el) => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' '));
  const status = /Group status: (\w+)/.exec(text)?.[1] ?? '';
  const m = /(\d+) of (\d+) trials/.exec(text);
  return { status, done: m ? Number(m[1]) : 0, planned: m ? Number(m[2]) : 0 };
}

export async function waitForDone(page: Page, atLeast: number, timeout = 90_000): Promise<void> {
  await expect.poll(async () => (await groupProgress(page)).done, { timeout }).toBeGreaterThanOrEqual(atLeast);
}

export async function waitForStatus(page: Page, status: string, timeout = 90_000): Promise<void> {
  await expect.poll(async () => (await groupProgress(page)).status, { timeout }).toBe(status);
}

/** Waits until the group has ended (done, stopped or failed) and returns the status. */
export async function waitForEnd(page: Page, timeout = 90_000): Promise<string> {
  await expect.poll(async () => ['done', 'stopped', 'failed'].includes((await groupProgress(page)).status), { timeout }).toBe(true);
  return (await groupProgress(page)).status;
}

export interface StoredGroup {
  readonly status: string;
  readonly trials: { number: number; status: string; params: unknown }[];
  readonly reports: number;
  readonly reportsByTrial: Record<number, number>;
}

/** What IndexedDB holds for a group, read with the raw API (the app's schema: src/store/schema.ts). */
export function readStored(page: Page, groupId: string): Promise<StoredGroup> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('hptune');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const get = <T>(req: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((req.onsuccess = () => resolve(req.result)), (req.onerror = () => reject(req.error))));
    const tx = db.transaction(['groups', 'trials', 'reports'], 'readonly');
    const group = await get(tx.objectStore('groups').get(id));
    const trials = (await get(tx.objectStore('trials').getAll(IDBKeyRange.bound([id, -Infinity], [id, Infinity])))) as { number: number; status: string; params: unknown }[];
    const reports = (await get(tx.objectStore('reports').index('byGroup').getAll(id))) as { trial: number }[];
    db.close();
    const reportsByTrial: Record<number, number> = {};
    for (const r of reports) reportsByTrial[r.trial] = (reportsByTrial[r.trial] ?? 0) + 1;
    return {
      status: (group as { status: string }).status,
      trials: trials.map((t) => ({ number: t.number, status: t.status, params: t.params })),
      reports: reports.length,
      reportsByTrial,
    };
  }, groupId);
}

/** Records the page's long tasks (PerformanceObserver 'longtask', wall time) from its first script on. */
export async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The long tasks (ms) recorded since the last call, and forgets them. */
export function takeLongTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    const tasks = w.__longTasks;
    w.__longTasks = [];
    return tasks;
  });
}
