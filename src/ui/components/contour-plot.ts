/**
 * `<hp-contour>`: the metric over a chosen pair of parameters. The surface is the random
 * forest's pairwise marginal (the fANOVA paper's marginal for two parameters: the forest's
 * prediction with every other parameter averaged out, src/engine/analysis/fanova.ts) on a
 * GRID × GRID grid, coloured best to worst; the trials are the dots on top. Both axes follow
 * their parameters' matrix options (param-axis.ts). The grid is computed tree by tree in
 * slices (slices.ts), never in one long task.
 */
import { css, html, nothing, svg, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { pairMarginalSteps, type Leaf, type MetricSpec } from '../../engine/index.ts';
import { chartStyles, containedChart, theme } from './theme.ts';
import { bottomAxis, leftAxis } from './axis.ts';
import { columnScale, type AnalysisData } from './analysis-data.ts';
import { formatNumber, formatParam } from './format.ts';
import { dotsPath, pickNearest } from './slice-plots.ts';
import { runSliced, OwnTaskElement } from './slices.ts';

export const GRID = 24;
const W = 480;
const H = 360;
const M = { top: 10, right: 12, bottom: 42, left: 70 };

/** A colour between the theme's best and worst ends, for u in [0, 1] (0 = best). */
export function scaleColor(u: number): string {
  return u <= 0.5
    ? `color-mix(in srgb, var(--_scale-mid) ${Math.round(u * 200)}%, var(--_scale-best))`
    : `color-mix(in srgb, var(--_scale-worst) ${Math.round((u - 0.5) * 200)}%, var(--_scale-mid))`;
}

@customElement('hp-contour')
export class HpContour extends OwnTaskElement {
  static override styles = [
    theme,
    chartStyles,
    containedChart,
    css`
      .pick {
        display: flex;
        gap: 12px;
        flex-wrap: wrap;
        font-size: 13px;
        margin-bottom: 4px;
      }
      path.pt {
        fill: var(--_bg);
        stroke: var(--_fg);
        stroke-width: 1;
        cursor: pointer;
      }
      circle.sel {
        fill: none;
        stroke: var(--_highlight);
        stroke-width: 3;
      }
      rect.cell {
        stroke: none;
      }
      svg {
        max-width: 560px;
      }
    `,
  ];

  @property({ attribute: false }) data?: AnalysisData;
  @property({ attribute: false }) forest?: readonly (readonly Leaf[])[];
  @property({ attribute: false }) metric?: MetricSpec;
  @property({ type: Number }) selected?: number;
  /** The pair shown first (column indices): the container passes the two most important. */
  @property({ attribute: false }) pair: readonly [number, number] = [0, 1];

  @state() private _x = 0;
  @state() private _y = 1;
  @state() private _grid?: Float64Array;
  private _job?: AbortController;
  private _userPicked = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._job?.abort();
  }

  protected override willUpdate(changed: PropertyValues): void {
    const n = this.data?.columns.length ?? 0;
    if (changed.has('pair') && !this._userPicked) [this._x, this._y] = this.pair;
    if (this._x >= n || this._y >= n || this._x === this._y) [this._x, this._y] = [0, Math.min(1, n - 1)];
    if (changed.has('forest') || changed.has('_x') || changed.has('_y')) this._compute();
  }

  private _compute(): void {
    this._job?.abort();
    const forest = this.forest;
    if (!forest || !forest.length || this._x === this._y) return;
    const job = (this._job = new AbortController());
    void runSliced(pairMarginalSteps(forest, this._x, this._y, GRID), job.signal).then((g) => {
      if (!job.signal.aborted) this._grid = g;
    });
  }

  private _pickAxis(which: 'x' | 'y', e: Event): void {
    const v = Number((e.target as HTMLSelectElement).value);
    this._userPicked = true;
    if (which === 'x') [this._x, this._y] = v === this._y ? [v, this._x] : [v, this._y];
    else [this._x, this._y] = v === this._x ? [this._y, v] : [this._x, v];
  }

  /** The trials' dots on screen (for a click to find the nearest). */
  private _dots: { cx: number; cy: number; trial: number }[] = [];
  private readonly _pick = pickNearest(this, () => this._dots);

  protected override render() {
    const d = this.data;
    const m = this.metric;
    if (!d || !m || d.columns.length < 2) return html`<p class="empty">A contour needs two parameters that vary among the finished trials.</p>`;
    const cx = d.columns[this._x]!;
    const cy = d.columns[this._y]!;
    const options = (chosen: number) => d.columns.map((c, i) => html`<option value=${i} ?selected=${i === chosen}>${c.name}</option>`);
    const [x0, x1, y0, y1] = [M.left, W - M.right, H - M.bottom, M.top];
    const sx = columnScale(cx, x0, x1, false);
    const sy = columnScale(cy, y0, y1, false);
    const g = this._grid;
    let cells: unknown = nothing;
    let summary = 'computing the surface';
    let legend: unknown = nothing;
    if (g) {
      let lo = Infinity;
      let hi = -Infinity;
      let at = 0;
      for (let k = 0; k < g.length; k++) {
        if (g[k]! < lo) lo = g[k]!;
        if (g[k]! > hi) hi = g[k]!;
        if (m.optimization === 'maximize' ? g[k]! > g[at]! : g[k]! < g[at]!) at = k;
      }
      const [best, worst] = m.optimization === 'maximize' ? [hi, lo] : [lo, hi];
      const cw = (x1 - x0) / GRID;
      const ch = (y0 - y1) / GRID;
      cells = Array.from(g, (v, k) => {
        const u = best === worst ? 0 : (v - best) / (worst - best);
        return svg`<rect class="cell" x=${(x0 + (k % GRID) * cw).toFixed(1)} y=${(y0 - (Math.floor(k / GRID) + 1) * ch).toFixed(1)} width=${(cw + 0.5).toFixed(1)} height=${(ch + 0.5).toFixed(1)} style="fill: ${scaleColor(u)}"></rect>`;
      });
      legend = html`<span class="legend"
        >best ${formatNumber(best)}
        <span class="swatch" style="width: 80px; height: 8px; background: linear-gradient(to right, var(--_scale-best), var(--_scale-mid), var(--_scale-worst))"></span>
        worst ${formatNumber(worst)}</span
      >`;
      summary = `the forest predicts ${m.name} from ${formatNumber(lo)} to ${formatNumber(hi)}, best near the cell ${(at % GRID) + 1} of ${GRID} along ${cx.name} and ${Math.floor(at / GRID) + 1} of ${GRID} along ${cy.name}`;
    }
    const sel = this.selected === undefined ? -1 : d.trials.findIndex((t) => t.number === this.selected);
    const label = `Contour of ${m.name} over ${cx.name} (${cx.kind}) and ${cy.name} (${cy.kind}), other parameters averaged out: ${summary}; ${d.trials.length} trials drawn as dots`;
    this._dots = d.trials.map((t) => ({ cx: Math.round(sx.pos(t.params[cx.name]!) * 10) / 10, cy: Math.round(sy.pos(t.params[cy.name]!) * 10) / 10, trial: t.number }));
    const chosen = sel >= 0 ? this._dots[sel] : undefined;
    return html`
      <div class="pick">
        <label>x <select aria-label="Contour x parameter" @change=${(e: Event) => this._pickAxis('x', e)}>${options(this._x)}</select></label>
        <label>y <select aria-label="Contour y parameter" @change=${(e: Event) => this._pickAxis('y', e)}>${options(this._y)}</select></label>
        ${legend}
        ${sel >= 0 ? html`<span>trial ${this.selected}: ${cx.name} ${formatParam(d.trials[sel]!.params[cx.name])}, ${cy.name} ${formatParam(d.trials[sel]!.params[cy.name])}</span>` : nothing}
      </div>
      <svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${label} @click=${this._pick}>
        <g>${cells}</g>
        ${bottomAxis(sx.ticks, y0, x0, x1, `${cx.name}${cx.kind === 'log' ? ' (log)' : ''}`)}
        ${leftAxis(sy.ticks, x0, y1, y0, `${cy.name}${cy.kind === 'log' ? ' (log)' : ''}`)}
        <path class="pt" d=${dotsPath(this._dots, 3)}></path>
        ${chosen ? svg`<circle class="sel" data-trial=${chosen.trial} cx=${chosen.cx} cy=${chosen.cy} r="7"></circle>` : nothing}
      </svg>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-contour': HpContour;
  }
}
