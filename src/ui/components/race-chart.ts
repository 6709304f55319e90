/**
 * `<hp-race-chart>`: the race on one chart: for each algorithm, the best loss found so far
 * against the resource spent (evaluations, or epochs on lc4), as a step line. The y axis is
 * the regret, best loss minus the objective's known minimum (docs/benchmarks.md), on a log
 * scale, the usual way to compare optimizers; when a noisy loss dips below the minimum
 * (lc4's observations are noisy) it falls back to the best loss on a linear scale.
 * Each line has its own colour and dash pattern, so it reads without colour too.
 */
import { css, html, nothing, svg } from 'lit';
import { OwnTaskElement } from './slices.ts';
import { customElement, property } from 'lit/decorators.js';
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3-scale';
import { curveStepAfter, line } from 'd3-shape';
import { chartStyles, theme } from './theme.ts';
import { FRAME, bottomAxis, continuousTicks, gridLines, leftAxis, type Frame } from './axis.ts';
import { formatNumber } from './format.ts';

export interface RaceSeries {
  readonly label: string;
  readonly points: readonly { readonly spent: number; readonly best: number }[];
  /** Still running (the line grows). */
  readonly running: boolean;
}

/** Colours (theme variables, light and dark) and dash patterns of the lines, in algorithm order. */
export const SERIES_STYLES = [
  { color: 'var(--_accent)', dash: '' },
  { color: 'var(--_scale-worst)', dash: '7 4' },
  { color: 'var(--_good)', dash: '2 3' },
  { color: 'var(--_scale-mid)', dash: '10 3 2 3' },
  { color: 'var(--_highlight)', dash: '4 2' },
] as const;

/** Wider than the group view's charts: the race chart spans the page, and its text stays at reading size. */
const RACE_FRAME: Frame = { ...FRAME, width: 960, height: 340 };

@customElement('hp-race-chart')
export class HpRaceChart extends OwnTaskElement {
  static override styles = [
    theme,
    chartStyles,
    css`
      path.line {
        fill: none;
        stroke-width: 2.5;
      }
      .legend {
        flex-wrap: wrap;
      }
      .legend .swatch {
        width: 22px;
        height: 0;
        border-top: 3px solid;
      }
    `,
  ];

  @property({ attribute: false }) series: readonly RaceSeries[] = [];
  /** The objective's known minimum (regret = best − minimum). */
  @property({ type: Number }) minimum = 0;
  /** The x axis' end: the race's budget. */
  @property({ type: Number }) budget = 1;
  /** What the x axis counts: "evaluations" or "epochs". */
  @property() unit = 'evaluations';

  protected override render() {
    const f = RACE_FRAME;
    const drawn = this.series.filter((s) => s.points.length > 0);
    if (drawn.length === 0) return html`<p class="empty">No finished trial yet: the lines start with each algorithm's first result.</p>`;
    const all = drawn.flatMap((s) => s.points.map((p) => p.best - this.minimum));
    const log = all.every((v) => v > 0);
    const yOf = (best: number) => (log ? best - this.minimum : best);
    const ys = drawn.flatMap((s) => s.points.map((p) => yOf(p.best)));
    const lo = Math.min(...ys);
    const hi = Math.max(...ys);
    const x = scaleLinear().domain([0, this.budget]).range([f.left + 4, f.width - f.right]);
    const y: ScaleContinuousNumeric<number, number> = (log ? scaleLog() : scaleLinear())
      .domain(lo === hi ? (log ? [lo / 2, hi * 2] : [lo - 1, hi + 1]) : [lo, hi])
      .range([f.height - f.bottom - 4, f.top])
      .nice();
    const yTicks = continuousTicks(y, 6, log);
    const step = line<{ spent: number; best: number }>((p) => x(p.spent), (p) => y(yOf(p.best))).curve(curveStepAfter);
    const yTitle = log ? 'regret: best loss − minimum (log)' : 'best loss';
    const summary = this.series
      .map((s) => {
        const last = s.points.at(-1);
        return last
          ? `${s.label}: best loss ${formatNumber(last.best)} (regret ${formatNumber(last.best - this.minimum)}) after ${formatNumber(last.spent)} ${this.unit}${s.running ? ', running' : ''}`
          : `${s.label}: no result yet`;
      })
      .join('; ');
    return html`
      <div class="toolbar">
        <span class="legend" aria-hidden="true">
          ${this.series.map((s, i) => {
            const st = SERIES_STYLES[i % SERIES_STYLES.length]!;
            return html`<span><span class="swatch" style="border-top-color: ${st.color}; border-top-style: ${st.dash ? 'dashed' : 'solid'}"></span>${s.label}</span>`;
          })}
        </span>
      </div>
      <div class="plot">
        <svg viewBox="0 0 ${f.width} ${f.height}" role="img" aria-label=${`Best so far against ${this.unit} spent, budget ${formatNumber(this.budget)}. ${summary}.`}>
          ${gridLines(yTicks, f.left, f.width - f.right)}
          ${bottomAxis(continuousTicks(x, 8), f.height - f.bottom, f.left, f.width - f.right, `${this.unit} spent`)}
          ${leftAxis(yTicks, f.left, f.top, f.height - f.bottom, yTitle)}
          ${this.series.map((s, i) => {
            if (s.points.length === 0) return nothing;
            const st = SERIES_STYLES[i % SERIES_STYLES.length]!;
            // A finished racer's line runs on to its last spend; a running one stops where it is.
            const last = s.points.at(-1)!;
            return svg`<path class="line" data-series=${s.label} style="stroke: ${st.color}" stroke-dasharray=${st.dash || nothing} d=${step([...s.points, last]) ?? ''}><title>${s.label}: best ${formatNumber(last.best)} after ${formatNumber(last.spent)} ${this.unit}</title></path>`;
          })}
        </svg>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-race-chart': HpRaceChart;
  }
}
