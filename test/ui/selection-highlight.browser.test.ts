/**
 * The group view's one selection, highlighted in every chart (Chromium, real components,
 * real engine on small seeded groups): for each chart the highlight is drawn for the selected
 * trial, at that trial's own mark, on top of the others, and it moves when the selection
 * changes. Parallel coordinates are checked below and above DENSE lines (canvas). Then the
 * whole group view of the Branin BO example: a table row, then a GP observation, select a
 * trial and every chart follows. Light screenshots of its charts go to test-results/glass/.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { page, cdp } from 'vitest/browser';
import type { MetricSpec } from '../../src/engine/spec/types.ts';
import type { BoGpView } from '../../src/engine/samplers/bo-view.ts';
import { InProcessRunner } from '../../src/workers/inprocess.ts';
import { analysisData } from '../../src/ui/components/analysis-data.ts';
import { matrixOf } from '../../src/ui/components/param-axis.ts';
import { rgb } from '../../src/ui/components/dense-layer.ts';
import type { HpParallelCoordinates } from '../../src/ui/components/parallel-coordinates.ts';
import type { HpHistoryChart } from '../../src/ui/components/history-chart.ts';
import type { HpSlicePlots } from '../../src/ui/components/slice-plots.ts';
import type { HpGpView } from '../../src/ui/components/gp-view.ts';
import type { HpRaceRacer } from '../../src/ui/views/race-racer.ts';
import type { TrialSelectDetail } from '../../src/ui/components/events.ts';
import '../../src/ui/components/parallel-coordinates.ts';
import '../../src/ui/components/history-chart.ts';
import '../../src/ui/components/learning-curves.ts';
import '../../src/ui/components/slice-plots.ts';
import '../../src/ui/components/contour-plot.ts';
import '../../src/ui/components/gp-view.ts';
import '../../src/ui/views/race-racer.ts';
import '../../src/ui/app.ts';
import { synthetic } from './synthetic.ts';
import { openGroupView, ranToEnd } from './glass-harness.ts';

const VAL_LOSS: MetricSpec = { name: 'val_loss', optimization: 'minimize' };
const branin = await fetch('/examples/bo.yaml').then((r) => r.text());

async function mount<T extends HTMLElement & { updateComplete: Promise<boolean> }>(tag: string, props: object): Promise<T> {
  const el = Object.assign(document.createElement(tag), props) as unknown as T;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

async function set<T extends HTMLElement & { updateComplete: Promise<boolean> }>(el: T, props: object): Promise<void> {
  Object.assign(el, props);
  await el.updateComplete;
}

const $ = <E extends Element = SVGElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<E>(sel);
const num = (el: Element | null | undefined, attr: string) => Number(el?.getAttribute(attr));

/** The element painted topmost at a point of an SVG (in its viewBox units), inside `host`'s shadow root. */
function topmostAt(host: Element, svgEl: SVGSVGElement, x: number, y: number): Element | null {
  const p = new DOMPoint(x, y).matrixTransform(svgEl.getScreenCTM()!);
  return host.shadowRoot!.elementFromPoint(p.x, p.y);
}

/** The midpoint of a path's first segment (`M x,y L x,y`…), off the axes it joins. */
function firstSegmentMid(d: string): [number, number] {
  const [a, b] = d.split(/[ML]/).filter(Boolean).map((s) => s.split(',').map(Number) as [number, number]);
  return [(a![0] + b![0]) / 2, (a![1] + b![1]) / 2];
}

const ran = (source: string) => ranToEnd(source, new InProcessRunner());

afterEach(() => {
  document.body.replaceChildren();
  history.replaceState(null, '', location.pathname + location.search);
});

describe('parallel coordinates: the selected line', () => {
  it('SVG lines: drawn last, in the highlight colour and thicker, where the trial\'s own line was; it moves with the selection', async () => {
    const trials = synthetic(30, 20).trials.filter((t) => t.status !== 'running');
    const el = await mount<HpParallelCoordinates>('hp-parallel-coordinates', { trials, metric: VAL_LOSS });
    const own = (n: number) => $(el, `g.lines path[data-trial="${n}"]`)!.getAttribute('d');
    const [a, b] = [trials[2]!.number, trials[9]!.number];
    const [da, db] = [own(a), own(b)];
    expect($(el, 'path.selected')).toBeNull();
    for (const [n, d] of [[a, da], [b, db]] as const) {
      await set(el, { selected: n });
      const sel = $(el, 'path.trial.selected')!;
      expect(el.shadowRoot!.querySelectorAll('path.selected')).toHaveLength(1);
      expect(num(sel, 'data-trial')).toBe(n);
      expect(sel.getAttribute('d')).toBe(d);
      // Not drawn twice: its plain line is gone from the lines; the other trial's is back.
      expect($(el, `g.lines path[data-trial="${n}"]`)).toBeNull();
      expect(own(n === a ? b : a)).toBe(n === a ? db : da);
      const style = getComputedStyle(sel);
      expect(style.stroke).toBe(`rgb(${rgb(getComputedStyle(el).getPropertyValue('--_highlight')).join(', ')})`);
      expect(parseFloat(style.strokeWidth)).toBeGreaterThan(parseFloat(getComputedStyle($(el, 'g.lines path.trial:not(.best)')!).strokeWidth));
      // On top: at a point of its line, the selected path is what the page shows.
      const [mx, my] = firstSegmentMid(d!);
      expect(topmostAt(el, $<SVGSVGElement>(el, 'svg')!, mx, my)?.getAttribute('data-trial')).toBe(String(n));
      expect($(el, 'svg')!.getAttribute('aria-label')).toContain(`selected trial ${n}: val_loss`);
    }
    await set(el, { selected: undefined });
    expect($(el, 'path.selected')).toBeNull();
    expect(own(b)).toBe(db);
  });

  it('above DENSE lines (canvas): the selected line is an SVG path over the canvas, which is not repainted when the selection moves', async () => {
    const trials = synthetic(300, 3, 9).trials.filter((t) => t.status !== 'running');
    const el = await mount<HpParallelCoordinates>('hp-parallel-coordinates', { trials, metric: VAL_LOSS });
    const canvas = $<HTMLCanvasElement>(el, 'canvas.dense')!;
    expect(canvas.dataset.marks).toBe(String(trials.length - 1));
    const stroke = vi.spyOn(CanvasRenderingContext2D.prototype, 'stroke');
    try {
      const seen: string[] = [];
      for (const n of [trials[5]!.number, trials[200]!.number]) {
        await set(el, { selected: n });
        const sel = $(el, 'path.trial.selected')!;
        expect(num(sel, 'data-trial')).toBe(n);
        const d = sel.getAttribute('d')!;
        seen.push(d);
        const [mx, my] = firstSegmentMid(d);
        // Over the canvas (and every other line), the page shows the selected path there.
        expect(topmostAt(el, $<SVGSVGElement>(el, 'svg')!, mx, my)?.getAttribute('data-trial')).toBe(String(n));
        // The canvas keeps every line but the best (an SVG line), the selected one's copy included, and was not repainted.
        expect(canvas.dataset.marks).toBe(String(trials.length - 1));
      }
      expect(seen[0]).not.toBe(seen[1]);
      expect(stroke).not.toHaveBeenCalled();
    } finally {
      stroke.mockRestore();
    }
  });

  it('a click on a line selects its trial', async () => {
    const trials = synthetic(30, 20).trials.filter((t) => t.status !== 'running');
    const el = await mount<HpParallelCoordinates>('hp-parallel-coordinates', { trials, metric: VAL_LOSS });
    const picked: number[] = [];
    el.addEventListener('hp-trial-select', (e) => picked.push((e as CustomEvent<TrialSelectDetail>).detail.number));
    $(el, `g.lines path[data-trial="${trials[4]!.number}"]`)!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    expect(picked).toEqual([trials[4]!.number]);
  });
});

describe('optimization history above DENSE dots: the ring sits on the selected trial\'s dot on the canvas', () => {
  it('ring centre over a painted canvas pixel, moving with the selection', async () => {
    const trials = synthetic(300, 3, 9).trials;
    const el = await mount<HpHistoryChart>('hp-history-chart', { trials, metric: VAL_LOSS });
    const canvas = $<HTMLCanvasElement>(el, 'canvas.dense')!;
    const painted = (svgEl: SVGSVGElement, cx: number, cy: number) => {
      const p = new DOMPoint(cx, cy).matrixTransform(svgEl.getScreenCTM()!);
      const box = canvas.getBoundingClientRect();
      const px = Math.round(((p.x - box.left) / box.width) * canvas.width);
      const py = Math.round(((p.y - box.top) / box.height) * canvas.height);
      return canvas.getContext('2d')!.getImageData(px, py, 1, 1).data[3]!;
    };
    // Trials that are not improvements: their dots are on the canvas only.
    const plain = trials.filter((t) => t.status === 'succeeded').slice(-40);
    const centres: string[] = [];
    let checked = 0;
    for (const t of plain) {
      if (checked === 2) break;
      await set(el, { selected: t.number });
      if ($(el, `g.dots circle[data-trial="${t.number}"]`)) continue;
      const ring = $(el, 'circle.selected')!;
      expect(ring.querySelector('title')!.textContent).toContain(`trial ${t.number},`);
      expect(painted($<SVGSVGElement>(el, 'svg')!, num(ring, 'cx'), num(ring, 'cy'))).toBeGreaterThan(0);
      centres.push(`${ring.getAttribute('cx')},${ring.getAttribute('cy')}`);
      checked++;
    }
    expect(checked).toBe(2);
    expect(centres[0]).not.toBe(centres[1]);
  });
});

describe('learning curves above DENSE curves: the highlighted curve is an SVG path over the canvases', () => {
  it('drawn for the selected trial, on top, left off the canvas; it moves with the selection', async () => {
    const big = synthetic(300, 10, 5);
    const reports = new Map<number, typeof big.reports>();
    for (const r of big.reports) reports.set(r.trial, [...(reports.get(r.trial) ?? []), r]);
    const el = await mount<HTMLElement & { updateComplete: Promise<boolean>; highlight?: number }>('hp-learning-curves', { reports, metric: 'val_loss', trials: big.trials });
    const finished = big.trials.filter((t) => t.status !== 'running');
    expect($<HTMLCanvasElement>(el, 'canvas.dense')!.dataset.marks).toBe(String(finished.length));
    const seen: string[] = [];
    for (const t of [finished[10]!, finished[150]!]) {
      await set(el, { highlight: t.number });
      const curve = $(el, 'path.curve.highlight')!;
      expect(num(curve, 'data-trial')).toBe(t.number);
      expect(el.shadowRoot!.querySelectorAll('path.curve')).toHaveLength(1);
      expect($<HTMLCanvasElement>(el, 'canvas.dense')!.dataset.marks).toBe(String(finished.length - 1));
      const d = curve.getAttribute('d')!;
      seen.push(d);
      const [mx, my] = firstSegmentMid(d);
      expect(topmostAt(el, $<SVGSVGElement>(el, 'svg')!, mx, my)?.getAttribute('data-trial')).toBe(String(t.number));
    }
    expect(seen[0]).not.toBe(seen[1]);
  });
});

describe('slice plots and contour: the ring sits on the selected trial\'s dot', () => {
  it('in every slice and on the contour, and moves with the selection', async () => {
    const { snap } = await ran(branin);
    const data = analysisData(snap.trials, snap.metric, matrixOf(snap.group.source))!;
    const slices = await mount<HpSlicePlots>('hp-slice-plots', { data, metric: snap.metric });
    const contour = await mount<HTMLElement & { updateComplete: Promise<boolean>; selected?: number }>('hp-contour', { data, metric: snap.metric });
    /** Dot centres of a `dotsPath` (each dot starts at `M cx-r cy`), in the data's trial order. */
    const dots = (svgEl: Element, r: number) => [...svgEl.querySelector('path.pt')!.getAttribute('d')!.matchAll(/M([\d.-]+) ([\d.-]+)/g)].map((m) => [Number(m[1]) + r, Number(m[2])]);
    const positions: string[] = [];
    for (const k of [3, 11]) {
      const n = data.trials[k]!.number;
      await set(slices, { selected: n });
      await set(contour, { selected: n });
      const svgs = [...slices.shadowRoot!.querySelectorAll('svg')];
      expect(svgs).toHaveLength(2);
      for (const s of svgs) {
        const ring = s.querySelector('circle.sel')!;
        expect(num(ring, 'data-trial')).toBe(n);
        const [cx, cy] = dots(s, 3.5)[k]!;
        expect(num(ring, 'cx')).toBeCloseTo(cx!, 1);
        expect(num(ring, 'cy')).toBeCloseTo(cy!, 1);
        // Drawn after the dots: on top of them.
        expect(s.querySelector('path.pt')!.compareDocumentPosition(ring) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
        expect(s.getAttribute('aria-label')).toContain(`selected trial ${n}:`);
      }
      const cs = contour.shadowRoot!.querySelector('svg')!;
      const ring = cs.querySelector('circle.sel')!;
      expect(num(ring, 'data-trial')).toBe(n);
      const [cx, cy] = dots(cs, 3)[k]!;
      expect([num(ring, 'cx'), num(ring, 'cy')]).toEqual([cx, cy]);
      positions.push(`${ring.getAttribute('cx')},${ring.getAttribute('cy')}`);
    }
    expect(positions[0]).not.toBe(positions[1]);
  });
});

describe('GP view: the selected trial\'s observation', () => {
  it('ringed on the curve and on the three heatmaps, over its own observation; it moves with the selection; a click selects', async () => {
    const { snap } = await ran(branin);
    const gp = (snap.algorithm as unknown as { gp: BoGpView }).gp;
    const best = gp.incumbent!.trial;
    const [a, b] = gp.observations.map((o) => o.trial).filter((t) => t !== best);
    const el = await mount<HpGpView>('hp-gp-view', { snapshot: snap, selected: a });
    const curve = () => $<HTMLElement>(el, 'hp-gp-curve')!;
    const check = (chart: Element, n: number) => {
      const ring = $(chart, 'circle.sel')!;
      const obs = $(chart, `circle.obs[data-trial="${n}"]`)!;
      expect(num(ring, 'data-trial')).toBe(n);
      expect([num(ring, 'cx'), num(ring, 'cy')]).toEqual([num(obs, 'cx'), num(obs, 'cy')]);
      // After the observations, so on top of them.
      expect(obs.compareDocumentPosition(ring) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
      expect(getComputedStyle(ring).stroke).not.toBe(getComputedStyle(obs).fill);
      expect($(chart, 'svg')!.getAttribute('aria-label')).toContain(`Selected trial ${n}:`);
      return `${ring.getAttribute('cx')},${ring.getAttribute('cy')}`;
    };
    await expect.poll(() => curve().shadowRoot?.querySelector('circle.sel'), { timeout: 20_000 }).toBeTruthy();
    const at = check(curve(), a!);
    await set(el, { selected: b });
    await (curve() as unknown as { updateComplete: Promise<boolean> }).updateComplete;
    expect(check(curve(), b!)).not.toBe(at);
    await set(el, { selected: undefined });
    await (curve() as unknown as { updateComplete: Promise<boolean> }).updateComplete;
    expect($(curve(), 'circle.sel')).toBeNull();

    const picked: number[] = [];
    el.addEventListener('hp-trial-select', (e) => picked.push((e as CustomEvent<TrialSelectDetail>).detail.number));
    $(curve(), `circle.obs[data-trial="${b}"]`)!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    expect(picked).toEqual([b]);

    await set(el, { mode: '2d', selected: a });
    const maps = () => [...el.shadowRoot!.querySelectorAll('hp-gp-heatmap')];
    await expect.poll(() => maps().filter((m) => m.shadowRoot?.querySelector('circle.sel')).length, { timeout: 20_000 }).toBe(3);
    const before = maps().map((m) => check(m, a!));
    await set(el, { selected: b });
    for (const m of maps()) await (m as unknown as { updateComplete: Promise<boolean> }).updateComplete;
    maps().forEach((m, i) => expect(check(m, b!)).not.toBe(before[i]));
  });
});

describe('race: each racer highlights the trial picked in its own view', () => {
  it('a table row picked in a random-search racer is marked, moves to the next pick, and clears on a second pick', async () => {
    const spec = branin.replace(/ {2}bo:[\s\S]*?(?= {2}matrix:)/, '  random_search: {n_experiments: 6}\n');
    const { snap } = await ran(spec);
    const racer = await mount<HpRaceRacer>('hp-race-racer', { algorithm: 'random', snapshot: snap, spec });
    const table = () => $<HTMLElement>(racer, 'hp-trials-table')!;
    // The table renders in a task of its own (slices.ts, ownTask): wait for its rows.
    const pick = async (n: number) => {
      await expect.poll(() => table().shadowRoot?.querySelector(`tr[data-number="${n}"] button.trial`)).toBeTruthy();
      $<HTMLButtonElement>(table(), `tr[data-number="${n}"] button.trial`)!.click();
    };
    const marked = () => [...(table().shadowRoot?.querySelectorAll<HTMLElement>('tr.selected') ?? [])].map((r) => r.dataset['number']);
    await pick(2);
    await expect.poll(marked).toEqual(['2']);
    await pick(4);
    await expect.poll(marked).toEqual(['4']);
    await pick(4);
    await expect.poll(marked).toEqual([]);
  });

  it('an observation clicked in a BO racer\'s GP view is ringed there', async () => {
    const { snap } = await ran(branin);
    const racer = await mount<HpRaceRacer>('hp-race-racer', { algorithm: 'bo', snapshot: snap, spec: branin });
    const curve = () => $<HTMLElement>(racer, 'hp-gp-view')?.shadowRoot?.querySelector('hp-gp-curve')?.shadowRoot;
    await expect.poll(() => curve()?.querySelector('circle.obs[data-trial="3"]'), { timeout: 20_000 }).toBeTruthy();
    curve()!.querySelector('circle.obs[data-trial="3"]')!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    await expect.poll(() => curve()?.querySelector('circle.sel')?.getAttribute('data-trial')).toBe('3');
  });
});

describe('the group view of the Branin BO example: every chart follows the one selection', () => {
  it('a table row, then a GP observation, selects a trial; each chart highlights it (screenshot, light theme)', async () => {
    const { engine, snap } = await ran(branin);
    const { gv, close } = await openGroupView(engine);
    try {
      const inner = (tag: string) => gv().querySelector(tag)?.shadowRoot;
      const analysis = (tag: string) => inner('hp-param-analysis')?.querySelector(tag)?.shadowRoot;
      /** The trial each chart highlights (undefined where it highlights none). */
      const highlighted = () => ({
        table: inner('hp-trials-table')?.querySelector<HTMLElement>('tr.selected')?.dataset['number'],
        history: inner('hp-history-chart')?.querySelector('circle.selected title')?.textContent?.match(/trial (\d+)/)?.[1],
        curves: inner('hp-learning-curves')?.querySelector('path.highlight')?.getAttribute('data-trial'),
        parallel: inner('hp-parallel-coordinates')?.querySelector('path.trial.selected')?.getAttribute('data-trial'),
        slices: [...(analysis('hp-slice-plots')?.querySelectorAll('circle.sel') ?? [])].map((c) => c.getAttribute('data-trial')).join(),
        contour: analysis('hp-contour')?.querySelector('circle.sel')?.getAttribute('data-trial'),
        gp: inner('hp-gp-view')?.querySelector('hp-gp-curve')?.shadowRoot?.querySelector('circle.sel')?.getAttribute('data-trial'),
      });
      // Branin trials report once: the learning curves say so instead of drawing (no curve to highlight).
      const everywhere = (n: number) => ({ table: `${n}`, history: `${n}`, curves: undefined, parallel: `${n}`, slices: `${n},${n}`, contour: `${n}`, gp: `${n}` });
      await expect.poll(() => inner('hp-trials-table')?.querySelector('button.trial'), { timeout: 20_000 }).toBeTruthy();
      await expect.poll(() => inner('hp-gp-view')?.querySelector('hp-gp-curve')?.shadowRoot?.querySelector('circle.obs'), { timeout: 20_000 }).toBeTruthy();
      // The contour waits for the forest: selection must show once it is drawn.
      await expect.poll(() => analysis('hp-contour')?.querySelectorAll('rect.cell').length ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
      const gp = (snap.algorithm as unknown as { gp: BoGpView }).gp;
      const [a, b] = gp.observations.map((o) => o.trial).filter((t) => t !== gp.incumbent!.trial);
      inner('hp-trials-table')!.querySelector<HTMLButtonElement>(`tr[data-number="${a}"] button.trial`)!.click();
      await expect.poll(highlighted, { timeout: 20_000 }).toEqual(everywhere(a!));
      inner('hp-gp-view')!.querySelector('hp-gp-curve')!.shadowRoot!.querySelector(`circle.obs[data-trial="${b}"]`)!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      await expect.poll(highlighted, { timeout: 20_000 }).toEqual(everywhere(b!));
      await (cdp() as unknown as { send(m: string, p: object): Promise<unknown> }).send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'light' }] });
      // The test page is scaled to fit the runner's window (about 1280 × 720): at that size
      // a chart is shot at its real pixels, one card at a time.
      await page.viewport(1200, 720);
      document.body.style.background = '#fff';
      const cards: [string, string][] = [['gp', 'hp-gp-view'], ['parallel', 'hp-parallel-coordinates'], ['history', 'hp-history-chart'], ['analysis', 'hp-param-analysis']];
      for (const [name, tag] of cards) {
        const card = gv().querySelector(tag)!;
        card.scrollIntoView({ block: 'start' });
        await new Promise((r) => setTimeout(r, 300));
        await page.screenshot({ path: `../../test-results/glass/group-view-selection-${name}-light.png`, element: card });
      }
    } finally {
      close();
    }
  });
});
