/**
 * `<hp-learning-curves>`: one line per trial of a metric over its report steps
 * (issue 7: live learning curves of running and finished trials). Running trials are
 * drawn in the running colour, finished ones muted, the highlighted trial on top.
 */
import { LitElement, css, html, nothing, svg, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3-scale';
import { line } from 'd3-shape';
import type { MetricReport, TrialRecord } from '../../engine/types.ts';
import type { StoredReport } from '../../engine/store/store.ts';
import { chartStyles, theme } from './theme.ts';
import { lineOpacity } from './density.ts';
import { FRAME, bottomAxis, continuousTicks, gridLines, leftAxis } from './axis.ts';

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

  private _curves: Curve[] = [];
  /**
   * Path strings by trial, valid while the scales stay the same: reports only append,
   * so a curve with the same length and last point draws the same path. Saves most
   * of the work when one of 1,000 trials reports.
   */
  private _paths = new Map<number, { readonly key: string; readonly d: string }>();
  private _pathScales = '';

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('metric')) this._paths.clear();
    if (changed.has('reports') || changed.has('metric') || changed.has('trials') || changed.has('highlight')) {
      const running = new Set(this.trials.filter((t) => t.status === 'running').map((t) => t.number));
      const curves = [...curvePoints(this.reports, this.metric)].map(([trial, points]) => ({ trial, points, running: running.has(trial) }));
      // Painter's order: finished under running under the highlighted trial.
      const rank = (c: Curve) => (c.trial === this.highlight ? 2 : c.running ? 1 : 0);
      this._curves = curves.sort((a, b) => rank(a) - rank(b) || a.trial - b.trial);
    }
  }

  protected override render() {
    const curves = this._curves;
    if (curves.length === 0) return html`<p class="empty">No reports of ${this.metric || 'the metric'} yet.</p>`;
    const f = FRAME;
    let minStep = Infinity, maxStep = -Infinity, minV = Infinity, maxV = -Infinity;
    for (const c of curves)
      for (const [s, v] of c.points) {
        minStep = Math.min(minStep, s);
        maxStep = Math.max(maxStep, s);
        minV = Math.min(minV, v);
        maxV = Math.max(maxV, v);
      }
    const canLog = minV > 0;
    const log = this._log && canLog;
    const x = scaleLinear().domain(minStep === maxStep ? [minStep - 1, maxStep + 1] : [minStep, maxStep]).range([f.left, f.width - f.right]);
    const y: ScaleContinuousNumeric<number, number> = (log ? scaleLog() : scaleLinear())
      .domain(minV === maxV ? (log ? [minV / 2, maxV * 2] : [minV - 1, maxV + 1]) : [minV, maxV])
      .range([f.height - f.bottom, f.top])
      .nice();
    // One decimal in a 640-unit viewBox is sub-pixel; shorter strings build and parse faster with 1,000 trials.
    const path = line<Point>((p) => x(p[0]), (p) => y(p[1])).digits(1);
    const yTicks = continuousTicks(y, 6, log);
    const scales = `${x.domain()}|${y.domain()}|${log}`;
    if (scales !== this._pathScales) {
      this._paths.clear();
      this._pathScales = scales;
    }
    const pathOf = (c: Curve): string => {
      const first = c.points[0]!;
      const last = c.points[c.points.length - 1]!;
      const key = `${c.points.length}:${first[1]}:${last[0]}:${last[1]}`;
      const hit = this._paths.get(c.trial);
      if (hit?.key === key) return hit.d;
      const d = path(c.points) ?? '';
      this._paths.set(c.trial, { key, d });
      return d;
    };
    const nRunning = curves.filter((c) => c.running).length;
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
      <svg viewBox="0 0 ${f.width} ${f.height}" role="img" aria-label=${label}>
        ${gridLines(yTicks, f.left, f.width - f.right)}
        ${bottomAxis(continuousTicks(x, 8), f.height - f.bottom, f.left, f.width - f.right, 'step')}
        ${leftAxis(yTicks, f.left, f.top, f.height - f.bottom, this.metric)}
        <g class="curves" style="--_finished-opacity: ${lineOpacity(curves.length - nRunning, 0.6, 30)}; --_running-opacity: ${lineOpacity(nRunning, 1, 12)}">
          ${curves.map((c) => {
            const cls = c.trial === this.highlight ? 'highlight' : c.running ? 'running' : 'finished';
            const last = c.points[c.points.length - 1]!;
            return svg`<path class="curve ${cls}" data-trial=${c.trial} d=${pathOf(c)}><title>trial ${c.trial}${c.running ? ' (running)' : ''}</title></path>
              ${c.running ? svg`<circle class="head" cx=${x(last[0])} cy=${y(last[1])} r="3"></circle>` : nothing}`;
          })}
        </g>
      </svg>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-learning-curves': HpLearningCurves;
  }
}
