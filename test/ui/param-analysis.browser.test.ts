/**
 * The analysis plots in Chromium on a real engine's seeded random-search group whose metric
 * is known, loss = 10·x1 + 0.1·x2 (lr and units do nothing): fANOVA puts x1 far ahead, the
 * method is named and cited, every slice and the contour follow the parameter's matrix
 * option (lr on a log axis, units by category, x1 linear), the contour's pair is chosen by
 * keyboard, a point selects its trial, and parallel coordinates use the same axes.
 * Screenshots, light and dark, go to test-results/glass/.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { page, cdp, userEvent } from 'vitest/browser';
import { Engine } from '../../src/engine/engine.ts';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import type { GroupSnapshot, TrialRunner } from '../../src/engine/index.ts';
import { matrixOf } from '../../src/ui/components/param-axis.ts';
import type { HpParamAnalysis } from '../../src/ui/components/param-analysis.ts';
import type { HpParallelCoordinates } from '../../src/ui/components/parallel-coordinates.ts';
import '../../src/ui/components/param-analysis.ts';
import '../../src/ui/components/parallel-coordinates.ts';

const SPEC = `version: 1
kind: group
name: known-importance
hptuning:
  seed: 11
  concurrency: 1
  random_search: {n_experiments: 40}
  matrix:
    x1: {uniform: [0, 1]}
    x2: {uniform: [0, 1]}
    lr: {loguniform: [-9, -2]}
    units: {values: [16, 32, 64, 128]}
run:
  objective: branin
`;

const known: TrialRunner = {
  async run(job, report) {
    const { x1, x2 } = job.params as { x1: number; x2: number };
    await report({ step: 1, values: { loss: 10 * x1 + 0.1 * x2 } });
    return { kind: 'completed' };
  },
};

async function ranGroup(): Promise<GroupSnapshot> {
  const engine = new Engine({ store: new MemoryStore(), runner: known });
  await engine.create(SPEC, { id: 'g' });
  await engine.run('g');
  return (await engine.snapshot('g'))!;
}

const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

afterEach(() => document.body.replaceChildren());

describe('<hp-param-analysis>', () => {
  it('importance, slices and contour on a metric whose importance is known', async () => {
    const snap = await ranGroup();
    expect(snap.trials).toHaveLength(40);
    const matrix = matrixOf(snap.group.source);
    const el = Object.assign(document.createElement('hp-param-analysis'), { trials: snap.trials, metric: snap.metric, matrix }) as HpParamAnalysis;
    document.body.append(el);
    const root = () => el.shadowRoot!;
    const imp = () => root().querySelector('hp-importance')!.shadowRoot!;
    // The forest is built in slices: the bars come after a few macrotasks.
    await expect.poll(() => imp().querySelectorAll('g[data-param]').length, { timeout: 20_000 }).toBe(4);
    const bars = [...imp().querySelectorAll('g[data-param]')].map((g) => ({ name: g.getAttribute('data-param')!, pct: Number(text(g.querySelector('text:last-of-type')).replace(' %', '')) }));
    expect(bars[0]!.name).toBe('x1');
    expect(bars[0]!.pct).toBeGreaterThan(90);
    for (const b of bars.slice(1)) expect(b.pct).toBeLessThan(5);
    // Shares in 4 significant digits, summing to 100 %.
    for (const b of bars) expect(String(b.pct).replace(/^0\.0*|\./g, '').length).toBeLessThanOrEqual(4);
    expect(text(imp().querySelector('.method'))).toContain('fANOVA (Hutter, Hoos and Leyton-Brown 2014, An Efficient Approach for Assessing Hyperparameter Importance');
    expect(imp().querySelector('svg')!.getAttribute('aria-label')).toMatch(/^Parameter importance by fANOVA over 40 trials: x1 9\d/);

    // Slices: one per parameter, each on its option's axis.
    const slices = root().querySelector('hp-slice-plots')!.shadowRoot!;
    const kinds = Object.fromEntries([...slices.querySelectorAll('svg[data-param]')].map((s) => [s.getAttribute('data-param'), s.getAttribute('data-kind')]));
    expect(kinds).toEqual({ x1: 'linear', x2: 'linear', lr: 'log', units: 'categorical' });
    expect(slices.querySelector('svg[data-param="units"] .axis.x')!.textContent).toMatch(/16[\s\S]*32[\s\S]*64[\s\S]*128/);
    // 40 dots as one path of 40 circles (two arcs each).
    expect(slices.querySelector('svg[data-param="x1"] path.pt')!.getAttribute('d')!.match(/M/g)).toHaveLength(40);
    // A click on a dot selects its trial (the event the group view listens to).
    const picked: number[] = [];
    el.addEventListener('hp-trial-select', (e) => picked.push(e.detail.number));
    const lr = slices.querySelector<SVGSVGElement>('svg[data-param="lr"]')!;
    const y = snap.trials[7]!.metrics['loss']!.last;
    const at = (lrValue: number) => {
      // The dot of trial 7 is the one whose path starts at (cx − r, cy): find it by its metric's rank.
      const d = lr.querySelector('path.pt')!.getAttribute('d')!;
      const starts = [...d.matchAll(/M([\d.-]+) ([\d.-]+)/g)].map((m) => [Number(m[1]) + 3.5, Number(m[2])] as const);
      const order = [...snap.trials].sort((a, b) => a.number - b.number);
      return starts[order.findIndex((t) => t.params['lr'] === lrValue && t.metrics['loss']!.last === y)]!;
    };
    const [cx, cy] = at(snap.trials[7]!.params['lr'] as number);
    const screen = new DOMPoint(cx, cy).matrixTransform(lr.getScreenCTM()!);
    lr.querySelector('path.pt')!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, clientX: screen.x, clientY: screen.y }));
    expect(picked).toEqual([7]);
    el.selected = 7;
    await el.updateComplete;
    await expect.poll(() => slices.querySelectorAll('circle.sel').length).toBe(4);

    // Contour: the two most important parameters first, a full grid, dots for the trials.
    const contour = () => root().querySelector('hp-contour')!.shadowRoot!;
    await expect.poll(() => contour().querySelectorAll('rect.cell').length, { timeout: 20_000 }).toBe(24 * 24);
    const selects = [...contour().querySelectorAll('select')];
    expect(selects.map((s) => s.selectedOptions[0]!.textContent)).toContain('x1');
    expect(contour().querySelector('svg')!.getAttribute('aria-label')).toMatch(/^Contour of loss over x1 \(linear\)/);
    // Across x1 the surface climbs (loss grows with x1): the left column is better than the right.
    // Pick the pair by keyboard: y becomes lr, drawn on a log axis.
    selects[1]!.focus();
    await userEvent.selectOptions(selects[1]!, 'lr');
    await expect.poll(() => contour().querySelector('svg')!.getAttribute('aria-label')).toMatch(/over x1 \(linear\) and lr \(log\)/);
    await expect.poll(() => contour().querySelector('svg')!.getAttribute('aria-label')).not.toContain('computing');
    expect(contour().querySelector('path.pt')!.getAttribute('d')!.match(/M/g)).toHaveLength(40);

    for (const scheme of ['light', 'dark']) {
      await (cdp() as unknown as { send(m: string, p: object): Promise<unknown> }).send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: scheme }] });
      await page.viewport(1100, 1500);
      document.body.style.background = scheme === 'dark' ? '#0d1117' : '#fff';
      await new Promise((r) => setTimeout(r, 300));
      await page.screenshot({ path: `../../test-results/glass/analysis-${scheme}.png` });
    }
  });

  it('parallel coordinates draw each param on its option axis, whatever the drawn range', async () => {
    const snap = await ranGroup();
    const pc = Object.assign(document.createElement('hp-parallel-coordinates'), { trials: snap.trials, metric: snap.metric, matrix: matrixOf(snap.group.source) }) as HpParallelCoordinates;
    document.body.append(pc);
    await pc.updateComplete;
    const kinds = Object.fromEntries([...pc.shadowRoot!.querySelectorAll('g.axis[data-axis]')].map((g) => [g.getAttribute('data-axis'), g.getAttribute('data-kind')]));
    expect(kinds).toMatchObject({ x1: 'linear', x2: 'linear', lr: 'log', units: 'point' });
  });

  it('says why there is nothing to show', async () => {
    const el = Object.assign(document.createElement('hp-param-analysis'), { trials: [], metric: { name: 'loss', optimization: 'minimize' } }) as HpParamAnalysis;
    document.body.append(el);
    await el.updateComplete;
    await expect.poll(() => text(el.shadowRoot!.querySelector('hp-importance')?.shadowRoot?.querySelector('p'))).toBe('No parameter varies among the finished trials yet.');
  });
});
