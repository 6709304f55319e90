/**
 * The race page in Chromium with real groups (the race's own engine, in-process objectives):
 * a 3-algorithm race on branin to the end (one line per algorithm, each racer done with its
 * spec one click away), an lc4 race whose Hyperband and ASHA show their bracket boards, and
 * bad settings refused in place. Screenshots, light and dark, go to test-results/glass/.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { page, cdp, userEvent } from 'vitest/browser';
import type { HpRaceView } from '../../src/ui/views/race-view.ts';
import type { HpRaceRacer } from '../../src/ui/views/race-racer.ts';
import '../../src/ui/views/race-view.ts';

async function mount(query: string): Promise<HpRaceView> {
  const el = Object.assign(document.createElement('hp-race-view'), { query });
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const button = (v: HpRaceView, name: string) => [...v.shadowRoot!.querySelectorAll('button')].find((b) => text(b) === name)!;
const racers = (v: HpRaceView) => [...v.shadowRoot!.querySelectorAll<HpRaceRacer>('hp-race-racer')];
const alerts = (v: HpRaceView) => [...v.shadowRoot!.querySelectorAll('[role=alert]')].map(text);

/** Starts the race and waits for its end (the announcement), however long the machine takes. */
async function race(v: HpRaceView): Promise<void> {
  button(v, 'Start the race').click();
  await expect.poll(() => text(v.shadowRoot!.querySelector('[aria-live=polite]')), { timeout: 90_000, interval: 100 }).toContain('The race has ended');
  await v.updateComplete;
}

afterEach(() => {
  document.body.replaceChildren();
  history.replaceState(null, '', location.pathname + location.search);
});

describe('<hp-race-view>', () => {
  it('runs bo, random and grid on branin to the end: three lines, three finished racers, specs one click away', async () => {
    const v = await mount('objective=branin&seed=4&budget=16&algorithms=bo,random,grid');
    await race(v);
    const chart = v.shadowRoot!.querySelector('hp-race-chart')!;
    await chart.updateComplete;
    const paths = [...chart.shadowRoot!.querySelectorAll('path.line')].map((p) => p.getAttribute('data-series'));
    expect(paths).toEqual(['Bayesian optimization', 'Random search', 'Grid search']);
    const label = chart.shadowRoot!.querySelector('svg')!.getAttribute('aria-label')!;
    expect(label).toContain('Best so far against evaluations spent, budget 16');
    expect(label).toMatch(/Bayesian optimization: best loss [\d.]+ \(regret [\de.+-]+\) after 16 evaluations/);
    // No number in the summary has more than 4 significant digits.
    for (const n of label.match(/\d+\.\d+/g) ?? []) expect(n.replace('.', '').replace(/^0+/, '').length).toBeLessThanOrEqual(4);
    const rs = racers(v);
    expect(rs.map((r) => r.algorithm)).toEqual(['bo', 'random', 'grid']);
    for (const r of rs) {
      await r.updateComplete;
      expect(text(r.shadowRoot!.querySelector('.status'))).toMatch(/^done · 16 trials finished · 16 evaluations spent · best loss/);
      const details = r.shadowRoot!.querySelector('details')!;
      expect(details.open).toBe(false);
      await userEvent.click(r.shadowRoot!.querySelector('summary')!);
      expect(details.open).toBe(true);
      expect(text(r.shadowRoot!.querySelector('pre'))).toContain('objective: branin');
      expect(text(r.shadowRoot!.querySelector('pre'))).toContain('seed: 4');
    }
    // Random and grid show their trials; BO shows the GP view.
    expect(rs[1]!.shadowRoot!.querySelector('hp-trials-table')).not.toBeNull();
    expect(rs[0]!.shadowRoot!.querySelector('hp-gp-view')).not.toBeNull();
    expect(text(v.shadowRoot!.querySelector('p.done'))).toMatch(/^The race has ended\. Best loss by algorithm: 1\. /);
    await shots(v, 'race-branin');
  });

  it('an lc4 race shows Hyperband and ASHA on their bracket boards and stops each at the budget', async () => {
    const v = await mount('objective=lc4&seed=2&budget=216&algorithms=hyperband,asha,random');
    await race(v);
    const rs = racers(v);
    expect(rs[0]!.shadowRoot!.querySelector('hp-bracket-board')).not.toBeNull();
    expect(rs[1]!.shadowRoot!.querySelector('hp-bracket-board')).not.toBeNull();
    expect(rs[2]!.shadowRoot!.querySelector('hp-trials-table')).not.toBeNull();
    for (const r of rs) {
      const spent = Number(/· (\d+) epochs spent/.exec(text(r.shadowRoot!.querySelector('.status')))?.[1]);
      expect(spent).toBeGreaterThan(0);
      expect(spent).toBeLessThanOrEqual(216);
    }
    expect(text(rs[2]!.shadowRoot!.querySelector('.status'))).toContain('216 epochs spent');
    await shots(v, 'race-lc4');
  });

  it('refuses more than 5 algorithms in place, with the reason, and offers no start', async () => {
    const v = await mount('objective=lc4&algorithms=grid,random,bo,tpe,hyperband,asha');
    expect(alerts(v)).toEqual([expect.stringContaining('a race runs 2 to 5 algorithms side by side')]);
    expect(alerts(v)[0]).toContain('got 6');
    expect(button(v, 'Start the race').disabled).toBe(true);
    expect(v.shadowRoot!.querySelector('#algorithms-problem [role=alert]')).not.toBeNull();
    // Unticking one makes the race valid again.
    const boxes = [...v.shadowRoot!.querySelectorAll<HTMLInputElement>('fieldset input[type=checkbox]')];
    await userEvent.click(boxes.find((b) => text(b.parentElement) === 'ASHA')!);
    await v.updateComplete;
    expect(alerts(v)).toEqual([]);
    expect(button(v, 'Start the race').disabled).toBe(false);
    expect(location.hash).toBe('#/race?objective=lc4&seed=1&budget=810&algorithms=grid,random,bo,tpe,hyperband');
  });

  it('refuses a model as the objective, in place, naming the objectives that can race', async () => {
    const v = await mount('objective=mlp&algorithms=bo,random');
    const at = v.shadowRoot!.querySelector('#objective-problem [role=alert]');
    expect(text(at)).toContain('got "mlp"');
    expect(text(at)).toContain('branin, hartmann3, hartmann6, rosenbrock2_scaled, ackley5, lc4');
    expect(v.shadowRoot!.querySelector('select')!.getAttribute('aria-invalid')).toBe('true');
    expect(button(v, 'Start the race').disabled).toBe(true);
    expect(racers(v)).toEqual([]);
  });

  it('refuses Hyperband on a problem without a resource and every control is reachable by keyboard', async () => {
    const v = await mount('objective=branin&algorithms=hyperband,bo');
    expect(text(v.shadowRoot!.querySelector('#algorithms-problem'))).toContain('hyperband trains trials for a growing resource');
    const focusable = [...v.shadowRoot!.querySelectorAll('select, input, button')].filter((e) => !(e as HTMLButtonElement).disabled);
    expect(focusable.every((e) => (e as HTMLElement).tabIndex >= 0)).toBe(true);
  });
});

async function shots(v: HpRaceView, name: string): Promise<void> {
  await page.viewport(1280, 2600);
  for (const scheme of ['light', 'dark']) {
    await (cdp() as unknown as { send(m: string, p: object): Promise<unknown> }).send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: scheme }] });
    document.body.style.background = scheme === 'dark' ? '#0d1117' : '#fff';
    await v.updateComplete;
    await page.elementLocator(v).screenshot({ path: `../../test-results/glass/${name}-${scheme}.png` });
  }
  await (cdp() as unknown as { send(m: string, p: object): Promise<unknown> }).send('Emulation.setEmulatedMedia', { features: [] });
  document.body.style.background = '';
}
