/**
 * `<hp-importance>`: how much of the metric's variation each parameter explains, by fANOVA
 * (Hutter, Hoos, Leyton-Brown 2014, "An Efficient Approach for Assessing Hyperparameter
 * Importance") over a seeded random forest, as Optuna's default importance evaluator
 * computes it (src/engine/analysis/fanova.ts). One bar per parameter, largest first; the
 * method is named and cited on the view, and the share the main effects leave to
 * interactions is said in words.
 */
import { css, html, nothing, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Importance } from '../../engine/index.ts';
import { chartStyles, containedChart, theme } from './theme.ts';
import { OwnTaskElement } from './slices.ts';
import { formatNumber } from './format.ts';

const WIDTH = 640;
const ROW = 26;
const LEFT = 150;
const RIGHT = 70;

/** A share as a percentage in 4 significant digits. */
export const percent = (f: number): string => `${formatNumber(f * 100)} %`;

@customElement('hp-importance')
export class HpImportance extends OwnTaskElement {
  static override styles = [
    theme,
    chartStyles,
    containedChart,
    css`
      rect.bar {
        fill: var(--_accent);
      }
      line.sd {
        stroke: var(--_fg);
        stroke-opacity: 0.6;
      }
      svg text.name {
        fill: var(--_fg);
      }
      svg {
        max-width: 720px;
      }
      .method {
        color: var(--_muted);
        font-size: 12px;
        margin: 6px 0 0;
      }
    `,
  ];

  /** The parameters, in the order of `importance`'s entries. */
  @property({ attribute: false }) names: readonly string[] = [];
  @property({ attribute: false }) importance?: Importance;
  /** Trials the forest was fitted on. */
  @property({ type: Number }) trials = 0;
  /** Trees in the forest. */
  @property({ type: Number }) trees = 64;
  /** Why there is nothing to show (too few trials, no parameter varies). */
  @property() empty = '';

  protected override render() {
    const imp = this.importance;
    if (this.empty || !imp) return html`<p class="empty">${this.empty || 'Computing…'}</p>`;
    const rows = this.names.map((name, i) => ({ name, share: imp.share[i]!, fraction: imp.fraction[i]!, sd: imp.sd[i]! })).sort((a, b) => b.share - a.share);
    const explained = imp.fraction.reduce((a, b) => a + b, 0);
    const height = rows.length * ROW + 8;
    const scale = (f: number) => LEFT + f * (WIDTH - LEFT - RIGHT);
    const total = rows.reduce((a, r) => a + r.fraction, 0);
    const label =
      `Parameter importance by fANOVA over ${this.trials} trials: ` +
      rows.map((r) => `${r.name} ${percent(r.share)}`).join(', ') +
      `. Main effects explain ${percent(Math.min(1, explained))} of the variance.`;
    return html`
      <svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label=${label}>
        ${rows.map((r, i) => {
          const y = 4 + i * ROW;
          // The spread over the trees, on the same scale as the share (fraction × share / fraction).
          const k = total > 0 ? 1 / total : 0;
          return svg`<g data-param=${r.name}>
            <text class="name" x=${LEFT - 8} y=${y + ROW / 2} dy="0.32em" text-anchor="end">${r.name}</text>
            <rect class="bar" x=${LEFT} y=${y + 4} width=${Math.max(0, scale(r.share) - LEFT)} height=${ROW - 8}></rect>
            ${r.sd > 0 && k > 0
              ? svg`<line class="sd" x1=${scale(Math.max(0, (r.fraction - r.sd) * k))} x2=${scale(Math.min(1, (r.fraction + r.sd) * k))} y1=${y + ROW / 2} y2=${y + ROW / 2}></line>`
              : nothing}
            <text x=${Math.min(WIDTH - RIGHT, scale(Math.max(r.share, r.sd > 0 && k > 0 ? (r.fraction + r.sd) * k : 0))) + 6} y=${y + ROW / 2} dy="0.32em">${percent(r.share)}</text>
          </g>`;
        })}
      </svg>
      <p class="method">
        Method: fANOVA (Hutter, Hoos and Leyton-Brown 2014,
        <cite>An Efficient Approach for Assessing Hyperparameter Importance</cite>, ICML) on a seeded random forest of
        ${this.trees} trees fitted to ${this.trials} finished trials, as Optuna's default importance evaluator. Each bar is a
        parameter's main effect as a share of all main effects (the line: its spread over the trees); together the main
        effects explain ${percent(Math.min(1, explained))} of the forest's variance, the rest is in interactions.
      </p>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-importance': HpImportance;
  }
}
