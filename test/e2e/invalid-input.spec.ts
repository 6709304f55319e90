// An invalid spec shows its error with the line; bad input changes nothing.
import { test, expect } from 'playwright/test';
import { screenshot } from './helpers.ts';

const INVALID = `version: 1
kind: group
hptuning:
  concurrency: 2
  hyperband:
    max_iter: 9
    eta: 0.5
    resource: {name: epochs, type: int}
    metric: {name: loss, optimization: minimize}
  matrix:
    x1: {uniform: [0, 1]}
run:
  objective: lc4
`;

test.describe('invalid spec and bad input', () => {
  test('an invalid spec lists the problem with line:column and marks the line', async ({ page }) => {
    await page.goto('/#/new?example=bo');
    const editor = page.getByRole('textbox', { name: 'Spec (YAML or JSON)' });
    // The example arrives by fetch: replace it only once it is there.
    await expect(editor).toHaveValue(/name: bo-branin/);
    await editor.fill(INVALID);
    const problem = page.getByRole('button', { name: /line 7:\d+ .*eta/ });
    await expect(problem).toBeVisible();
    await expect(page.getByRole('button', { name: 'Create and start' })).toBeDisabled();
    // The gutter marks line 7.
    const marked = await page.locator('hp-spec-editor').evaluate((el) => [...el.shadowRoot!.querySelectorAll('.gutter .bad')].map((d) => d.textContent));
    expect(marked).toEqual(['!7']);
    await problem.click();
    await screenshot(page, 'invalid-spec');
  });

  test('a > 1 MB paste, a dropped non-YAML file and a foreign import file are refused with a message', async ({ page }) => {
    await page.goto('/#/new?example=grid');
    const editor = page.getByRole('textbox', { name: 'Spec (YAML or JSON)' });
    await expect(page.getByText('Valid spec.')).toBeVisible();
    const before = await editor.inputValue();

    await editor.evaluate((el) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'x: 1\n'.repeat(250_000));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect(page.getByRole('alert')).toContainText(/The pasted text is [\d.]+ MB; a spec must be at most 1.0 MB/);
    expect(await editor.inputValue()).toBe(before);

    await editor.evaluate((el) => {
      const data = new DataTransfer();
      data.items.add(new File(['{"a": [1, 2', '\n  : : ]'], 'notes.yaml', { type: 'text/yaml' }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true, composed: true }));
    });
    await expect(page.getByRole('alert')).toContainText('The dropped file notes.yaml is not YAML');
    expect(await editor.inputValue()).toBe(before);

    await page.goto('/#/');
    await expect(page.getByRole('heading', { name: 'Groups' })).toBeVisible();
    // The first open creates the default group in the background: count once it is listed.
    await expect(page.locator('tr[data-group]').first()).toBeVisible();
    const groupsBefore = await page.locator('tr[data-group]').count();
    await page.getByLabel('Import group (JSON)').setInputFiles({
      name: 'optuna-study.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ study_name: 'x', trials: [{ number: 0, value: 1 }] })),
    });
    await expect(page.getByRole('alert')).toContainText('optuna-study.json is not an hptune group export, so nothing was imported');
    expect(await page.locator('tr[data-group]').count()).toBe(groupsBefore);
    await screenshot(page, 'bad-input');
  });
});
