// The algorithm race, from the home page's link: three algorithms on branin run to the end,
// one line each on the chart, each racer's own view below; bad settings in the link are
// refused in place. Long tasks during the race are printed (a measurement, not a gate: the
// machine is shared, see longtask.spec.ts); screenshots go to test-results/e2e-race-*.png.
import { test, expect } from 'playwright/test';
import { observeLongTasks, screenshot, takeLongTasks } from './helpers.ts';

test.describe('algorithm race', () => {
  test('bo, random and tpe on branin run to the end from the home page link', async ({ page }) => {
    await observeLongTasks(page);
    await page.goto('/#/');
    await page.getByRole('link', { name: 'Algorithm race' }).click();
    await page.waitForURL(/#\/race/);
    await expect(page.getByRole('heading', { name: 'Algorithm race' })).toBeVisible();
    // The defaults: branin, seed 1, 30 evaluations; three algorithms chosen.
    await expect(page.getByLabel('Objective')).toHaveValue('branin');
    await page.getByLabel('Seed').fill('7');
    for (const name of ['Bayesian optimization', 'Random search', 'TPE']) await expect(page.getByRole('checkbox', { name })).toBeChecked();
    await expect(page).toHaveURL(/#\/race\?objective=branin&seed=7&budget=30&algorithms=random,bo,tpe$/);

    await takeLongTasks(page); // only the race is measured, not the page's load
    await page.getByRole('button', { name: 'Start the race' }).click();
    await expect(page.locator('hp-race-view p.done')).toHaveText(/^The race has ended\. Best loss by algorithm: 1\. /, { timeout: 110_000 });
    const tasks = await takeLongTasks(page);
    console.log(`long tasks during a 3-algorithm race on branin: ${tasks.length}, worst ${Math.max(0, ...tasks).toFixed(0)} ms (${tasks.map((t) => t.toFixed(0)).join(', ')})`);

    const chart = page.locator('hp-race-chart svg[role=img]');
    await expect(chart.locator('path.line')).toHaveCount(3);
    await expect(chart).toHaveAttribute('aria-label', /Random search: best loss .* after 30 evaluations/);
    for (const algorithm of ['random', 'bo', 'tpe']) {
      const racer = page.locator(`hp-race-racer[data-algorithm=${algorithm}]`);
      await expect(racer.locator('p.status')).toContainText('done · 30 trials finished · 30 evaluations spent · best loss');
    }
    // The BO racer shows what its GP believes.
    const bo = page.locator('hp-race-racer[data-algorithm=bo]');
    await expect(bo.locator('hp-gp-view')).toBeVisible();
    await screenshot(page, 'race-branin');

    // Each racer's spec is one click away.
    await bo.getByText('Spec of the Bayesian optimization group').click();
    await expect(bo.locator('pre')).toContainText('n_initial_trials: 10');
    await expect(bo.locator('pre')).toContainText('seed: 7');
    await screenshot(page, 'race-branin-spec');
    // The race kept nothing in the groups list.
    await page.getByRole('link', { name: 'Groups', exact: true }).click();
    await expect(page.locator('hp-groups-view')).not.toContainText('race-branin');
  });

  test('Copy link gives the race\'s settings; the link opens the same race, ready to start', async ({ page, context }) => {
    await page.goto('/#/race');
    await page.getByLabel('Objective').selectOption('hartmann3');
    await page.getByRole('checkbox', { name: 'Grid search' }).check();
    await page.getByRole('button', { name: 'Copy link' }).click();
    const link = await page.getByRole('textbox', { name: "The race's link" }).inputValue();
    expect(new URL(link).hash).toBe('#/race?objective=hartmann3&seed=1&budget=30&algorithms=grid,random,bo,tpe');
    const other = await context.newPage();
    await other.goto(link);
    await expect(other.getByLabel('Objective')).toHaveValue('hartmann3');
    for (const name of ['Grid search', 'Random search', 'Bayesian optimization', 'TPE']) await expect(other.getByRole('checkbox', { name })).toBeChecked();
    await expect(other.getByRole('checkbox', { name: 'Hyperband' })).not.toBeChecked();
    await expect(other.getByRole('button', { name: 'Start the race' })).toBeEnabled();
    await expect(other.locator('hp-race-racer')).toHaveCount(0); // nothing runs until Start
  });

  test('a link asking for six algorithms or for a model is refused in place', async ({ page }) => {
    await page.goto('/#/race?objective=lc4&seed=1&budget=810&algorithms=grid,random,bo,tpe,hyperband,asha');
    await expect(page.getByRole('alert')).toContainText('a race runs 2 to 5 algorithms side by side');
    await expect(page.getByRole('button', { name: 'Start the race' })).toBeDisabled();
    await page.goto('/#/race?objective=mlp&algorithms=bo,random');
    await expect(page.getByRole('alert')).toContainText('objective must be one of the built-in benchmark objectives');
    await expect(page.getByRole('button', { name: 'Start the race' })).toBeDisabled();
    await screenshot(page, 'race-refused');
  });
});
