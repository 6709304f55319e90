/**
 * `<hp-stitched-curve>`: one configuration's whole learning curve across rungs (Hyperband,
 * ASHA, BOHB): a line per trial it ran as, first rung first, from the engine's
 * `stitchedCurve` (which follows the parent and resumeFrom chains). A resumed trial's steps
 * continue its parent's, so the line runs on; a trial trained from scratch starts again at
 * its first step (docs/differences.md, "Resuming a promoted trial"). Used by the bracket
 * board and the trial detail.
 */
import { LitElement, css, html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { scaleLinear } from 'd3-scale';
import type { CurveSegment } from '../../engine/index.ts';
import { chartStyles, theme } from './theme.ts';
import { bottomAxis, continuousTicks, leftAxis, type Frame } from './axis.ts';
import { formatNumber } from './format.ts';

const FRAME: Frame = { width: 520, height: 200, top: 10, right: 12, bottom: 40, left: 56 };

/** The words a screen reader hears for the curve. */
export function curveSummary(segments: readonly CurveSegment[], metric: string): string {
  const points = segments.flatMap((s) => s.points);
  if (points.length === 0) return `No report of ${metric} yet.`;
  const parts = segments.map((s) => {
    const last = s.points.at(-1);
    const how = s.resumed ? 'resumed' : 'from scratch';
    return `trial ${s.trial}${s.resource !== undefined ? ` to ${formatNumber(s.resource)}` : ''} (${how}): ${s.points.length} reports${last ? `, last ${formatNumber(last.value)} at step ${last.step}` : ''}`;
  });
  return `Learning curve of ${metric} across ${segments.length} trial${segments.length === 1 ? '' : 's'}: ${parts.join('; ')}.`;
}

@customElement('hp-stitched-curve')
export class HpStitchedCurve extends LitElement {
  static override styles = [
    theme,
    chartStyles,
    css`
      :host {
        max-width: 36rem;
      }
      path.seg {
        fill: none;
        stroke-width: 2;
      }
      circle.join {
        fill: var(--_bg);
        stroke-width: 2;
      }
    `,
  ];

  /** The segments, first rung first (engine `stitchedCurve`). */
  @property({ attribute: false }) segments: readonly CurveSegment[] = [];
  @property() metric = '';

  protected override render() {
    const segs = this.segments;
    const label = curveSummary(segs, this.metric);
    const points = segs.flatMap((s) => s.points);
    if (points.length === 0) return html`<p class="empty">${label}</p>`;
    const f = FRAME;
    const steps = points.map((p) => p.step);
    const values = points.map((p) => p.value);
    const [s0, s1] = [Math.min(...steps), Math.max(...steps)];
    const [v0, v1] = [Math.min(...values), Math.max(...values)];
    const x = scaleLinear().domain(s0 === s1 ? [s0 - 1, s1 + 1] : [s0, s1]).range([f.left + 4, f.width - f.right - 4]);
    const y = scaleLinear().domain(v0 === v1 ? [v0 - 1, v1 + 1] : [v0, v1]).range([f.height - f.bottom - 4, f.top]).nice();
    // One colour per rung, from the chart palette, the last (the selected trial) in the highlight colour.
    const colours = ['--_scale-worst', '--_scale-mid', '--_scale-best'];
    const colour = (i: number) => (i === segs.length - 1 ? 'var(--_highlight)' : `var(${colours[i % colours.length]})`);
    return html`
      <div class="toolbar">
        <span class="legend">
          ${segs.map(
            (s, i) => html`<span><span class="swatch" style="background: ${colour(i)}"></span>#${s.trial}${s.resource !== undefined ? ` (${formatNumber(s.resource)})` : ''}</span>`,
          )}
        </span>
      </div>
      <svg viewBox="0 0 ${f.width} ${f.height}" role="img" aria-label=${label}>
        ${leftAxis(continuousTicks(y, 5), f.left, f.top, f.height - f.bottom, this.metric)}
        ${bottomAxis(continuousTicks(x, 8).filter((t) => Number.isInteger(Number(t.label))), f.height - f.bottom, f.left, f.width - f.right, 'step')}
        ${segs.map((s, i) => {
          // A resumed trial's line starts at its parent's last report: one unbroken curve.
          const from = s.resumed ? segs[i - 1]?.points.at(-1) : undefined;
          const d = [...(from ? [from] : []), ...s.points].map((p, k) => `${k ? 'L' : 'M'}${x(p.step)},${y(p.value)}`).join('');
          const first = s.points[0];
          return svg`<g data-trial=${s.trial}>
            <path class="seg" d=${d} style="stroke: ${colour(i)}"></path>
            ${first && i > 0 ? svg`<circle class="join" cx=${x(first.step)} cy=${y(first.value)} r="3" style="stroke: ${colour(i)}"><title>trial ${s.trial} starts${s.resumed ? ` from trial ${segs[i - 1]!.trial}'s checkpoint` : ' from scratch'}</title></circle>` : ''}
          </g>`;
        })}
      </svg>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-stitched-curve': HpStitchedCurve;
  }
}
