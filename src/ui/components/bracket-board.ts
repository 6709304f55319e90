/**
 * `<hp-bracket-board>`: Hyperband's, ASHA's and BOHB's successive halving, live. Each bracket
 * is a column of rungs, the top rung first, so a configuration moves up as it is promoted;
 * each trial is a chip (a button) with its value; an eliminated chip is greyed out and shows
 * its rank and the cut-off; the chip's full reason is its title and accessible name
 * (docs/hptuning.md, "How Hyperband runs"; ASHA: Li et al. 2020, Algorithm 2). Picking a
 * chip selects its trial (`hp-trial-select`); the selected trial's lineage is marked on the
 * board and its whole learning curve across rungs is drawn below it.
 *
 * It renders the snapshot's `algorithm` view and `reason`, and computes no group state.
 */
import { css, html, nothing } from 'lit';
import { OwnTaskElement } from './slices.ts';
import { customElement, property } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { lineage, stitchedCurve, type GroupSnapshot, type RungDecision, type RungsView, type TrialRecord } from '../../engine/index.ts';
import { theme } from './theme.ts';
import { formatNumber } from './format.ts';
import { emit } from './events.ts';
import './stitched-curve.ts';

/** The words a screen reader hears for the whole board. */
export function boardSummary(view: RungsView, s: GroupSnapshot): string {
  const what = view.kind === 'asha' ? 'ASHA, one ladder' : `Hyperband, ${view.brackets.length} bracket${view.brackets.length === 1 ? '' : 's'}`;
  const members = view.brackets.reduce((n, b) => n + b.rungs.reduce((m, r) => m + r.trials.length, 0), 0);
  const promoted = view.decisions.filter((d) => d.kind === 'promoted').length;
  const eliminated = view.decisions.filter((d) => d.kind === 'eliminated').length;
  return (
    `${what} by ${view.metric.name} (${view.metric.optimization}), resource ${view.resource}: ${members} trials, ` +
    `${promoted} promoted, ${eliminated} eliminated, ${s.counts.running} running.`
  );
}

@customElement('hp-bracket-board')
export class HpBracketBoard extends OwnTaskElement {
  static override styles = [
    theme,
    css`
      .brackets {
        display: flex;
        flex-wrap: wrap;
        gap: 12px;
        align-items: flex-start;
      }
      .bracket {
        border: 1px solid var(--_border);
        border-radius: 8px;
        padding: 6px 8px;
        min-width: 12rem;
        flex: 1 1 14rem;
        max-width: 100%;
      }
      .bracket h4 {
        margin: 0 0 4px;
        font-size: 13px;
      }
      .rung {
        border-top: 1px dashed var(--_border);
        padding: 4px 0;
      }
      .rung .head {
        color: var(--_muted);
        font-size: 12px;
      }
      .chips {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
        margin-top: 2px;
      }
      button.chip {
        padding: 1px 6px;
        border-radius: 12px;
        font-size: 12px;
        line-height: 1.3;
        text-align: left;
      }
      .chip .v {
        color: var(--_muted);
        margin-left: 4px;
      }
      .chip .cut {
        display: block;
        font-size: 11px;
        color: var(--_muted);
      }
      .chip.running {
        border-color: var(--_running);
        box-shadow: inset 0 0 0 1px var(--_running);
      }
      .chip.created {
        border-style: dashed;
      }
      .chip.promoted {
        border-color: var(--_good);
      }
      .chip.promoted::after {
        content: ' ↑';
        color: var(--_good);
      }
      .chip.eliminated {
        opacity: 0.55;
        background: transparent;
        text-decoration-line: none;
      }
      .chip.eliminated .n {
        text-decoration: line-through;
      }
      .chip.failed {
        border-color: var(--_bad);
      }
      .chip.lineage {
        border-color: var(--_highlight);
        opacity: 1;
      }
      .chip.selected {
        background: var(--_highlight);
        border-color: var(--_highlight);
        color: var(--_accent-fg);
      }
      .chip.selected .v,
      .chip.selected .cut {
        color: inherit;
      }
      .chip.from-below {
        animation: rise 0.4s ease-out;
      }
      @keyframes rise {
        from {
          transform: translateY(14px);
          opacity: 0;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .chip.from-below {
          animation: none;
        }
      }
      .slot {
        display: inline-block;
        width: 2.2em;
        height: 1.3em;
        border: 1px dashed var(--_border);
        border-radius: 12px;
      }
      .curve {
        margin-top: 10px;
      }
      .curve h4 {
        margin: 0 0 4px;
        font-size: 13px;
      }
      .note {
        color: var(--_muted);
        font-size: 12px;
        margin: 6px 0 0;
      }
    `,
  ];

  /** The group's snapshot; its `algorithm` must be a Hyperband or ASHA view. */
  @property({ attribute: false }) snapshot?: GroupSnapshot;
  /** The selected trial (the group view's one selection). */
  @property({ type: Number }) selected?: number;

  /** One listener for every chip: a click on a chip selects its trial. */
  private readonly _pick = (e: Event): void => {
    const chip = (e.target as Element).closest<HTMLElement>('button.chip');
    if (chip) emit(this, 'hp-trial-select', { number: Number(chip.dataset['trial']) });
  };

  private _chip(t: TrialRecord, d: RungDecision | undefined, view: RungsView, inLine: ReadonlySet<number>) {
    const s = this.snapshot!;
    const value = t.metrics[view.metric.name]?.last;
    const state = d ? d.kind : t.status === 'succeeded' ? 'done' : t.status;
    const classes = ['chip', state, inLine.has(t.number) ? 'lineage' : '', this.selected === t.number ? 'selected' : '', t.parent !== undefined ? 'from-below' : ''];
    const reason = s.reason(t.number);
    return html`<button
      type="button"
      class=${classes.join(' ')}
      data-trial=${t.number}
      title=${reason}
      aria-label=${`trial ${t.number}, ${t.status}${value !== undefined ? `, ${view.metric.name} ${formatNumber(value)}` : ''}${reason ? `: ${reason}` : ''}`}
      aria-pressed=${this.selected === t.number ? 'true' : 'false'}
    >
      <span class="n">#${t.number}</span>${value !== undefined ? html`<span class="v">${formatNumber(value)}</span>` : nothing}
      ${d?.kind === 'eliminated' ? html`<span class="cut">rank ${d.rank}/${d.ranked} · cut-off ${formatNumber(d.cutoff)}</span>` : nothing}
    </button>`;
  }

  protected override render() {
    const s = this.snapshot;
    const view = s?.algorithm;
    if (!s || !view || view.kind === 'bo') return html`<p class="empty">No brackets to show: this group does not run successive halving.</p>`;
    const decided = new Map<number, RungDecision>();
    for (const d of view.decisions) decided.set(d.trial, d);
    const inLine = new Set(this.selected === undefined ? [] : lineage(s, this.selected));
    const onBoard = this.selected !== undefined && view.brackets.some((b) => b.rungs.some((r) => r.trials.includes(this.selected!)));
    return html`
      <p class="visually-hidden">${boardSummary(view, s)}</p>
      <div class="brackets" @click=${this._pick}>
        ${view.brackets.map(
          (b) => html`<section class="bracket" aria-label=${b.bracket === undefined ? 'ASHA rungs' : `bracket ${b.bracket}`}>
            <h4>${b.bracket === undefined ? 'Rungs' : `Bracket ${b.bracket}`}</h4>
            ${[...b.rungs].reverse().map((r) => {
              const empty = Math.max(0, r.planned - r.trials.length);
              return html`<div class="rung" data-rung=${r.rung}>
                <div class="head">rung ${r.rung} · ${view.resource} ${formatNumber(r.resource)} · ${r.trials.length} of ${r.planned}</div>
                <div class="chips">
                  ${r.trials.map((n) => {
                    const t = s.trial(n);
                    if (!t) return nothing;
                    // A chip is rebuilt only when its trial, its decision or its selection changed:
                    // a live ASHA group of hundreds of trials re-renders in a few ms per snapshot.
                    const d = decided.get(n);
                    const key = d ? `${d.kind} ${d.rank}/${d.ranked} ${d.cutoff} ${d.child}` : '';
                    return guard([t, key, s.status, this.selected === n, inLine.has(n)], () => this._chip(t, d, view, inLine));
                  })}
                  ${Array.from({ length: Math.min(empty, 30) }, () => html`<span class="slot" aria-hidden="true"></span>`)}
                </div>
              </div>`;
            })}
          </section>`,
        )}
      </div>
      <p class="note">Top rung first: a promoted trial (↑) continues as a new trial one rung up; a greyed chip was eliminated, with its rank and the cut-off. Pick a chip to see its configuration's whole curve.</p>
      ${onBoard
        ? html`<div class="curve">
            <h4>Trial #${this.selected}'s configuration across rungs</h4>
            <hp-stitched-curve .segments=${stitchedCurve(s, this.selected!, view.metric.name)} .metric=${view.metric.name}></hp-stitched-curve>
          </div>`
        : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-bracket-board': HpBracketBoard;
  }
}
