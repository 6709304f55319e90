/**
 * `<hp-slice-plots>`: one small scatter per parameter, the metric against its values (as
 * Optuna Dashboard's slice plot), each on the parameter's own axis (param-axis.ts: log,
 * categorical or linear by its matrix option). The selected trial is ringed in every slice;
 * clicking a point selects its trial.
 */
import { css, html, svg, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3-scale';
import type { MetricSpec } from '../../engine/index.ts';
import { chartStyles, containedChart, theme } from './theme.ts';
import { OwnTaskElement } from './slices.ts';
import { axisKind, bottomAxis, continuousTicks, leftAxis } from './axis.ts';
import { columnScale, type AnalysisData } from './analysis-data.ts';
import { formatNumber, formatParam } from './format.ts';
import { emit } from './events.ts';

const W = 320;
const H = 210;
const M = { top: 8, right: 10, bottom: 40, left: 56 };

/** The metric's axis: log when its values are positive and span over two decades (as the history chart's). */
export function metricScale(values: Float64Array, a: number, b: number): { y: ScaleContinuousNumeric<number, number>; log: boolean } {
  const vals = Array.from(values);
  const log = axisKind(vals) === 'log';
  const lo = Math.min(...vals);
  const hi = Math.max(...vals);
  return { y: (log ? scaleLog() : scaleLinear()).domain(lo === hi ? [lo - 1, hi + 1] : [lo, hi]).range([a, b]).nice(), log };
}

/**
 * Dots as one path of circles: one SVG element per chart instead of one per trial, so a
 * group of 400 trials costs the page a few elements to diff, style and lay out, not 1,600.
 */
export function dotsPath(points: readonly { cx: number; cy: number }[], r: number): string {
  return points.map((p) => `M${p.cx - r} ${p.cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`).join('');
}

/**
 * A click handler for dots drawn as one path: the click, in the SVG's own units, selects the
 * trial of the nearest dot within `reach` units (`points(svg)` gives the dots and their trials).
 */
export function pickNearest(host: EventTarget, points: (svg: SVGSVGElement) => readonly { cx: number; cy: number; trial: number }[] | undefined, reach = 8): (e: MouseEvent) => void {
  return (e) => {
    const svg = (e.currentTarget as Element).closest('svg');
    const m = svg?.getScreenCTM();
    const pts = svg && points(svg);
    if (!svg || !m || !pts) return;
    const at = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    let best: number | undefined;
    let bestD = reach * reach;
    for (const p of pts) {
      const d = (p.cx - at.x) ** 2 + (p.cy - at.y) ** 2;
      if (d <= bestD) [best, bestD] = [p.trial, d];
    }
    if (best !== undefined) emit(host, 'hp-trial-select', { number: best });
  };
}

@customElement('hp-slice-plots')
export class HpSlicePlots extends OwnTaskElement {
  static override styles = [
    theme,
    chartStyles,
    containedChart,
    css`
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(19rem, 1fr));
        gap: 8px;
      }
      path.pt {
        fill: var(--_accent);
        fill-opacity: 0.55;
        cursor: pointer;
      }
      circle.sel {
        fill: none;
        stroke: var(--_highlight);
        stroke-width: 2.5;
      }
    `,
  ];

  @property({ attribute: false }) data?: AnalysisData;
  @property({ attribute: false }) metric?: MetricSpec;
  @property({ type: Number }) selected?: number;

  /** Each slice's points, kept until the data change (a new selection only moves the ring). */
  private _points: { cx: number; cy: number; trial: number }[][] = [];
  private _paths: string[] = [];

  protected override willUpdate(changed: PropertyValues): void {
    if (!changed.has('data')) return;
    const d = this.data;
    if (!d || d.trials.length === 0) return void (this._points = []);
    const { y } = metricScale(d.y, H - M.bottom, M.top);
    this._points = d.columns.map((c) => {
      const { pos } = columnScale(c, M.left, W - M.right);
      return d.trials.map((t, k) => ({ cx: Math.round(pos(t.params[c.name]!) * 10) / 10, cy: Math.round(y(d.y[k]!) * 10) / 10, trial: t.number }));
    });
    this._paths = this._points.map((pts) => dotsPath(pts, 3.5));
  }

  private readonly _pick = pickNearest(this, (svg) => this._points[Number(svg.getAttribute('data-index'))]);

  protected override render() {
    const d = this.data;
    const m = this.metric;
    if (!d || !m || d.trials.length === 0 || d.columns.length === 0) return html`<p class="empty">No finished trial with a varying parameter yet.</p>`;
    const { y, log } = metricScale(d.y, H - M.bottom, M.top);
    const yTicks = continuousTicks(y, 5, log);
    const sel = this.selected === undefined ? -1 : d.trials.findIndex((t) => t.number === this.selected);
    return html`<div class="grid">
      ${d.columns.map((c, i) => {
        const { ticks } = columnScale(c, M.left, W - M.right);
        const pts = this._points[i] ?? [];
        const best = d.trials.reduce((b, _, k) => ((m.optimization === 'maximize' ? d.y[k]! > d.y[b]! : d.y[k]! < d.y[b]!) ? k : b), 0);
        const label =
          `Slice of ${m.name} against ${c.name} (${c.kind} axis), ${d.trials.length} trials; best ${formatNumber(d.y[best]!)} at ${c.name} = ${formatParam(d.trials[best]!.params[c.name])}` +
          (sel >= 0 ? `; selected trial ${this.selected}: ${c.name} = ${formatParam(d.trials[sel]!.params[c.name])}, ${m.name} ${formatNumber(d.y[sel]!)}` : '');
        return html`<svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${label} data-param=${c.name} data-kind=${c.kind} data-index=${i} @click=${this._pick}>
          ${bottomAxis(ticks, H - M.bottom, M.left, W - M.right, `${c.name}${c.kind === 'log' ? ' (log)' : ''}`)}
          ${leftAxis(yTicks, M.left, M.top, H - M.bottom, m.name)}
          <path class="pt" d=${this._paths[i] ?? ''}></path>
          ${sel >= 0 && pts[sel] ? svg`<circle class="sel" data-trial=${this.selected} cx=${pts[sel].cx} cy=${pts[sel].cy} r="7"></circle>` : ''}
        </svg>`;
      })}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-slice-plots': HpSlicePlots;
  }
}
