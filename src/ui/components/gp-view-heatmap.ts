/**
 * `<hp-gp-heatmap>`: one function of the GP (the posterior mean, its standard deviation or
 * the acquisition) over a pair of parameters, as a heatmap with the observations and the
 * next suggestion on top (the 2-D part of the GP view). The cells are painted into a small
 * image (one pixel per grid cell) drawn scaled in the SVG, so a 60 × 60 grid costs no DOM
 * node per cell; the axes follow each parameter's matrix option (gp-view-axes.ts).
 */
import { css, html, nothing, svg, unsafeCSS, type PropertyValues } from 'lit';
import { OwnTaskElement } from './slices.ts';
import { customElement, property } from 'lit/decorators.js';
import { chartStyles, theme } from './theme.ts';
import { bottomAxis, leftAxis } from './axis.ts';
import { formatNumber } from './format.ts';
import { pickTrial } from './events.ts';
import { paramScale, positionText, type GpParam } from './gp-view-axes.ts';
import type { PlacedObservation } from './gp-view-curve.ts';

/** Viridis (van der Walt and Smith, matplotlib's default map: perceptually uniform, readable in grey and by most colour-blind readers), 9 stops. */
const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'].map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));

/** The colour at t ∈ [0, 1] on the map, as r, g, b. */
export function viridis(t: number): number[] {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u));
  const f = u - i;
  return VIRIDIS[i]!.map((a, k) => Math.round(a + (VIRIDIS[i + 1]![k]! - a) * f));
}

const GRADIENT = `linear-gradient(to right, ${VIRIDIS.map((c) => `rgb(${c.join(' ')})`).join(', ')})`;

const W = 320;
const H = 280;
const L = 56;
const R = 10;
const T = 8;
const B = 44;

@customElement('hp-gp-heatmap')
export class HpGpHeatmap extends OwnTaskElement {
  static override styles = [
    theme,
    chartStyles,
    css`
      h4 {
        margin: 0 0 4px;
        font-size: 13px;
      }
      image {
        image-rendering: pixelated;
      }
      circle.obs {
        cursor: pointer;
        fill: #ffffff;
        stroke: #000000;
        stroke-width: 1;
      }
      circle.obs.best {
        fill: var(--_good);
        stroke: #ffffff;
        stroke-width: 1.5;
      }
      circle.sel {
        fill: none;
        stroke: var(--_highlight);
        stroke-width: 3;
      }
      circle.sel-halo {
        fill: none;
        stroke: #ffffff;
        stroke-width: 5.5;
      }
      .next path {
        fill: var(--_highlight);
        stroke: #ffffff;
        stroke-width: 1.5;
      }
      .scale {
        display: flex;
        align-items: center;
        gap: 6px;
        font-size: 11px;
        color: var(--_muted);
        margin: 2px 0 0;
      }
      .bar {
        flex: 1;
        height: 8px;
        border-radius: 2px;
        background: ${unsafeCSS(GRADIENT)};
      }
    `,
  ];

  @property() heading = '';
  @property() metric = '';
  @property({ attribute: false }) px?: GpParam;
  @property({ attribute: false }) py?: GpParam;
  /** Axis positions of the cell centres. */
  @property({ attribute: false }) xs: readonly number[] = [];
  @property({ attribute: false }) ys: readonly number[] = [];
  /** Row-major values, x fastest, row 0 at the first y position (the bottom). */
  @property({ attribute: false }) values?: Float64Array;
  @property({ attribute: false }) observations: readonly PlacedObservation[] = [];
  /** The selected trial (the group view's one selection): its observation is ringed on top. */
  @property({ type: Number }) selected?: number;
  /** A click on an observation selects its trial. */
  private readonly _pick = pickTrial(this);
  @property({ attribute: false }) next?: { readonly pos: number; readonly pos2: number };

  private _image = '';
  private _range: [number, number] = [0, 0];
  private _log = false;

  protected override willUpdate(changed: PropertyValues): void {
    if (!changed.has('values') && !changed.has('xs') && !changed.has('ys')) return;
    const v = this.values;
    const nx = this.xs.length;
    const ny = this.ys.length;
    this._image = '';
    if (!v || v.length !== nx * ny || nx === 0) return;
    let lo = Infinity;
    let hi = -Infinity;
    for (const a of v) if (Number.isFinite(a)) (lo = Math.min(lo, a)), (hi = Math.max(hi, a));
    this._range = [lo, hi];
    // A log colour scale when every value is positive and they span over two decades (the
    // charts' rule for a metric axis): Branin's mean runs from 0.4 to 300, and on a linear
    // scale every valley but the deepest is one colour. Unbounded cells take the top colour.
    this._log = lo > 0 && hi / lo > 100;
    const t = this._log ? (a: number) => Math.log(a / lo) / Math.log(hi / lo) : (a: number) => (hi > lo ? (a - lo) / (hi - lo) : 0.5);
    const canvas = document.createElement('canvas');
    canvas.width = nx;
    canvas.height = ny;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(nx, ny);
    for (let r = 0; r < ny; r++) {
      // Image row 0 is the top: the last y position.
      const row = ny - 1 - r;
      for (let c = 0; c < nx; c++) {
        const a = v[row * nx + c]!;
        const [red, g, b] = viridis(a === Infinity ? 1 : t(a));
        const k = 4 * (r * nx + c);
        img.data[k] = red!;
        img.data[k + 1] = g!;
        img.data[k + 2] = b!;
        img.data[k + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
    this._image = canvas.toDataURL();
  }

  /** The text summary read by screen readers. */
  summary(): string {
    const { px, py, values: v, xs, ys } = this;
    if (!px || !py || !v || !this._image) return '';
    let lo = 0;
    let hi = 0;
    for (let i = 1; i < v.length; i++) {
      if (v[i]! < v[lo]!) lo = i;
      if (v[i]! > v[hi]!) hi = i;
    }
    const at = (i: number) => `${px.name} = ${positionText(px, xs[i % xs.length]!)}, ${py.name} = ${positionText(py, ys[Math.floor(i / xs.length)]!)}`;
    return (
      `${this.heading} over ${px.name} and ${py.name}: lowest ${formatNumber(v[lo]!)} at ${at(lo)}, highest ${formatNumber(v[hi]!)} at ${at(hi)}; ` +
      `${this.observations.length} observations` +
      (v.includes(Infinity) ? '; unbounded in places (past the range of the output warp)' : '') +
      (this.next ? `; next suggestion at ${px.name} = ${positionText(px, this.next.pos)}, ${py.name} = ${positionText(py, this.next.pos2)}.` : '.')
    );
  }

  protected override render() {
    const { px, py } = this;
    if (!px || !py || !this._image) return html`<h4>${this.heading}</h4><p class="empty">Evaluating the GP…</p>`;
    const x = paramScale(px, L, W - R, 4);
    const y = paramScale(py, H - B, T, 5);
    const next = this.next;
    const chosen = this.selected === undefined ? undefined : this.observations.find((o) => o.trial === this.selected);
    const label = this.summary() + (chosen ? ` Selected trial ${chosen.trial}: ${px.name} = ${positionText(px, chosen.pos)}, ${py.name} = ${positionText(py, chosen.pos2 ?? 0)}.` : '');
    return html`
      <h4>${this.heading}</h4>
      <svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${label}>
        <image href=${this._image} x=${L} y=${T} width=${W - R - L} height=${H - B - T} preserveAspectRatio="none"></image>
        ${bottomAxis(x.ticks, H - B, L, W - R, x.title)}
        ${leftAxis(y.ticks, L, T, H - B, y.title)}
        <g class="observations" @click=${this._pick}>
          ${this.observations.map(
            (o) => svg`<circle class="obs ${o.best ? 'best' : ''}" data-trial=${o.trial} cx=${x(o.pos)} cy=${y(o.pos2 ?? 0)} r=${o.best ? 4.5 : 3}>
              <title>trial ${o.trial}: ${px.name} = ${positionText(px, o.pos)}, ${py.name} = ${positionText(py, o.pos2 ?? 0)}, ${this.metric} ${formatNumber(o.y)}</title>
            </circle>`,
          )}
        </g>
        ${next
          ? svg`<g class="next"><path d="M ${x(next.pos)} ${y(next.pos2) - 7} l 7 7 l -7 7 l -7 -7 z"><title>next suggestion: ${px.name} = ${positionText(px, next.pos)}, ${py.name} = ${positionText(py, next.pos2)}</title></path></g>`
          : nothing}
        ${chosen
          ? svg`<g class="selection"><circle class="sel-halo" cx=${x(chosen.pos)} cy=${y(chosen.pos2 ?? 0)} r="7.5"></circle><circle class="sel" data-trial=${chosen.trial} cx=${x(chosen.pos)} cy=${y(chosen.pos2 ?? 0)} r="7.5"><title>selected: trial ${chosen.trial}, ${this.metric} ${formatNumber(chosen.y)}</title></circle></g>`
          : nothing}
      </svg>
      <div class="scale" aria-hidden="true">
        <span>${formatNumber(this._range[0])}</span><span class="bar"></span><span>${formatNumber(this._range[1])}${this._log ? ' (log colour scale)' : ''}${this.values?.includes(Infinity) ? '; top colour also where unbounded' : ''}</span>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-gp-heatmap': HpGpHeatmap;
  }
}
