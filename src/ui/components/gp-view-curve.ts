/**
 * `<hp-gp-curve>`: the GP along one parameter (the 1-D part of the GP view): the posterior
 * mean with a band of ± 2 standard deviations, the observations, and below it the
 * acquisition function with the next suggestion marked. The other parameters are held where
 * the view says (the best trial's values). A categorical parameter gets one column per
 * category: the mean with its ± 2 sd interval, and the acquisition as a bar.
 *
 * Observations are drawn at their own value of this parameter; their other parameters
 * differ from the held ones, so they need not sit on the curve.
 */
import { css, html, nothing, svg } from 'lit';
import { OwnTaskElement } from './slices.ts';
import { customElement, property } from 'lit/decorators.js';
import { scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';
import { chartStyles, theme } from './theme.ts';
import { bottomAxis, continuousTicks, gridLines, leftAxis } from './axis.ts';
import { formatNumber } from './format.ts';
import { pickTrial } from './events.ts';
import { paramScale, positionText, type GpParam } from './gp-view-axes.ts';

/** An observation placed on a chart: its position along the axis (or axes) and its value. */
export interface PlacedObservation {
  readonly trial: number;
  readonly pos: number;
  /** The second axis position (heatmaps only). */
  readonly pos2?: number;
  readonly y: number;
  readonly best?: boolean;
}

const W = 640;
const LEFT = 64;
const RIGHT = 16;
const TOP = 10;
/** The mean's panel ends here; the acquisition's panel runs from ACQ_TOP to ACQ_BOTTOM. */
const MEAN_BOTTOM = 220;
const ACQ_TOP = 246;
const ACQ_BOTTOM = 326;
const H = 370;

@customElement('hp-gp-curve')
export class HpGpCurve extends OwnTaskElement {
  static override styles = [
    theme,
    chartStyles,
    css`
      path.band {
        fill: var(--_accent);
        fill-opacity: 0.18;
        stroke: none;
      }
      path.mean,
      line.mean {
        fill: none;
        stroke: var(--_accent);
        stroke-width: 2;
      }
      line.interval {
        stroke: var(--_accent);
        stroke-opacity: 0.5;
        stroke-width: 6;
      }
      path.acq {
        fill: var(--_scale-mid);
        fill-opacity: 0.15;
        stroke: var(--_scale-mid);
        stroke-width: 1.5;
      }
      rect.acq {
        fill: var(--_scale-mid);
        fill-opacity: 0.6;
      }
      circle.obs {
        cursor: pointer;
        fill: var(--_fg);
        fill-opacity: 0.75;
      }
      circle.obs.best {
        fill: var(--_good);
        fill-opacity: 1;
        stroke: var(--_bg);
        stroke-width: 1.5;
      }
      circle.sel {
        fill: none;
        stroke: var(--_highlight);
        stroke-width: 3;
      }
      .next line {
        stroke: var(--_highlight);
        stroke-width: 1.5;
        stroke-dasharray: 4 3;
      }
      .next path {
        fill: var(--_highlight);
      }
      .next text {
        fill: var(--_highlight);
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) param?: GpParam;
  /** Axis positions of the evaluated points. */
  @property({ attribute: false }) xs: readonly number[] = [];
  @property({ attribute: false }) mean?: Float64Array;
  /** The band's edges (mean ± 2 sd of the GP, in the metric's units; ±Infinity where unbounded). */
  @property({ attribute: false }) lo?: Float64Array;
  @property({ attribute: false }) hi?: Float64Array;
  @property({ attribute: false }) acq?: Float64Array;
  @property({ attribute: false }) observations: readonly PlacedObservation[] = [];
  /** The selected trial (the group view's one selection): its observation is ringed on top. */
  @property({ type: Number }) selected?: number;
  /** A click on an observation selects its trial. */
  private readonly _pick = pickTrial(this);
  /** The next suggestion's position along this parameter. */
  @property({ attribute: false }) next?: number;
  @property() metric = 'metric';
  /** The acquisition's name as shown (e.g. "EI, ξ = 0"). */
  @property() acqLabel = 'acquisition';

  /** The text summary read by screen readers. */
  summary(): string {
    const p = this.param;
    const { mean, lo: bLo, hi: bHi, acq, xs } = this;
    if (!p || !mean || !bLo || !bHi || !acq || xs.length === 0) return '';
    let lo = 0;
    let top = 0;
    let wide = 0;
    for (let i = 1; i < xs.length; i++) {
      if (mean[i]! < mean[lo]!) lo = i;
      if (acq[i]! > acq[top]!) top = i;
      if (bHi[i]! - bLo[i]! > bHi[wide]! - bLo[wide]!) wide = i;
    }
    return (
      `GP posterior of ${this.metric} along ${p.name}: mean from ${formatNumber(mean[lo]!)} at ${p.name} = ${positionText(p, xs[lo]!)} ` +
      `to ${formatNumber(Math.max(...mean))}; the ± 2 sd band is widest at ${p.name} = ${positionText(p, xs[wide]!)} ` +
      `(${formatNumber(bLo[wide]!)} to ${formatNumber(bHi[wide]!)}); ${this.observations.length} observations; ` +
      `${this.acqLabel} largest at ${p.name} = ${positionText(p, xs[top]!)} (${formatNumber(acq[top]!)})` +
      (this.next !== undefined ? `; next suggestion at ${p.name} = ${positionText(p, this.next)}.` : '.')
    );
  }

  protected override render() {
    const p = this.param;
    const { mean, lo, hi, acq, xs } = this;
    if (!p || !mean || !lo || !hi || !acq || xs.length === 0 || mean.length !== xs.length) return html`<p class="empty">Evaluating the GP…</p>`;
    const x = paramScale(p, LEFT, W - RIGHT, 8);
    // The scale fits the observations and the mean; the band adds at most half their span on
    // each side (a warped GP's band can be unbounded far from the data) and is cut there.
    const core = [...this.observations.map((o) => o.y), ...mean].filter(Number.isFinite);
    let cMin = Infinity;
    let cMax = -Infinity;
    for (const v of core) {
      if (v < cMin) cMin = v;
      if (v > cMax) cMax = v;
    }
    // Bounds taken once: `cut` runs twice per grid point (taking them in it cost 25 ms a render at 400 trials).
    const span = cMax - cMin || 1;
    const cutHi = cMax + span / 2;
    const cutLo = cMin - span / 2;
    const cut = (v: number) => Math.min(cutHi, Math.max(cutLo, v));
    const band = [...Array.from(lo, cut), ...Array.from(hi, cut)].filter(Number.isFinite);
    const yLo = Math.min(...core, ...band);
    const yHi = Math.max(...core, ...band);
    const y = scaleLinear().domain(yLo === yHi ? [yLo - 1, yHi + 1] : [yLo, yHi]).range([MEAN_BOTTOM, TOP]).nice();
    const aHi = Math.max(...acq);
    const aLo = Math.min(0, ...acq);
    const ya = scaleLinear().domain(aHi === aLo ? [aLo, aLo + 1] : [aLo, aHi]).range([ACQ_BOTTOM, ACQ_TOP]);
    const yTicks = continuousTicks(y, 6);
    const idx = xs.map((_, i) => i);
    const categorical = p.axis === 'categorical';
    const next = this.next;
    const chosen = this.selected === undefined ? undefined : this.observations.find((o) => o.trial === this.selected);
    const label = this.summary() + (chosen ? ` Selected trial ${chosen.trial}: ${p.name} = ${positionText(p, chosen.pos)}, ${this.metric} ${formatNumber(chosen.y)}.` : '');
    return html`
      <div class="toolbar">
        <span class="legend">
          <span><span class="swatch" style="background: var(--_accent)"></span>mean</span>
          <span><span class="swatch" style="background: var(--_accent); opacity: 0.3; height: 8px"></span>± 2 sd</span>
          <span><span class="swatch" style="background: var(--_fg); width: 6px; height: 6px; border-radius: 3px"></span>observed</span>
          <span><span class="swatch" style="background: var(--_good); width: 6px; height: 6px; border-radius: 3px"></span>best</span>
          <span><span class="swatch" style="background: var(--_scale-mid)"></span>${this.acqLabel}</span>
          <span><span class="swatch" style="background: var(--_highlight)"></span>next</span>
          ${chosen ? html`<span><span class="swatch" style="border: 2px solid var(--_highlight); width: 6px; height: 6px; border-radius: 5px; background: none"></span>trial ${chosen.trial}</span>` : nothing}
        </span>
      </div>
      <svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${label}>
        ${gridLines(yTicks, LEFT, W - RIGHT)}
        ${leftAxis(yTicks, LEFT, TOP, MEAN_BOTTOM, this.metric)}
        ${leftAxis(continuousTicks(ya, 2), LEFT, ACQ_TOP, ACQ_BOTTOM, '')}
        <text class="panel" x=${LEFT + 6} y=${ACQ_TOP - 6}>${this.acqLabel}</text>
        ${bottomAxis(x.ticks, ACQ_BOTTOM, LEFT, W - RIGHT, x.title)}
        ${categorical
          ? idx.map((i) => {
              const cx = x(xs[i]!);
              const w = Math.min(28, x.cell * 0.5);
              return svg`<line class="interval" x1=${cx} x2=${cx} y1=${y(cut(lo[i]!))} y2=${y(cut(hi[i]!))}></line>
                <line class="mean" x1=${cx - w / 2} x2=${cx + w / 2} y1=${y(mean[i]!)} y2=${y(mean[i]!)}></line>
                <rect class="acq" x=${cx - w / 2} width=${w} y=${ya(Math.max(0, acq[i]!))} height=${Math.max(0, ya(aLo) - ya(Math.max(0, acq[i]!)))}></rect>`;
            })
          : svg`<path class="band" d=${area<number>((i) => x(xs[i]!), (i) => y(cut(lo[i]!)), (i) => y(cut(hi[i]!)))(idx) ?? ''}></path>
            <path class="mean" d=${line<number>((i) => x(xs[i]!), (i) => y(mean[i]!))(idx) ?? ''}></path>
            <path class="acq" d=${area<number>((i) => x(xs[i]!), () => ya(aLo), (i) => ya(acq[i]!))(idx) ?? ''}></path>`}
        <g class="observations" @click=${this._pick}>
          ${this.observations.map(
            (o) => svg`<circle class="obs ${o.best ? 'best' : ''}" data-trial=${o.trial} cx=${x(o.pos)} cy=${y(o.y)} r=${o.best ? 5 : 3.5}>
              <title>trial ${o.trial}: ${p.name} = ${positionText(p, o.pos)}, ${this.metric} ${formatNumber(o.y)}${o.best ? ' (best)' : ''}</title>
            </circle>`,
          )}
        </g>
        ${next !== undefined
          ? svg`<g class="next">
              <line x1=${x(next)} x2=${x(next)} y1=${TOP} y2=${ACQ_BOTTOM}></line>
              <path d="M ${x(next)} ${ACQ_TOP - 2} l 5 -6 l -5 -6 l -5 6 z"></path>
              <text x=${x(next) > W - 120 ? x(next) - 6 : x(next) + 6} y=${TOP + 10} text-anchor=${x(next) > W - 120 ? 'end' : 'start'}>next ${positionText(p, next)}</text>
            </g>`
          : nothing}
        ${chosen
          ? svg`<circle class="sel" data-trial=${chosen.trial} cx=${x(chosen.pos)} cy=${y(chosen.y)} r="8"><title>selected: trial ${chosen.trial}, ${this.metric} ${formatNumber(chosen.y)}</title></circle>`
          : nothing}
      </svg>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-gp-curve': HpGpCurve;
  }
}
