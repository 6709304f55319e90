/**
 * `<hp-race-racer>`: one algorithm of a race: its status in a line, its generated spec one
 * click away, and its own view of the search: the GP view for Bayesian optimization, the
 * bracket board for Hyperband, ASHA and BOHB, the trials table otherwise (and for BO when
 * the GP view is not part of this build). A trial picked in that view (a chip, a table row)
 * is highlighted in it, as in the group view; each racer keeps its own selection.
 */
import { css, html, nothing } from 'lit';
import { OwnTaskElement } from '../components/slices.ts';
import { customElement, property, state } from 'lit/decorators.js';
import type { GroupSnapshot } from '../../engine/index.ts';
import { theme } from '../components/theme.ts';
import { formatNumber } from '../components/format.ts';
import { ALGORITHM_LABELS, type RaceAlgorithm } from '../app/race-settings.ts';
import type { RaceLine } from '../app/race-curve.ts';
import type { TrialSelectDetail } from '../components/events.ts';
import '../components/trials-table.ts';
import '../components/bracket-board.ts';
// The race page is a chunk of its own (loaded when opened), so the GP view comes with it.
import '../components/gp-view.ts';

const BOARD: ReadonlySet<RaceAlgorithm> = new Set(['hyperband', 'asha', 'bohb']);

@customElement('hp-race-racer')
export class HpRaceRacer extends OwnTaskElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
        border: 1px solid var(--_border);
        border-radius: 8px;
        padding: 10px 12px;
        min-width: 0;
      }
      h3 {
        font-size: 15px;
        margin: 0 0 4px;
        display: flex;
        align-items: center;
        gap: 8px;
      }
      .swatch {
        display: inline-block;
        width: 22px;
        border-top: 3px solid;
      }
      .status {
        margin: 0 0 6px;
        color: var(--_muted);
        font-size: 13px;
      }
      details {
        margin: 0 0 8px;
      }
      summary {
        cursor: pointer;
        font-size: 13px;
      }
      pre {
        font-size: 12px;
        background: var(--_surface);
        border: 1px solid var(--_border);
        border-radius: 6px;
        padding: 8px;
        overflow: auto;
        max-height: 22rem;
      }
    `,
  ];

  @property() algorithm: RaceAlgorithm = 'random';
  @property({ attribute: false }) snapshot?: GroupSnapshot;
  @property({ attribute: false }) line?: RaceLine;
  @property() spec = '';
  /** The line's colour and dash on the race chart. */
  @property() color = 'var(--_accent)';
  @property() dash = '';
  @property({ type: Number }) minimum = 0;
  @property() unit = 'evaluations';
  /** The trial picked in this racer's view; picking it again clears it. */
  @state() private _selected?: number;

  private readonly _select = (e: CustomEvent<TrialSelectDetail>): void => {
    e.stopPropagation();
    this._selected = this._selected === e.detail.number ? undefined : e.detail.number;
  };

  private _status(): string {
    const s = this.snapshot;
    if (!s) return 'Waiting to start.';
    const best = this.line?.points.at(-1)?.best;
    const parts = [
      s.status === 'running' ? 'running' : s.status,
      `${s.progress.done} trial${s.progress.done === 1 ? '' : 's'} finished`,
      `${formatNumber(this.line?.spent ?? 0)} ${this.unit} spent`,
      best === undefined ? 'no result yet' : `best loss ${formatNumber(best)} (regret ${formatNumber(best - this.minimum)})`,
    ];
    const ended = s.ended && s.ended.kind !== 'exhausted' ? `: ${s.ended.message}` : '';
    return parts.join(' · ') + ended;
  }

  protected override render() {
    const label = ALGORITHM_LABELS[this.algorithm];
    return html`
      <h3><span class="swatch" aria-hidden="true" style="border-top-color: ${this.color}; border-top-style: ${this.dash ? 'dashed' : 'solid'}"></span>${label}</h3>
      <p class="status">${this._status()}</p>
      <details>
        <summary>Spec of the ${label} group</summary>
        <pre tabindex="0" aria-label=${`Spec of the ${label} group`}>${this.spec}</pre>
      </details>
      ${this._own()}
    `;
  }

  private _own() {
    const s = this.snapshot;
    if (!s) return nothing;
    const sel = this._selected;
    if (BOARD.has(this.algorithm) && s.algorithm) return html`<hp-bracket-board .snapshot=${s} .selected=${sel} @hp-trial-select=${this._select}></hp-bracket-board>`;
    if (this.algorithm === 'bo' && s.algorithm) return html`<hp-gp-view .snapshot=${s} .selected=${sel} @hp-trial-select=${this._select}></hp-gp-view>`;
    return html`<hp-trials-table .trials=${s.trials} .metric=${s.metric} .selected=${sel} .reason=${(n: number) => s.reason(n)} page-size="10" @hp-trial-select=${this._select}></hp-trials-table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-race-racer': HpRaceRacer;
  }
}
