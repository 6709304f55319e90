/**
 * `<hp-learning-curves>`: one line per trial of a metric over its report steps
 * (live learning curves of running and finished trials). Running trials are
 * drawn in the running colour, finished ones muted, the highlighted trial on top.
 * Above DENSE curves all but the highlighted one are painted on a canvas (dense-layer.ts).
 */
import { LitElement, css, html, nothing, svg, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3-scale';
import { line } from 'd3-shape';
import type { MetricReport, StoredReport, TrialRecord } from '../../engine/index.ts';
import { chartStyles, theme } from './theme.ts';
import { lineOpacity } from './density.ts';
import { FRAME, bottomAxis, continuousTicks, gridLines, leftAxis } from './axis.ts';
import { DENSE, DenseLayer } from './dense-layer.ts';
import { emit } from './events.ts';
import { formatNumber } from './format.ts';

type Point = readonly [step: number, value: number];

interface Curve {
  readonly trial: number;
  readonly points: readonly Point[];
  readonly running: boolean;
}

/** Reports of the whole group, or already grouped by trial number. */
export type ReportsInput = readonly StoredReport[] | ReadonlyMap<number, readonly MetricReport[]>;

/** Each trial's finite values of `metric`, in report order, by trial number. */
export function curvePoints(reports: ReportsInput, metric: string): Map<number, Point[]> {
  const out = new Map<number, Point[]>();
  const add = (trial: number, r: MetricReport) => {
    const v = r.values[metric];
    if (v === undefined || !Number.isFinite(v)) return;
    let pts = out.get(trial);
    if (!pts) out.set(trial, (pts = []));
    pts.push([r.step, v]);
  };
  if (reports instanceof Map) for (const [trial, rs] of reports) for (const r of rs) add(trial, r);
  else for (const r of reports as readonly StoredReport[]) add(r.trial, r);
  return out;
}

@customElement('hp-learning-curves')
export class HpLearningCurves extends LitElement {
  static override styles = [
    theme,
    chartStyles,
    css`
      path.curve {
        fill: none;
        stroke-linejoin: round;
        stroke-linecap: round;
      }
      path.finished {
        stroke: var(--_finished);
        stroke-width: 1.2;
        stroke-opacity: var(--_finished-opacity, 0.6);
      }
      path.running {
        stroke: var(--_running);
        stroke-width: 2;
        stroke-opacity: var(--_running-opacity, 1);
      }
      path.highlight {
        stroke: var(--_highlight);
        stroke-width: 3;
        stroke-opacity: 1;
      }
      circle.head {
        fill: var(--_running);
      }
      .hover {
        position: absolute;
        top: 0;
        right: 16px;
        padding: 1px 6px;
        font-size: 12px;
        color: var(--_fg);
        background: var(--_bg);
        border: 1px solid var(--_border);
        border-radius: 4px;
        pointer-events: none;
      }
      svg {
        cursor: crosshair;
      }
      label {
        display: inline-flex;
        gap: 4px;
        align-items: center;
      }
    `,
  ];

  /** Every report of the group (or a map of trial number → its reports). */
  @property({ attribute: false }) reports: ReportsInput = [];
  /** The metric to plot. */
  @property() metric = '';
  /** The trial drawn on top in the highlight colour. */
  @property({ type: Number }) highlight?: number;
  /** Trial snapshots, to tell running trials from finished ones. */
  @property({ attribute: false }) trials: readonly TrialRecord[] = [];

  @state() private _log = false;
  /** The point under the pointer: a canvas line has no tooltip of its own (dense-layer.ts). */
  @state() private _hover?: { readonly trial: number; readonly step: number; readonly value: number };
  private _scales?: { readonly x: (s: number) => number; readonly y: (v: number) => number };

  private _curves: Curve[] = [];
  private readonly _dense = new DenseLayer(this, FRAME.width, FRAME.height);
  private _projected = new Map<number, { readonly points: number; readonly last: Point; readonly flat: number[] }>();
  private _projectedScales = '';
  private _pointsCache = new Map<number, { readonly list: readonly MetricReport[]; readonly length: number; readonly points: Point[] }>();
  private _pointsMetric = '';

  /**
   * curvePoints, reusing a trial's points while its report list is the same array with the
   * same length (the group view appends to each trial's list): one report re-reads one list.
   */
  private _points(): Map<number, Point[]> {
    const reports = this.reports;
    if (!(reports instanceof Map) || this.metric !== this._pointsMetric) {
      this._pointsCache.clear();
      this._pointsMetric = this.metric;
    }
    if (!(reports instanceof Map)) return curvePoints(reports, this.metric);
    const out = new Map<number, Point[]>();
    for (const [trial, list] of reports) {
      const hit = this._pointsCache.get(trial);
      const points = hit && hit.list === list && hit.length === list.length ? hit.points : curvePoints(new Map([[trial, list]]), this.metric).get(trial) ?? [];
      this._pointsCache.set(trial, { list, length: list.length, points });
      if (points.length) out.set(trial, points);
    }
    return out;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('reports') || changed.has('metric') || changed.has('trials') || changed.has('highlight')) {
      const running = new Set(this.trials.filter((t) => t.status === 'running').map((t) => t.number));
      const curves = [...this._points()].map(([trial, points]) => ({ trial, points, running: running.has(trial) }));
      // Painter's order: finished under running under the highlighted trial.
      const rank = (c: Curve) => (c.trial === this.highlight ? 2 : c.running ? 1 : 0);
      this._curves = curves.sort((a, b) => rank(a) - rank(b) || a.trial - b.trial);
    }
  }

  private readonly _onPointer = (e: PointerEvent): void => {
    const svgEl = e.currentTarget as SVGSVGElement;
    const m = svgEl.getScreenCTM();
    if (!m || !this._scales) return;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    this._hover = nearestPoint(this._curves, this._scales.x, this._scales.y, p.x, p.y);
  };

  /** A click on a point selects its trial, like a table row (the group view highlights it). */
  private readonly _onClick = (): void => {
    if (this._hover) emit(this, 'hp-trial-select', { number: this._hover.trial });
  };

  protected override render() {
    const curves = this._curves;
    this._dense.base = this._dense.top = [];
    if (curves.length === 0) return html`<p class="empty">No reports of ${this.metric || 'the metric'} yet.</p>`;
    // A trial that reports once (no stepping, e.g. an objective function) has no curve; once
    // finished trials show that, say so instead of drawing an empty frame.
    if (curves.every((c) => c.points.length < 2) && curves.some((c) => !c.running)) {
      return html`<p class="empty">Each trial reports ${this.metric} once, so there are no curves to draw: the optimization history shows every value.</p>`;
    }
    const f = FRAME;
    let minStep = Infinity, maxStep = -Infinity, minV = Infinity, maxV = -Infinity;
    // Indexed loops over the 10,000–20,000 points of 1,000 trials: no iterator or destructuring per point.
    for (const c of curves)
      for (let i = 0; i < c.points.length; i++) {
        const s = c.points[i]![0];
        const v = c.points[i]![1];
        if (s < minStep) minStep = s;
        if (s > maxStep) maxStep = s;
        if (v < minV) minV = v;
        if (v > maxV) maxV = v;
      }
    const canLog = minV > 0;
    const log = this._log && canLog;
    const x = scaleLinear().domain(minStep === maxStep ? [minStep - 1, maxStep + 1] : [minStep, maxStep]).range([f.left, f.width - f.right]);
    const y: ScaleContinuousNumeric<number, number> = (log ? scaleLog() : scaleLinear())
      .domain(minV === maxV ? (log ? [minV / 2, maxV * 2] : [minV - 1, maxV + 1]) : [minV, maxV])
      .range([f.height - f.bottom, f.top])
      .nice();
    const path = line<Point>((p) => x(p[0]), (p) => y(p[1])).digits(1);
    const yTicks = continuousTicks(y, 6, log);
    const nRunning = curves.filter((c) => c.running).length;
    const finishedOpacity = lineOpacity(curves.length - nRunning, 0.6, 30);
    const runningOpacity = lineOpacity(nRunning, 1, 12);
    const dense = curves.length > DENSE;
    if (dense) {
      // Every curve but the highlighted one goes to the canvas (see dense-layer.ts). Projected
      // curves are kept while the scales stay the same: reports only append, so a curve with
      // the same length and last point projects the same, and one report re-projects one curve.
      const scales = `${x.domain()}|${y.domain()}|${log}`;
      if (scales !== this._projectedScales) {
        this._projected.clear();
        this._projectedScales = scales;
      }
      // The scales as a·t + b (t = v, or ln v on the log scale): a whole reprojection after a
      // scale change is 20,000 multiply-adds, not 20,000 calls through d3's interpolators.
      const ax = x(1) - x(0);
      const bx = x(0);
      const [ay, by] = log ? [y(Math.E) - y(1), y(1)] : [y(1) - y(0), y(0)];
      const flat = (c: Curve): number[] => {
        const last = c.points[c.points.length - 1]!;
        const hit = this._projected.get(c.trial);
        if (hit && hit.points === c.points.length && hit.last[0] === last[0] && hit.last[1] === last[1]) return hit.flat;
        const out: number[] = new Array(c.points.length * 2);
        for (let i = 0; i < c.points.length; i++) {
          const p = c.points[i]!;
          out[2 * i] = ax * p[0] + bx;
          out[2 * i + 1] = log ? ay * Math.log(p[1]) + by : ay * p[1] + by;
        }
        this._projected.set(c.trial, { points: c.points.length, last, flat: out });
        return out;
      };
      const painted = curves.filter((c) => c.trial !== this.highlight);
      const finished = painted.filter((c) => !c.running);
      const running = painted.filter((c) => c.running);
      // Finished curves only grow in number: the base canvas paints the new ones on top.
      this._dense.scene = `${scales}|${finishedOpacity}`;
      this._dense.base = [{ color: (css) => css('--_finished'), alpha: Number(finishedOpacity), width: 1.2, lines: finished.map(flat) }];
      this._dense.top = [
        { color: (css) => css('--_running'), alpha: Number(runningOpacity), width: 2, lines: running.map(flat) },
        { color: (css) => css('--_running'), alpha: 1, radius: 3, dots: running.flatMap((c) => flat(c).slice(-2)) },
      ];
    }
    const drawn = dense ? curves.filter((c) => c.trial === this.highlight) : curves;
    this._scales = { x, y };
    const label = `Learning curves of ${this.metric}: ${curves.length} trials, ${nRunning} running, steps ${minStep} to ${maxStep}`;
    return html`
      <div class="toolbar">
        <span class="legend">
          <span><span class="swatch" style="background: var(--_running)"></span>running (${nRunning})</span>
          <span><span class="swatch" style="background: var(--_finished)"></span>finished</span>
          ${this.highlight !== undefined ? html`<span><span class="swatch" style="background: var(--_highlight)"></span>trial ${this.highlight}</span>` : nothing}
        </span>
        <label title=${canLog ? '' : 'Log scale needs positive values'}>
          <input type="checkbox" .checked=${log} ?disabled=${!canLog} @change=${(e: Event) => (this._log = (e.target as HTMLInputElement).checked)} />
          Log scale
        </label>
      </div>

      <div class="plot">
        ${dense ? html`<canvas class="dense" aria-hidden="true"></canvas><canvas class="dense-top" aria-hidden="true"></canvas>` : nothing}
        <svg viewBox="0 0 ${f.width} ${f.height}" role="img" aria-label=${label} @pointermove=${this._onPointer} @pointerleave=${() => (this._hover = undefined)} @click=${this._onClick}>
          ${gridLines(yTicks, f.left, f.width - f.right)}
          ${bottomAxis(continuousTicks(x, 8), f.height - f.bottom, f.left, f.width - f.right, 'step')}
          ${leftAxis(yTicks, f.left, f.top, f.height - f.bottom, this.metric)}
          <g class="curves" style="--_finished-opacity: ${finishedOpacity}; --_running-opacity: ${runningOpacity}">
            ${drawn.map((c) => {
              const cls = c.trial === this.highlight ? 'highlight' : c.running ? 'running' : 'finished';
              const last = c.points[c.points.length - 1]!;
              return svg`<path class="curve ${cls}" data-trial=${c.trial} d=${path(c.points) ?? ''}><title>trial ${c.trial}${c.running ? ' (running)' : ''}</title></path>
                ${c.running ? svg`<circle class="head" cx=${x(last[0])} cy=${y(last[1])} r="3"></circle>` : nothing}`;
            })}
          </g>
        </svg>
        ${this._hover
          ? html`<div class="hover" aria-hidden="true">trial ${this._hover.trial}: ${formatNumber(this._hover.value)} at step ${this._hover.step} · click to select</div>`
          : nothing}
      </div>
    `;
  }
}

/** The nearest report point to (px, py) in viewBox units, within `radius`. */
export function nearestPoint(
  curves: readonly { readonly trial: number; readonly points: readonly Point[] }[],
  x: (s: number) => number,
  y: (v: number) => number,
  px: number,
  py: number,
  radius = 8,
): { trial: number; step: number; value: number } | undefined {
  let best: { trial: number; step: number; value: number } | undefined;
  let bestD = radius * radius;
  for (const c of curves)
    for (let i = 0; i < c.points.length; i++) {
      const s = c.points[i]![0];
      const v = c.points[i]![1];
      const d = (x(s) - px) ** 2 + (y(v) - py) ** 2;
      if (d <= bestD) [bestD, best] = [d, { trial: c.trial, step: s, value: v }];
    }
  return best;
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-learning-curves': HpLearningCurves;
  }
}
