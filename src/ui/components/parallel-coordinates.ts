/**
 * `<hp-parallel-coordinates>`: one vertical axis per param plus the metric's, one
 * line per trial coloured by its metric. A param's axis follows its matrix option
 * (param-axis.ts: log for log-uniform and log-spaced options, one point per category for
 * `values`/`pvalues`, linear otherwise); the metric's axis is log when its values are
 * positive and span more than two decades. Params with the
 * same value in every trial are listed under the plot instead of drawn as flat axes, and
 * above DENSE trials the lines (all but the best) are painted on a canvas (dense-layer.ts).
 * The selected trial (the group view's one selection) is drawn last, in the SVG, in the
 * highlight colour over a halo: on top of the other lines and of the canvas, which keeps
 * its own copy of the line, so a new selection repaints nothing there.
 */
import { LitElement, css, html, nothing, svg, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { scaleLinear, scaleLog, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import type { MatrixEntry, MetricSpec, ParamValue, TrialRecord } from '../../engine/index.ts';
import { chartStyles, containedChart, theme } from './theme.ts';
import { axisKind, continuousTicks, pointTicks, type AxisKind, type Tick } from './axis.ts';
import { paramAxisKind, type ParamAxisKind } from './param-axis.ts';
import { formatNumber, formatParam, paramText } from './format.ts';
import { DENSE, DenseLayer, mix, type CssVar } from './dense-layer.ts';
import { lineOpacity } from './density.ts';
import { pickTrial } from './events.ts';

export type { AxisKind };

export interface PcAxis {
  readonly key: string;
  readonly kind: AxisKind;
  /** Position of a value on the axis, in SVG units; undefined when the trial lacks it. */
  readonly y: (v: ParamValue | undefined) => number | undefined;
  readonly ticks: readonly Tick[];
}

export { axisKind };

const collator = new Intl.Collator(undefined, { numeric: true });

const AXIS: Record<ParamAxisKind, AxisKind> = { linear: 'linear', log: 'log', categorical: 'point' };

/**
 * An axis for one param (or the metric) over the values present, between pixel rows `bottom`
 * and `top`: of kind `as` when given (a param's, from its matrix option), else chosen by the
 * values' range (the metric's).
 */
export function makeAxis(key: string, values: readonly ParamValue[], bottom: number, top: number, as?: ParamAxisKind): PcAxis {
  const kind = as ? AXIS[as] : axisKind(values);
  if (kind === 'point') {
    const domain = [...new Set(values.map(paramText))].sort(collator.compare);
    const s = scalePoint<string>().domain(domain).range([bottom, top]).padding(0.3);
    return { key, kind, y: (v) => (v === undefined ? undefined : s(paramText(v))), ticks: pointTicks(s).map((t) => ({ ...t, label: shorten(t.label) })) };
  }
  const nums = values as readonly number[];
  let lo = Math.min(...nums);
  let hi = Math.max(...nums);
  if (lo === hi) [lo, hi] = kind === 'log' ? [lo / 2, hi * 2] : [lo - Math.abs(lo || 1) * 0.1, hi + Math.abs(hi || 1) * 0.1];
  const s = (kind === 'log' ? scaleLog() : scaleLinear()).domain([lo, hi]).range([bottom, top]).nice();
  return { key, kind, y: (v) => (typeof v === 'number' ? s(v) : undefined), ticks: continuousTicks(s, 5, kind === 'log') };
}

function shorten(s: string, n = 14): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Params whose value is the same in every drawn trial (and present in each): listed, not drawn as axes. */
export function fixedParams(trials: readonly TrialRecord[]): Map<string, ParamValue> {
  const fixed = new Map<string, ParamValue>();
  if (trials.length < 2) return fixed;
  const [first, ...rest] = trials;
  for (const [k, v] of Object.entries(first!.params)) {
    const text = paramText(v);
    if (rest.every((t) => t.params[k] !== undefined && paramText(t.params[k]) === text)) fixed.set(k, v);
  }
  return fixed;
}

/**
 * Axis titles that fit between their neighbours: centred on their axis, on one row when
 * every title fits the spacing, else on two alternating rows (twice the room), cut with
 * an ellipsis beyond that. Widths are estimated at TITLE_EM × 12 px per character.
 */
export function titleLayout(keys: readonly string[], spacing: number): { text: string; row: 0 | 1 }[] {
  const chars = (room: number) => Math.max(4, Math.floor((room - 8) / (TITLE_EM * 12)));
  const one = chars(spacing);
  if (keys.every((k) => k.length <= one)) return keys.map((k) => ({ text: k, row: 1 }));
  const two = chars(2 * spacing);
  return keys.map((k, i) => ({ text: shorten(k, two), row: i % 2 === 0 ? 0 : 1 }));
}

/** Average width of a bold 12 px system-ui character, in em (measured ~0.55–0.6 for snake_case names). */
const TITLE_EM = 0.6;
const TOP = 40;
const BOTTOM = 268;
const LEFT = 60;
const RIGHT = 60;
const WIDTH = 640;
const HEIGHT = 276;
/** Colour levels of the canvas lines: 32 steps are indistinguishable from a continuous scale. */
const LEVELS = 32;

@customElement('hp-parallel-coordinates')
export class HpParallelCoordinates extends LitElement {
  static override styles = [
    theme,
    chartStyles,
    containedChart,
    css`
      path.trial {
        fill: none;
        stroke-width: 1.3;
        cursor: pointer;
        stroke-opacity: var(--_line-opacity, 0.75);
      }
      path.trial.best {
        stroke-width: 3;
        stroke-opacity: 1;
      }
      path.trial.selected {
        stroke: var(--_highlight);
        stroke-width: 3.5;
        stroke-opacity: 1;
      }
      path.halo {
        fill: none;
        stroke: var(--_bg);
        stroke-width: 7;
        stroke-linejoin: round;
        stroke-linecap: round;
      }
      .axis .title {
        font-size: 12px;
      }
      .axis text.tick {
        paint-order: stroke;
        stroke: var(--_bg);
        stroke-width: 3px;
      }
      .fixed {
        color: var(--_muted);
        font-size: 12px;
        margin: 4px 0 0;
      }
      .fixed code {
        color: var(--_fg);
      }
    `,
  ];

  /** The group's trials; those reporting the metric are drawn. */
  @property({ attribute: false }) trials: readonly TrialRecord[] = [];
  /** The metric that colours the lines and forms the last axis. */
  @property({ attribute: false }) metric?: MetricSpec;
  /** The spec's matrix: each param's axis follows its option (without it, numbers are linear). */
  @property({ attribute: false }) matrix?: readonly MatrixEntry[];
  /** The selected trial, drawn on top in the highlight colour. */
  @property({ type: Number }) selected?: number;

  private _axes: PcAxis[] = [];
  private _lines: { trial: TrialRecord; value: number }[] = [];
  private _fixed = new Map<string, ParamValue>();
  private readonly _dense = new DenseLayer(this, WIDTH, HEIGHT);
  private _projected = new WeakMap<TrialRecord, readonly number[]>();
  /** A click on a line (an SVG one: the best, the selected, or any under DENSE) selects its trial. */
  private readonly _pick = pickTrial(this);

  protected override willUpdate(changed: PropertyValues): void {
    if (!changed.has('trials') && !changed.has('metric') && !changed.has('matrix')) return;
    const m = this.metric;
    this._lines = m
      ? this.trials.flatMap((t) => {
          const v = t.metrics[m.name]?.last;
          return v !== undefined && Number.isFinite(v) ? [{ trial: t, value: v }] : [];
        })
      : [];
    this._fixed = fixedParams(this._lines.map((l) => l.trial));
    const keys = new Set<string>();
    for (const { trial } of this._lines) for (const k of Object.keys(trial.params)) if (!this._fixed.has(k)) keys.add(k);
    this._axes = [...keys].map((k) => {
      const values = this._lines.flatMap(({ trial }) => (trial.params[k] === undefined ? [] : [trial.params[k]!]));
      return makeAxis(k, values, BOTTOM, TOP, paramAxisKind(k, this.matrix, values));
    });
    if (m && this._lines.length) this._axes.push(makeAxis(m.name, this._lines.map((l) => l.value), BOTTOM, TOP));
  }

  protected override render() {
    const m = this.metric;
    const lines = this._lines;
    this._dense.base = [];
    if (!m || lines.length === 0) return html`<p class="empty">No trial with ${m?.name ?? 'a metric'} yet.</p>`;
    const axes = this._axes;
    const x = scalePoint<number>().domain(axes.map((_, i) => i)).range([LEFT, WIDTH - RIGHT]);
    const values = lines.map((l) => l.value);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const [best, worst] = m.optimization === 'maximize' ? [hi, lo] : [lo, hi];
    // Colour runs best → mid → worst through the theme's CSS variables, so it follows the colour scheme.
    const t = scaleLinear().domain(best === worst ? [best - 1, best + 1] : [best, worst]).range([0, 1]).clamp(true);
    const color = (v: number) => {
      const u = t(v);
      return u <= 0.5
        ? `color-mix(in srgb, var(--_scale-mid) ${Math.round(u * 200)}%, var(--_scale-best))`
        : `color-mix(in srgb, var(--_scale-worst) ${Math.round((u - 0.5) * 200)}%, var(--_scale-mid))`;
    };
    const metricAxis = axes.length - 1;
    const ys = (l: { trial: TrialRecord; value: number }) => axes.map((a, i) => (i === metricAxis ? a.y(l.value) : a.y(l.trial.params[a.key])));
    const path = line<number | undefined>()
      .digits(1)
      .defined((y) => y !== undefined)
      .x((_, i) => x(i)!)
      .y((y) => y!);
    const bestLine = lines.reduce((a, b) => ((m.optimization === 'maximize' ? b.value > a.value : b.value < a.value) ? b : a));
    const opacity = lineOpacity(lines.length, 0.75, 50);
    const dense = lines.length > DENSE;
    if (dense) {
      // Canvas lines by colour level, worst level first so the good lines end on top
      // (dense-layer.ts). A trial's projected line is kept while the scene (axes, colour
      // scale, opacity) stays the same, so a trial ending adds one line to the canvas;
      // it then lies over the lines painted before it, whatever its level.
      const scene = `${axes.map((a) => a.ticks.map((k) => `${k.label}@${k.pos}`).join()).join('|')}|${best}|${worst}|${opacity}`;
      if (scene !== this._dense.scene) this._projected = new WeakMap();
      this._dense.scene = scene;
      const levels: (readonly number[])[][] = Array.from({ length: LEVELS + 1 }, () => []);
      for (const l of lines) {
        if (l === bestLine) continue;
        let pts = this._projected.get(l.trial);
        if (!pts) this._projected.set(l.trial, (pts = ys(l).flatMap((y, i) => (y === undefined ? [] : [x(i)!, y]))));
        levels[Math.round(t(l.value) * LEVELS)]!.push(pts);
      }
      this._dense.base = levels
        .map((ls, k) => ({
          color: (css: CssVar) => {
            const u = k / LEVELS;
            return u <= 0.5 ? mix(css('--_scale-best'), css('--_scale-mid'), u * 2) : mix(css('--_scale-mid'), css('--_scale-worst'), (u - 0.5) * 2);
          },
          alpha: Number(opacity),
          width: 1.3,
          lines: ls,
        }))
        .reverse();
    }
    // Draw worst first so the good lines end on top; the selected line comes after them all.
    const chosen = this.selected === undefined ? undefined : lines.find((l) => l.trial.number === this.selected);
    const ordered = (dense ? [bestLine] : [...lines].sort((a, b) => Math.abs(b.value - best) - Math.abs(a.value - best))).filter((l) => l !== chosen);
    const chosenPath = chosen && (path(ys(chosen)) ?? '');
    const titles = titleLayout(axes.map((a) => `${a.key}${a.kind === 'log' ? ' (log)' : ''}`), axes.length > 1 ? (WIDTH - LEFT - RIGHT) / (axes.length - 1) : WIDTH);
    const fixed = [...this._fixed];
    const label = `Parallel coordinates of ${axes.length - 1} params against ${m.name} for ${lines.length} trials${chosen ? `; selected trial ${chosen.trial.number}: ${m.name} ${formatNumber(chosen.value)}` : ''}${fixed.length ? `; fixed: ${fixed.map(([k, v]) => `${k}=${formatParam(v)}`).join(', ')}` : ''}`;
    return html`
      <div class="toolbar">
        <span>colour: ${m.name} (${m.optimization})</span>
        <span class="legend">
          best ${formatNumber(best)}
          <span class="swatch" style="width: 80px; height: 8px; background: linear-gradient(to right, var(--_scale-best), var(--_scale-mid), var(--_scale-worst))"></span>
          worst ${formatNumber(worst)}
        </span>
        ${chosen ? html`<span><span class="swatch" style="background: var(--_highlight)"></span>trial ${chosen.trial.number}</span>` : nothing}
      </div>
      <div class="plot">
        ${dense ? html`<canvas class="dense" aria-hidden="true"></canvas>` : nothing}
        <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label=${label} @click=${this._pick}>
          <g class="lines" style="--_line-opacity: ${opacity}">
            ${ordered.map(
              (l) => svg`<path class="trial ${l === bestLine ? 'best' : ''}" data-trial=${l.trial.number} style="stroke: ${color(l.value)}" d=${path(ys(l)) ?? ''}>
                <title>trial ${l.trial.number}: ${m.name} ${formatNumber(l.value)}</title>
              </path>`,
            )}
          </g>
          ${chosen
            ? svg`<g class="selection">
                <path class="halo" d=${chosenPath}></path>
                <path class="trial selected" data-trial=${chosen.trial.number} d=${chosenPath}>
                  <title>selected: trial ${chosen.trial.number}, ${m.name} ${formatNumber(chosen.value)}</title>
                </path>
              </g>`
            : nothing}
          ${axes.map((a, i) => {
            const ax = x(i)!;
            const title = titles[i]!;
            return svg`<g class="axis" data-axis=${a.key} data-kind=${a.kind}>
              <line x1=${ax} x2=${ax} y1=${TOP} y2=${BOTTOM}></line>
              ${a.ticks.map(
                (t) => svg`<line x1=${ax - 3} x2=${ax + 3} y1=${t.pos} y2=${t.pos}></line>
                  <text class="tick" x=${ax + 5} y=${t.pos} dy="0.32em">${t.label}</text>`,
              )}
              <text class="title" x=${ax} y=${title.row === 0 ? TOP - 27 : TOP - 13} text-anchor="middle">${title.text}<title>${a.key}</title></text>
            </g>`;
          })}
        </svg>
      </div>
      ${fixed.length
        ? html`<p class="fixed">Same in every trial, so not drawn as axes: ${fixed.map(([k, v], i) => html`${i ? ', ' : ''}<code>${k}=${formatParam(v)}</code>`)}</p>`
        : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-parallel-coordinates': HpParallelCoordinates;
  }
}
