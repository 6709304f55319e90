/**
 * `<hp-history-chart>`: the optimization history: each finished trial's
 * metric in trial order as a dot, and the best value so far as a step line
 * (lowest for `minimize`, highest for `maximize`).
 */
import { css, html, nothing, svg, type PropertyValues } from 'lit';
import { OwnTaskElement } from './slices.ts';
import { customElement, property } from 'lit/decorators.js';
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3-scale';
import { curveStepAfter, line } from 'd3-shape';
import { TRIAL_DONE, type MetricSpec, type TrialRecord } from '../../engine/index.ts';
import { chartStyles, theme } from './theme.ts';
import { FRAME, axisKind, bottomAxis, continuousTicks, gridLines, leftAxis } from './axis.ts';
import { formatNumber } from './format.ts';
import { emit } from './events.ts';
import { DENSE, DenseLayer } from './dense-layer.ts';

export interface HistoryPoint {
  readonly trial: number;
  readonly value: number;
  /** The best value among this trial and every earlier finished one. */
  readonly best: number;
}

/** Finished trials with a finite metric, by trial number, with the running best. */
export function historyPoints(trials: readonly TrialRecord[], metric: MetricSpec): HistoryPoint[] {
  const better = metric.optimization === 'maximize' ? Math.max : Math.min;
  const done = trials
    .filter((t) => TRIAL_DONE.has(t.status) && Number.isFinite(t.metrics[metric.name]?.last))
    .sort((a, b) => a.number - b.number);
  const out: HistoryPoint[] = [];
  for (const t of done) {
    const value = t.metrics[metric.name]!.last;
    out.push({ trial: t.number, value, best: out.length ? better(out[out.length - 1]!.best, value) : value });
  }
  return out;
}

@customElement('hp-history-chart')
export class HpHistoryChart extends OwnTaskElement {
  static override styles = [
    theme,
    chartStyles,
    css`
      circle.trial {
        fill: var(--_finished);
        fill-opacity: 0.8;
      }
      circle.trial.improved {
        fill: var(--_accent);
        fill-opacity: 1;
      }
      circle.selected {
        fill: none;
        stroke: var(--_highlight);
        stroke-width: 2.5;
      }
      g.dots circle {
        cursor: pointer;
      }
      path.best {
        fill: none;
        stroke: var(--_accent);
        stroke-width: 2;
      }
    `,
  ];

  /** The group's trials; only finished ones with the metric are drawn. */
  @property({ attribute: false }) trials: readonly TrialRecord[] = [];
  /** The metric and its direction. */
  @property({ attribute: false }) metric?: MetricSpec;
  /** The selected trial, ringed in the highlight colour (the group view's one selection). */
  @property({ type: Number }) selected?: number;

  private _points: HistoryPoint[] = [];

  /** A click on a dot selects its trial, as a table row does. */
  private readonly _pick = (e: Event): void => {
    const n = (e.target as Element).getAttribute('data-trial');
    if (n !== null) emit(this, 'hp-trial-select', { number: Number(n) });
  };
  private readonly _dense = new DenseLayer(this, FRAME.width, FRAME.height);

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('trials') || changed.has('metric')) this._points = this.metric ? historyPoints(this.trials, this.metric) : [];
  }

  protected override render() {
    const pts = this._points;
    const metric = this.metric;
    this._dense.base = [];
    if (!metric || pts.length === 0) return html`<p class="empty">No finished trial with ${metric?.name ?? 'a metric'} yet.</p>`;
    const f = FRAME;
    const first = pts[0]!.trial;
    const last = pts[pts.length - 1]!.trial;
    const values = pts.map((p) => p.value);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const x = scaleLinear().domain(first === last ? [first - 1, last + 1] : [first, last]).range([f.left + 6, f.width - f.right - 6]);
    // Log scale by the parallel coordinates' rule (positive, over two decades): on a linear
    // scale one diverged trial (Branin's 300 against a best of 0.4) flattens every improvement.
    const log = axisKind(values) === 'log';
    const y: ScaleContinuousNumeric<number, number> = (log ? scaleLog() : scaleLinear())
      .domain(lo === hi ? [lo - 1, hi + 1] : [lo, hi])
      .range([f.height - f.bottom - 6, f.top])
      .nice();
    // The best-so-far line runs to the right edge so the current best reads as a level.
    const stepLine = line<HistoryPoint>((p) => x(p.trial), (p) => y(p.best)).curve(curveStepAfter);
    const tail: HistoryPoint = { ...pts[pts.length - 1]!, trial: x.domain()[1]! };
    const yTicks = continuousTicks(y, 6, log);
    const best = pts[pts.length - 1]!.best;
    // Improvements are marked: the first point, then each new best.
    const improvedSet = new Set(pts.filter((p, i) => i === 0 || p.best !== pts[i - 1]!.best));
    const improved = (p: HistoryPoint) => improvedSet.has(p);
    // Above DENSE points the plain dots go to the canvas; improvements stay SVG circles with titles.
    const dense = pts.length > DENSE;
    const plain = dense ? pts.filter((p) => !improved(p)) : [];
    this._dense.scene = `${x.domain()}|${y.domain()}`;
    this._dense.base = dense ? [{ color: (css) => css('--_finished'), alpha: 0.8, radius: 3.5, dots: plain.flatMap((p) => [x(p.trial), y(p.value)]) }] : [];
    const drawn = dense ? [...improvedSet] : pts;
    const chosen = this.selected === undefined ? undefined : pts.find((p) => p.trial === this.selected);
    const label =
      `Optimization history of ${metric.name} (${metric.optimization}): ${pts.length} finished trials, best ${formatNumber(best)}` +
      (chosen ? `; selected trial ${chosen.trial}: ${formatNumber(chosen.value)}` : '');
    return html`
      <div class="toolbar">
        <span class="legend">
          <span><span class="swatch" style="background: var(--_finished); height: 6px; width: 6px; border-radius: 3px"></span>trial</span>
          <span><span class="swatch" style="background: var(--_accent)"></span>best so far (${metric.optimization})</span>
        </span>
        <span>best ${formatNumber(best)}</span>
      </div>
      <div class="plot">
      ${dense ? html`<canvas class="dense" aria-hidden="true"></canvas>` : nothing}
      <svg viewBox="0 0 ${f.width} ${f.height}" role="img" aria-label=${label}>
        ${gridLines(yTicks, f.left, f.width - f.right)}
        ${bottomAxis(continuousTicks(x, Math.min(10, last - first + 1)).filter((t) => Number.isInteger(Number(t.label))), f.height - f.bottom, f.left, f.width - f.right, 'trial')}
        ${leftAxis(yTicks, f.left, f.top, f.height - f.bottom, log ? `${metric.name} (log)` : metric.name)}
        <path class="best" d=${stepLine([...pts, tail]) ?? ''}></path>
        <g class="dots" @click=${this._pick}>
          ${drawn.map(
            (p) => svg`<circle class="trial ${improved(p) ? 'improved' : ''}" data-trial=${p.trial} cx=${x(p.trial)} cy=${y(p.value)} r="3.5">
              <title>trial ${p.trial}: ${formatNumber(p.value)}</title>
            </circle>`,
          )}
        </g>
        ${chosen ? svg`<circle class="selected" cx=${x(chosen.trial)} cy=${y(chosen.value)} r="7"><title>selected: trial ${chosen.trial}, ${formatNumber(chosen.value)}</title></circle>` : nothing}
      </svg>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-history-chart': HpHistoryChart;
  }
}
