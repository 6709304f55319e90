// Every control works from the keyboard and has an accessible name; themes follow the system.
import { test, expect, type Page } from 'playwright/test';
import { screenshot, waitForEnd } from './helpers.ts';

/** The focused element through shadow roots: its accessible text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return `${a?.tagName.toLowerCase()} ${a?.getAttribute('aria-label') ?? a?.textContent?.trim() ?? ''}`;
  });

async function tabTo(page: Page, pattern: RegExp, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (pattern.test(await focused(page))) return;
  }
  throw new Error(`no focusable element matching ${pattern} within ${limit} Tab presses (last: ${await focused(page)})`);
}

/** Buttons, links and form fields without an accessible name, through every shadow root. */
const unnamed = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) walk(el.shadowRoot);
        if (!el.matches('button, a[href], input:not([type=hidden]), textarea, select')) continue;
        const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.textContent?.trim() || el.getAttribute('title') || el.getAttribute('placeholder') || el.closest('label');
        if (!labelled) out.push(el.outerHTML.slice(0, 120));
      }
    };
    walk(document);
    return out;
  });

test.describe('keyboard, names, themes', () => {
  test('a group is created and started from the keyboard alone; every control is named', async ({ page }) => {
    await page.goto('/#/new');
    await expect(page.getByText('Valid spec.')).toBeVisible();
    await tabTo(page, /^button BO · Branin$/);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('textbox', { name: 'Spec (YAML or JSON)' })).toHaveValue(/name: bo-branin/);
    await tabTo(page, /^textarea Spec/);
    // Tab indents inside the editor; Escape then Tab leaves it.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatch(/^button .*line|^button Create and start$/);
    if (!/Create and start/.test(await focused(page))) await tabTo(page, /^button Create and start$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/group\//);
    expect(await waitForEnd(page)).toBe('done');
    expect(await unnamed(page)).toEqual([]);
    await screenshot(page, 'keyboard-created-group');
    await page.goto('/#/');
    await expect(page.locator('tr[data-group]')).toHaveCount(2);
    expect(await unnamed(page)).toEqual([]);
  });

  test('the dark theme follows prefers-color-scheme', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/#/new?example=hyperband');
    await expect(page.getByText('Valid spec.')).toBeVisible();
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(13, 17, 23)');
    await screenshot(page, 'dark-new-group');
  });
});
