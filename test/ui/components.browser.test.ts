/**
 * The group view's building blocks rendered in Chromium with synthetic data
 * ("Views: group view"); structure is read through each shadow root.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { parse as parseYaml } from 'yaml';
import '../../src/ui/components/trials-table.ts';
import '../../src/ui/components/learning-curves.ts';
import '../../src/ui/components/history-chart.ts';
import '../../src/ui/components/parallel-coordinates.ts';
import '../../src/ui/components/best-params.ts';
import '../../src/ui/components/status-bar.ts';
import { canMoveGroup } from '../../src/engine/group/status.ts';
import { enabledCommands } from '../../src/ui/components/status-bar.ts';
import { historyPoints } from '../../src/ui/components/history-chart.ts';
import { titleLayout } from '../../src/ui/components/parallel-coordinates.ts';
import { formatNumber } from '../../src/ui/components/format.ts';
import { FRAME } from '../../src/ui/components/axis.ts';
import type { CommandDetail, CopiedDetail, TrialSelectDetail } from '../../src/ui/components/events.ts';
import type { MetricSpec } from '../../src/engine/spec/types.ts';
import type { GroupStatus, TrialRecord } from '../../src/engine/types.ts';
import type { BestTrial } from '../../src/engine/group/snapshot.ts';
import { bestTrial } from '../../src/engine/group/metric.ts';
import { synthetic } from './synthetic.ts';

/** The best trial as a group snapshot gives it (the engine chooses it; the component shows it). */
function bestOf(trials: readonly TrialRecord[], metric: MetricSpec): BestTrial {
  const t = bestTrial(trials, metric)!;
  return { trial: t.number, params: t.params, metric: metric.name, value: t.metrics[metric.name]!.last };
}

const VAL_LOSS: MetricSpec = { name: 'val_loss', optimization: 'minimize' };
const data = synthetic(30, 20);

type HpTag = 'hp-trials-table' | 'hp-learning-curves' | 'hp-history-chart' | 'hp-parallel-coordinates' | 'hp-best-params' | 'hp-group-status';

async function mount<K extends HpTag>(tag: K, props: Partial<HTMLElementTagNameMap[K]>): Promise<HTMLElementTagNameMap[K]> {
  const el = document.createElement(tag);
  Object.assign(el, props);
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);
const $$ = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];

/** Events of `type` heard on the document: proves they bubble and cross shadow roots. */
function listen<T>(type: string): T[] {
  const got: T[] = [];
  document.addEventListener(type, (e) => got.push((e as CustomEvent<T>).detail));
  return got;
}

/** Every button, input and textarea must have a name a screen reader (and getByRole) can use. */
function unnamedControls(el: Element): string[] {
  return $$(el, 'button, input, textarea, select').flatMap((c) => {
    const labelled = c.getAttribute('aria-label') || c.textContent?.trim() || (c as HTMLInputElement).labels?.[0]?.textContent?.trim();
    return labelled ? [] : [c.outerHTML.slice(0, 80)];
  });
}

function rowNumbers(el: Element): number[] {
  return $$(el, 'tbody tr').map((r) => Number(r.dataset.number));
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('trials table', () => {
  it('renders one row per trial and the columns: #, status, metric, other metrics, params, resource, backend, reason', async () => {
    const el = await mount('hp-trials-table', { trials: data.trials, metric: VAL_LOSS });
    expect(rowNumbers(el)).toEqual(data.trials.map((t) => t.number));
    const headers = $$(el, 'thead th').map((th) => th.textContent!.replace(/[▲▼\s]+/g, ' ').trim());
    expect(headers).toEqual(['#', 'status', 'val_loss ↓', 'accuracy', 'lr', 'batch_size', 'optimizer', 'units', 'resource', 'backend', 'reason']);
    const failed = data.trials.find((t) => t.status === 'failed')!;
    const row = $(el, `tr[data-number="${failed.number}"]`)!;
    expect(row.querySelector('td.reason')!.textContent).toContain('diverged');
    expect($(el, 'tr[data-number="2"] td.reason')!.textContent).toContain('promoted to rung 1');
    expect($(el, 'tr[data-number="12"] td.reason')!.textContent).toBe('promoted from trial 2');
    expect(unnamedControls(el)).toEqual([]);
  });

  it('leaves out resource, backend and reason when no trial has one', async () => {
    const plain = data.trials.map(({ resource: _r, backend: _b, message: _m, events: _e, parent: _p, ...t }) => ({ ...t, status: 'succeeded' as const }));
    const el = await mount('hp-trials-table', { trials: plain, metric: VAL_LOSS });
    const headers = $$(el, 'thead th').map((th) => th.textContent!.replace(/[▲▼\s]+/g, ' ').trim());
    expect(headers).toEqual(['#', 'status', 'val_loss ↓', 'accuracy', 'lr', 'batch_size', 'optimizer', 'units']);
  });

  it('sorts by a header click, toggles on the second, marks aria-sort, and sorts from the keyboard', async () => {
    const el = await mount('hp-trials-table', { trials: data.trials, metric: VAL_LOSS });
    const header = () => $(el, 'th button[data-column="metric:val_loss"]')!;
    header().click();
    await el.updateComplete;
    const byLoss = [...data.trials].sort((a, b) => a.metrics.val_loss!.last - b.metrics.val_loss!.last).map((t) => t.number);
    expect(rowNumbers(el)).toEqual(byLoss);
    expect(header().closest('th')!.getAttribute('aria-sort')).toBe('ascending');
    expect($$(el, 'th[aria-sort]')).toHaveLength(1);
    header().click();
    await el.updateComplete;
    expect(rowNumbers(el)).toEqual([...byLoss].reverse());
    expect(header().closest('th')!.getAttribute('aria-sort')).toBe('descending');

    const optimizer = $(el, 'th button[data-column="param:optimizer"]')!;
    optimizer.focus();
    await userEvent.keyboard('{Enter}');
    await el.updateComplete;
    expect(optimizer.closest('th')!.getAttribute('aria-sort')).toBe('ascending');
    const names = rowNumbers(el).map((n) => data.trials[n]!.params.optimizer as string);
    expect(names).toEqual([...names].sort());
  });

  it('sorts a maximized metric best first on the first click', async () => {
    const el = await mount('hp-trials-table', { trials: data.trials, metric: { name: 'accuracy', optimization: 'maximize' } });
    $(el, 'th button[data-column="metric:accuracy"]')!.click();
    await el.updateComplete;
    const acc = rowNumbers(el).map((n) => data.trials[n]!.metrics.accuracy!.last);
    expect(acc).toEqual([...acc].sort((a, b) => b - a));
  });

  it('filters by status and param text (every word must match)', async () => {
    const el = await mount('hp-trials-table', { trials: data.trials, metric: VAL_LOSS });
    const input = $(el, 'input[type="search"]') as HTMLInputElement;
    expect(input.getAttribute('aria-label')).toMatch(/filter/i);
    const filter = async (q: string) => {
      input.value = q;
      input.dispatchEvent(new Event('input'));
      await el.updateComplete;
      return rowNumbers(el);
    };
    expect(await filter('running')).toEqual(data.trials.filter((t) => t.status === 'running').map((t) => t.number));
    expect(await filter('optimizer=sgd')).toEqual(data.trials.filter((t) => t.params.optimizer === 'sgd').map((t) => t.number));
    expect(await filter('SUCCEEDED batch_size=64')).toEqual(
      data.trials.filter((t) => t.status === 'succeeded' && t.params.batch_size === 64).map((t) => t.number),
    );
    expect(await filter('no-such-thing')).toEqual([]);
    expect($(el, '.none')!.textContent).toContain('No trial matches');
    expect(await filter('')).toHaveLength(30);
  });

  it('emits hp-trial-select with the number on a row click and on Enter on the trial button', async () => {
    const got = listen<TrialSelectDetail>('hp-trial-select');
    const el = await mount('hp-trials-table', { trials: data.trials, metric: VAL_LOSS });
    $(el, 'tr[data-number="4"] td.reason')!.click();
    const button = $(el, 'tr[data-number="9"] button.trial')!;
    expect(button.getAttribute('aria-label')).toBe('Select trial 9');
    button.focus();
    await userEvent.keyboard('{Enter}');
    expect(got).toEqual([{ number: 4 }, { number: 9 }]);
    el.selected = 9;
    await el.updateComplete;
    expect($(el, 'tr.selected')!.dataset.number).toBe('9');
    expect(button.getAttribute('aria-pressed')).toBe('true');
  });

  it('pages 1,000 trials 50 rows at a time (render time printed)', async () => {
    const big = synthetic(1000, 3, 7);
    const t0 = performance.now();
    const el = await mount('hp-trials-table', { trials: big.trials, metric: VAL_LOSS });
    void el.offsetHeight; // include style and layout
    const first = performance.now() - t0;
    expect(rowNumbers(el)).toEqual(big.trials.slice(0, 50).map((t) => t.number));
    const next = $(el, 'button[aria-label="Next page"]')!;
    next.click();
    await el.updateComplete;
    expect(rowNumbers(el)[0]).toBe(50);
    expect($(el, '.pager')!.textContent).toContain('Rows 51–100 of 1000');
    // Engine updates: one trial changed each time, a new array of snapshots.
    const updates: number[] = [];
    let trials = big.trials;
    for (let k = 0; k < 7; k++) {
      trials = trials.map((t) => (t.number === 50 + k ? { ...t, status: 'succeeded' as const, step: 3 } : t));
      const t1 = performance.now();
      el.trials = trials;
      await el.updateComplete;
      void el.offsetHeight;
      updates.push(performance.now() - t1);
    }
    const t2 = performance.now();
    $(el, 'th button[data-column="metric:val_loss"]')!.click();
    await el.updateComplete;
    void el.offsetHeight;
    const sort = performance.now() - t2;
    updates.sort((a, b) => a - b);
    console.log(
      `[hp-trials-table] 1000 trials: first render ${first.toFixed(1)} ms (cold), update median ${updates[3]!.toFixed(1)} ms / max ${updates[6]!.toFixed(1)} ms, sort ${sort.toFixed(1)} ms`,
    );
    expect($(el, 'th[aria-sort]')!.querySelector('button')!.dataset.column).toBe('metric:val_loss');
  });
});

describe('learning curves', () => {
  it('draws one path per trial over the steps, running trials in their own class, the highlight on top', async () => {
    const el = await mount('hp-learning-curves', { reports: data.reports, metric: 'val_loss', trials: data.trials, highlight: 5 });
    const paths = $$(el, 'path.curve');
    expect(paths).toHaveLength(30);
    const running = data.trials.filter((t) => t.status === 'running').map((t) => t.number);
    expect($$(el, 'path.curve.running').map((p) => Number(p.dataset.trial)).sort((a, b) => a - b)).toEqual(running);
    expect($$(el, 'circle.head')).toHaveLength(running.length);
    expect(paths[paths.length - 1]!.dataset.trial).toBe('5');
    expect(paths[paths.length - 1]!.classList.contains('highlight')).toBe(true);
    // A running trial's path has as many vertices as it has reports (10 of 20).
    const r = $(el, `path.curve[data-trial="${running[0]}"]`)!;
    expect(r.getAttribute('d')!.match(/[ML]/g)).toHaveLength(10);
    expect($$(el, '.axis.x text').some((t) => t.textContent === 'step')).toBe(true);
    expect($$(el, '.axis.y text').length).toBeGreaterThan(3);
    expect($(el, 'svg')!.getAttribute('aria-label')).toContain(`30 trials, ${running.length} running`);
    expect(unnamedControls(el)).toEqual([]);
  });

  it('takes a map of trial → reports, and a log-scale toggle when all values are positive', async () => {
    const map = new Map<number, typeof data.reports>();
    for (const r of data.reports.filter((r) => r.trial < 4)) map.set(r.trial, [...(map.get(r.trial) ?? []), r]);
    const el = await mount('hp-learning-curves', { reports: map, metric: 'val_loss' });
    expect($$(el, 'path.curve')).toHaveLength(4);
    expect($$(el, 'path.curve.running')).toHaveLength(0);
    const toggle = $(el, 'input[type="checkbox"]') as HTMLInputElement;
    expect(toggle.disabled).toBe(false);
    const before = $(el, 'path.curve')!.getAttribute('d');
    toggle.click();
    await el.updateComplete;
    expect($(el, 'path.curve')!.getAttribute('d')).not.toBe(before);
    expect(toggle.checked).toBe(true);
  });

  it('says each trial reports once instead of drawing an empty frame; running single points still draw', async () => {
    const once = data.reports.filter((r) => r.step === 1);
    const finished = data.trials.map((t) => ({ ...t, status: 'succeeded' as const }));
    const el = await mount('hp-learning-curves', { reports: once, metric: 'val_loss', trials: finished });
    expect($(el, 'svg')).toBeNull();
    expect($(el, '.empty')!.textContent).toContain('Each trial reports val_loss once');
    el.trials = data.trials.map((t) => ({ ...t, status: 'running' as const }));
    await el.updateComplete;
    expect($$(el, 'circle.head')).toHaveLength(30);
  });

  it('paints finished curves incrementally above DENSE: a trial ending strokes one line, not all', async () => {
    const big = synthetic(300, 10, 5);
    const map = new Map<number, typeof big.reports>();
    for (const r of big.reports) map.set(r.trial, [...(map.get(r.trial) ?? []), r]);
    const el = await mount('hp-learning-curves', { reports: map, metric: 'val_loss', trials: big.trials });
    const running = big.trials.filter((t) => t.status === 'running');
    expect($(el, 'canvas.dense')!.dataset.marks).toBe(String(300 - running.length));
    // A running trial ends without a new report: it moves from the top canvas to the base one.
    const stroke = vi.spyOn(CanvasRenderingContext2D.prototype, 'stroke');
    el.trials = big.trials.map((t) => (t === running[0] ? { ...t, status: 'succeeded' as const } : t));
    await el.updateComplete;
    expect($(el, 'canvas.dense')!.dataset.marks).toBe(String(301 - running.length));
    // One stroke on the base canvas plus the remaining running curves redrawn on the top one.
    expect(stroke).toHaveBeenCalledTimes(1 + running.length - 1);
    stroke.mockRestore();
    // The log scale reprojects every curve (a·ln v + b): a whole repaint with the same marks.
    const moveTo = vi.spyOn(CanvasRenderingContext2D.prototype, 'moveTo');
    ($(el, 'input[type="checkbox"]') as HTMLInputElement).click();
    await el.updateComplete;
    await expect.poll(() => moveTo.mock.calls.length).toBeGreaterThanOrEqual(300);
    const ys = moveTo.mock.calls.map((c) => c[1]);
    expect(ys.every((y) => Number.isFinite(y) && y >= FRAME.top - 1 && y <= FRAME.height - FRAME.bottom + 1)).toBe(true);
    moveTo.mockRestore();
  });

  it('reads out the point under the pointer and selects its trial on a click', async () => {
    const got = listen<TrialSelectDetail>('hp-trial-select');
    const el = await mount('hp-learning-curves', { reports: data.reports, metric: 'val_loss', trials: data.trials });
    const svgEl = $(el, 'svg') as unknown as SVGSVGElement;
    // Trial 4's last report, in client coordinates through the SVG's own transform.
    const pts = data.reports.filter((r) => r.trial === 4);
    const path = $(el, 'path.curve[data-trial="4"]')!.getAttribute('d')!;
    const [vx, vy] = path.split(/[ML]/).filter(Boolean).at(-1)!.split(',').map(Number) as [number, number];
    const c = new DOMPoint(vx, vy).matrixTransform(svgEl.getScreenCTM()!);
    svgEl.dispatchEvent(new PointerEvent('pointermove', { clientX: c.x, clientY: c.y, bubbles: true }));
    await el.updateComplete;
    expect($(el, '.hover')!.textContent).toContain(`trial 4: ${formatNumber(pts.at(-1)!.values.val_loss!)} at step ${pts.at(-1)!.step}`);
    svgEl.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(got).toEqual([{ number: 4 }]);
    svgEl.dispatchEvent(new PointerEvent('pointerleave'));
    await el.updateComplete;
    expect($(el, '.hover')).toBeNull();
  });

  it('says so when no report carries the metric', async () => {
    const el = await mount('hp-learning-curves', { reports: data.reports, metric: 'nope' });
    expect($(el, 'svg')).toBeNull();
    expect($(el, '.empty')!.textContent).toContain('nope');
  });
});

describe('optimization history', () => {
  const t = (number: number, v: number, status: TrialRecord['status'] = 'succeeded'): TrialRecord => ({
    groupId: 'g', number, params: {}, status, seed: 0, createdAt: 0, metrics: { m: { last: v, min: v, max: v, count: 1 } },
  });
  const trials = [t(0, 5), t(1, 3), t(2, 4), t(3, 0, 'running'), t(4, 1), t(5, 2)];

  it('keeps the best so far in the metric direction, finished trials only, in trial order', () => {
    expect(historyPoints(trials, { name: 'm', optimization: 'minimize' }).map((p) => [p.trial, p.best])).toEqual([[0, 5], [1, 3], [2, 3], [4, 1], [5, 1]]);
    expect(historyPoints([...trials].reverse(), { name: 'm', optimization: 'maximize' }).map((p) => p.best)).toEqual([5, 5, 5, 5, 5]);
  });

  it('draws a dot per finished trial and one step line', async () => {
    const el = await mount('hp-history-chart', { trials: data.trials, metric: VAL_LOSS });
    const finished = data.trials.filter((t) => t.status !== 'running');
    expect($$(el, 'circle.trial')).toHaveLength(finished.length);
    expect($$(el, 'path.best')).toHaveLength(1);
    // Improvements are marked: the first dot, then each new minimum.
    let best = Infinity;
    const improved = finished.filter((t) => (t.metrics.val_loss!.last < best ? ((best = t.metrics.val_loss!.last), true) : false)).map((t) => t.number);
    expect($$(el, 'circle.improved').map((c) => Number(c.dataset.trial))).toEqual(improved);
    expect($(el, 'svg')!.getAttribute('aria-label')).toContain('(minimize)');
    expect($$(el, '.axis.y .title').map((t) => t.textContent)).toEqual(['val_loss']);
  });

  it('puts the metric on a log scale when it is positive and spans over two decades', async () => {
    const el = await mount('hp-history-chart', { trials: [t(0, 300), t(1, 52), t(2, 0.4), t(3, 8)], metric: { name: 'm', optimization: 'minimize' } });
    expect($$(el, '.axis.y .title').map((t) => t.textContent)).toEqual(['m (log)']);
    expect($$(el, '.axis.y text:not(.title)').map((t) => t.textContent)).toContain('100');
  });
});

describe('parallel coordinates', () => {
  it('has an axis per param plus the metric, log for lr (its loguniform option), point for optimizer, one line per trial', async () => {
    const matrix = [{ name: 'lr', option: { kind: 'loguniform' as const, low: -9, high: -2 } }];
    const el = await mount('hp-parallel-coordinates', { trials: data.trials, metric: VAL_LOSS, matrix });
    const kinds = Object.fromEntries($$(el, 'g.axis').map((g) => [g.dataset.axis, g.dataset.kind]));
    expect(kinds).toEqual({ lr: 'log', batch_size: 'linear', optimizer: 'point', units: 'linear', val_loss: 'linear' });
    expect($$(el, 'path.trial')).toHaveLength(30);
    expect($$(el, 'path.trial.best')).toHaveLength(1);
    const best = [...data.trials].sort((a, b) => a.metrics.val_loss!.last - b.metrics.val_loss!.last)[0]!;
    expect($(el, 'path.trial.best')!.dataset.trial).toBe(String(best.number));
    expect($$(el, 'g.axis[data-axis="optimizer"] text.tick').map((t) => t.textContent)).toEqual(['adam', 'rmsprop', 'sgd']);
    // Colour comes from the theme through color-mix, so it follows the colour scheme.
    expect($(el, 'path.trial')!.getAttribute('style')).toContain('color-mix');
    expect($(el, '.fixed')).toBeNull();
  });

  it('lists params that are the same in every trial instead of drawing flat axes', async () => {
    const trials = data.trials.map((t) => ({ ...t, params: { ...t.params, epochs: 15, activation: 'relu' } }));
    const el = await mount('hp-parallel-coordinates', { trials, metric: VAL_LOSS });
    expect($$(el, 'g.axis').map((g) => g.dataset.axis)).toEqual(['lr', 'batch_size', 'optimizer', 'units', 'val_loss']);
    expect($(el, '.fixed')!.textContent!.replace(/\s+/g, ' ')).toContain('epochs=15, activation=relu');
    expect($(el, 'svg')!.getAttribute('aria-label')).toContain('fixed: epochs=15, activation=relu');
  });

  it('puts axis titles on two alternating rows when one row would overlap, full names in titles', async () => {
    // Seven axes over 520 units: 87 apart, too close for "learning_rate" beside "units" on one row.
    const keys = ['learning_rate', 'units', 'layers', 'activation', 'epochs', 'batch_size', 'val_loss'];
    expect(titleLayout(keys, 520 / 6).map((t) => t.row)).toEqual([0, 1, 0, 1, 0, 1, 0]);
    expect(titleLayout(keys, 520 / 6).map((t) => t.text)).toEqual(keys);
    expect(titleLayout(keys.slice(0, 3), 260).every((t) => t.row === 1)).toBe(true);
    expect(titleLayout(['a_very_long_parameter_name_indeed', 'b'], 60)[0]!.text).toMatch(/…$/);
    const trials = data.trials.map((t) => ({ ...t, params: { learning_rate: t.params.lr!, units: t.params.units!, layers: t.number % 3, activation: t.params.optimizer!, epochs: t.number % 4, batch_size: t.params.batch_size! } }));
    const el = await mount('hp-parallel-coordinates', { trials, metric: VAL_LOSS });
    const boxes = $$(el, 'g.axis text.title').map((t) => (t as unknown as SVGGraphicsElement).getBBox());
    for (let i = 0; i + 1 < boxes.length; i++) {
      const [a, b] = [boxes[i]!, boxes[i + 1]!];
      const overlap = a.x + a.width > b.x && Math.abs(a.y - b.y) < a.height;
      expect(overlap, `titles ${i} and ${i + 1} overlap`).toBe(false);
    }
  });

  it('paints above DENSE trials on a canvas, and a trial ending strokes one more line only', async () => {
    const big = synthetic(300, 3, 9);
    const done = big.trials.filter((t) => t.status !== 'running');
    const el = await mount('hp-parallel-coordinates', { trials: done, metric: VAL_LOSS });
    expect($(el, 'canvas.dense')!.dataset.marks).toBe(String(done.length - 1));
    expect($$(el, 'path.trial.best')).toHaveLength(1);
    const ended = big.trials.find((t) => t.status === 'running')!;
    const values = done.map((t) => t.metrics.val_loss!.last);
    const mid = (Math.min(...values) + Math.max(...values)) / 2;
    const stroke = vi.spyOn(CanvasRenderingContext2D.prototype, 'stroke');
    el.trials = [...done, { ...ended, status: 'succeeded', params: done[0]!.params, metrics: { val_loss: { last: mid, min: mid, max: mid, count: 3 } } }];
    await el.updateComplete;
    expect($(el, 'canvas.dense')!.dataset.marks).toBe(String(done.length));
    expect(stroke).toHaveBeenCalledTimes(1);
    stroke.mockRestore();
  });
});

describe('best params', () => {
  let written: string[];
  beforeEach(() => {
    written = [];
    vi.spyOn(navigator.clipboard, 'writeText').mockImplementation(async (text: string) => {
      written.push(text);
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('shows the best trial and copies its params as YAML and JSON, emitting hp-copied', async () => {
    const got = listen<CopiedDetail>('hp-copied');
    const el = await mount('hp-best-params', { best: bestOf(data.trials, VAL_LOSS), trials: data.trials, metric: VAL_LOSS });
    const best = [...data.trials].sort((a, b) => a.metrics.val_loss!.last - b.metrics.val_loss!.last)[0]!;
    expect($(el, 'header')!.textContent).toContain(`#${best.number}`);
    expect($$(el, 'dt').map((d) => d.textContent)).toEqual(['lr', 'batch_size', 'optimizer', 'units']);
    const [yamlButton, jsonButton] = $$(el, 'button');
    expect(yamlButton!.textContent!.trim()).toBe('Copy as YAML');
    yamlButton!.click();
    await vi.waitFor(() => expect(got).toHaveLength(1));
    jsonButton!.click();
    await vi.waitFor(() => expect(got).toHaveLength(2));
    expect(got.map((g) => [g.format, g.ok])).toEqual([['yaml', true], ['json', true]]);
    expect(written).toEqual([got[0]!.text, got[1]!.text]);
    expect(parseYaml(got[0]!.text)).toEqual(best.params);
    expect(got[0]!.text).toBe(
      `lr: ${String(best.params.lr).replace(/e-(\d)$/, '.0e-$1')}\nbatch_size: ${best.params.batch_size}\noptimizer: ${best.params.optimizer}\nunits: ${best.params.units}\n`,
    );
    expect(JSON.parse(got[1]!.text)).toEqual(best.params);
    await el.updateComplete;
    expect($(el, '[role="status"]')!.textContent).toContain('Copied as JSON');
  });

  it('quotes strings YAML would read as other types and keeps floats floats in YAML 1.1 and 1.2', async () => {
    const params = { act: 'yes', n: 'null', s: '0.5', odd: 'a: b', tiny: 1e-7, big: 1e21, list: [1, 'x y'], nested: { k: true }, none: null };
    const trial: TrialRecord = { groupId: 'g', number: 0, params, status: 'succeeded', seed: 0, createdAt: 0, metrics: { m: { last: 1, min: 1, max: 1, count: 1 } } };
    const el = await mount('hp-best-params', { best: bestOf([trial], { name: 'm', optimization: 'minimize' }), trials: [trial], metric: { name: 'm', optimization: 'minimize' } });
    const text = el.textFor('yaml');
    // `n` reads as a boolean in YAML 1.1 even as a key, so it is quoted as well.
    expect(text).toBe('act: "yes"\n"n": "null"\ns: "0.5"\nodd: "a: b"\ntiny: 1.0e-7\nbig: 1.0e+21\nlist: [1, "x y"]\nnested: {k: true}\nnone: null\n');
    expect(parseYaml(text)).toEqual(params);
  });

  it('falls back when the clipboard API refuses, and offers the text to select', async () => {
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new DOMException('denied', 'NotAllowedError'));
    const got = listen<CopiedDetail>('hp-copied');
    const el = await mount('hp-best-params', { best: bestOf(data.trials, VAL_LOSS), trials: data.trials, metric: VAL_LOSS });
    $$(el, 'button')[1]!.click();
    await vi.waitFor(() => expect(got).toHaveLength(1));
    await el.updateComplete;
    expect(got[0]!.format).toBe('json');
    // execCommand may or may not reach a clipboard in headless Chromium; either way the user is told.
    if (got[0]!.ok) expect($(el, '[role="status"]')!.textContent).toContain('Copied');
    else expect(($(el, 'textarea') as HTMLTextAreaElement).value).toBe(got[0]!.text);
  });
});

describe('group status', () => {
  const cases: [GroupStatus, string[]][] = [
    ['created', ['start']],
    ['running', ['pause', 'stop', 'stop-pending']],
    ['paused', ['resume', 'stop']],
    ['stopping', []],
    ['stopped', ['resume']],
    ['done', []],
    ['failed', []],
  ];

  it.each(cases)('%s enables %j', async (status, enabled) => {
    expect([...enabledCommands(status)].sort()).toEqual([...enabled].sort());
    const el = await mount('hp-group-status', { status });
    const on = $$(el, 'button').filter((b) => !(b as HTMLButtonElement).disabled).map((b) => b.dataset.command);
    expect(on.sort()).toEqual([...enabled].sort());
    expect(unnamedControls(el)).toEqual([]);
  });

  it('enables only moves the engine allows (canMoveGroup, docs/hptuning.md, "Group statuses")', () => {
    const target = { start: 'running', resume: 'running', pause: 'paused', stop: 'stopping', 'stop-pending': 'running', 'continue-anyway': 'running' } as const;
    for (const [status] of cases)
      for (const command of enabledCommands(status)) {
        // stop-pending leaves the group running (docs/differences.md, "Stop pending lets running trials finish"): it needs a running group.
        if (command === 'stop-pending') expect(status).toBe('running');
        else expect(canMoveGroup(status, target[command]), `${status} → ${command}`).toBe(true);
      }
  });

  it('emits hp-command for each enabled control, from a click and from the keyboard', async () => {
    const got = listen<CommandDetail>('hp-command');
    const el = await mount('hp-group-status', { status: 'running' });
    $(el, 'button[data-command="pause"]')!.click();
    $(el, 'button[data-command="start"]')!.click(); // disabled: nothing
    $(el, 'button[data-command="stop-pending"]')!.focus();
    await userEvent.keyboard('{Enter}');
    expect(got).toEqual([{ command: 'pause' }, { command: 'stop-pending' }]);
  });

  it('shows progress with aria values, elapsed and the remaining estimate', async () => {
    const progress = { done: 10, running: 2, planned: 30, elapsedMs: 60_000, remainingMs: 120_000, estimateNote: 'From 10 finished trials.' };
    const el = await mount('hp-group-status', { status: 'running', progress });
    const bar = $(el, '[role="progressbar"]')!;
    expect([bar.getAttribute('aria-valuemin'), bar.getAttribute('aria-valuemax'), bar.getAttribute('aria-valuenow')]).toEqual(['0', '30', '10']);
    expect(bar.getAttribute('aria-valuetext')).toBe('10 of 30 trials');
    expect(bar.getAttribute('aria-label')).toBe('Trials done');
    const text = () => $(el, '.progress')!.textContent!.replace(/\s+/g, ' ');
    expect(text()).toContain('elapsed 1m 00s');
    expect(text()).toContain('about 2m 00s left');
    el.since = 30_000;
    await el.updateComplete;
    expect(text()).toContain('elapsed 1m 30s');
    expect(text()).toContain('about 1m 30s left');
    el.progress = { ...progress, planned: undefined };
    await el.updateComplete;
    expect(bar.hasAttribute('aria-valuenow')).toBe(false);
    expect(bar.getAttribute('aria-valuetext')).toBe('10 trials');
  });

  it('says why a group ended, and offers "Continue anyway" instead of Resume after its threshold', async () => {
    const ended = { kind: 'threshold', message: 'Early stopping: trial 4 reached loss = 1 ≤ 1.5 (minimize)', trial: 4 } as const;
    const el = await mount('hp-group-status', { status: 'stopped', ended });
    expect($(el, '.message')!.textContent).toBe(ended.message);
    const on = $$(el, 'button').filter((b) => !(b as HTMLButtonElement).disabled);
    expect(on.map((b) => b.textContent!.trim())).toEqual(['Continue anyway']);
    const got = listen<CommandDetail>('hp-command');
    (on[0] as HTMLButtonElement).click();
    expect(got).toEqual([{ command: 'continue-anyway' }]);
    el.ended = { kind: 'user-stop', message: 'Stopped by user' };
    await el.updateComplete;
    expect($$(el, 'button').filter((b) => !(b as HTMLButtonElement).disabled).map((b) => b.textContent!.trim())).toEqual(['Resume']);
  });

  it('announces status changes in a polite live region', async () => {
    const el = await mount('hp-group-status', { status: 'running' });
    const live = $(el, '[aria-live="polite"]')!;
    expect(live.textContent!.replace(/\s+/g, ' ').trim()).toBe('Group status: running');
    el.status = 'stopping';
    await el.updateComplete;
    expect(live.textContent!.replace(/\s+/g, ' ').trim()).toBe('Group status: stopping');
  });
});

describe('1,000 trials', () => {
  it('renders every chart with 1,000 trials × 20 reports and times an update (printed, not asserted)', async () => {
    const big = synthetic(1000, 20, 3);
    const lines: string[] = [];
    const time = async (tag: HpTag, props: Record<string, unknown>, update: () => Record<string, unknown>) => {
      const t0 = performance.now();
      const el = await mount(tag, props as never);
      void el.offsetHeight;
      const first = performance.now() - t0;
      const runs: number[] = [];
      for (let k = 0; k < 5; k++) {
        const t1 = performance.now();
        Object.assign(el, update());
        await el.updateComplete;
        void el.offsetHeight;
        runs.push(performance.now() - t1);
      }
      runs.sort((a, b) => a - b);
      lines.push(`${tag}: first ${first.toFixed(0)} ms, update median ${runs[2]!.toFixed(0)} ms (max ${runs[4]!.toFixed(0)})`);
      return el;
    };
    // Each update is what the engine pushes after one report: new arrays, one trial changed.
    let n = 0;
    const nextTrials = () => big.trials.map((t) => (t.number === n ? { ...t, step: (t.step ?? 0) + 1 } : t));
    const nextReports = () => [...big.reports, { groupId: 'g', trial: 3, step: 11 + n++, values: { val_loss: 0.5, accuracy: 0.8 }, time: 0 }];
    const curves = await time('hp-learning-curves', { reports: big.reports, metric: 'val_loss', trials: big.trials }, () => ({ reports: nextReports(), trials: nextTrials() }));
    // Above DENSE (150) curves, the lines are painted on the canvas under the SVG.
    // finished curves on the base canvas, running ones with their heads on the top canvas.
    const nRunning = big.trials.filter((t) => t.status === 'running').length;
    expect($(curves, 'canvas.dense')!.dataset.marks).toBe(String(1000 - nRunning));
    expect($(curves, 'canvas.dense-top')!.dataset.marks).toBe(String(2 * nRunning));
    expect($$(curves, 'path.curve')).toHaveLength(0);
    await time('hp-history-chart', { trials: big.trials, metric: VAL_LOSS }, () => ({ trials: nextTrials() }));
    const pc = await time('hp-parallel-coordinates', { trials: big.trials, metric: VAL_LOSS }, () => ({ trials: nextTrials() }));
    expect($(pc, 'canvas.dense')!.dataset.marks).toBe('999');
    expect($$(pc, 'path.trial.best')).toHaveLength(1);
    await time('hp-best-params', { best: bestOf(big.trials, VAL_LOSS), trials: big.trials, metric: VAL_LOSS }, () => ({ trials: nextTrials() }));
    await time('hp-trials-table', { trials: big.trials, metric: VAL_LOSS }, () => ({ trials: nextTrials() }));
    console.log(lines.join('\n'));
  });
});
