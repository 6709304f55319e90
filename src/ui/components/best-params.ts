/**
 * `<hp-best-params>`: the best trial's params (the engine's choice, by the group metric's
 * last value, docs/differences.md, "The last reported value decides") with buttons to copy
 * them as YAML or JSON.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { BestTrial, MetricSpec, TrialRecord } from '../../engine/index.ts';
import { theme } from './theme.ts';
import { emit, type CopyFormat } from './events.ts';
import { formatNumber, formatParam, paramText } from './format.ts';
import { paramsToJson, paramsToYaml } from './params-text.ts';
import { copyText } from './clipboard.ts';

@customElement('hp-best-params')
export class HpBestParams extends LitElement {
  static override styles = [
    theme,
    css`
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: baseline;
        justify-content: space-between;
        margin-bottom: 6px;
      }
      .value {
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
      .muted {
        color: var(--_muted);
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 2px 16px;
        margin: 0 0 8px;
        padding: 8px 12px;
        background: var(--_surface);
        border: 1px solid var(--_border);
        border-radius: 6px;
        font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
        font-size: 13px;
      }
      dt {
        color: var(--_muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .actions {
        display: flex;
        gap: 8px;
        align-items: center;
      }
      .note {
        font-size: 12px;
        color: var(--_muted);
      }
      .note.failed {
        color: var(--_bad);
      }
      textarea {
        width: 100%;
        box-sizing: border-box;
        font: 12px ui-monospace, monospace;
        color: var(--_fg);
        background: var(--_bg);
        margin-top: 6px;
      }
    `,
  ];

  /** The best trial, as the group's snapshot gives it. */
  @property({ attribute: false }) best?: BestTrial;
  /** The group's trials by number (the best one's status is shown). */
  @property({ attribute: false }) trials: readonly TrialRecord[] = [];
  /** The group metric and its direction. */
  @property({ attribute: false }) metric?: MetricSpec;

  /** What the last copy did, announced politely; on failure the text is offered to select by hand. */
  @state() private _note?: { format: CopyFormat; ok: boolean; text: string };

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A note about copying another trial's params would mislead once the best changes.
    if (changed.has('best') && changed.get('best')?.trial !== this.best?.trial) this._note = undefined;
  }

  /** The text each button copies, for the best trial's params. */
  textFor(format: CopyFormat): string {
    const params = this.best?.params ?? {};
    return format === 'yaml' ? paramsToYaml(params) : paramsToJson(params);
  }

  private async _copy(format: CopyFormat): Promise<void> {
    const text = this.textFor(format);
    const ok = await copyText(text, this.renderRoot);
    this._note = { format, ok, text };
    emit(this, 'hp-copied', { format, text, ok });
  }

  protected override render() {
    const best = this.best;
    const m = this.metric;
    if (!best || !m) return html`<p class="muted">No trial has reported ${m?.name ?? 'the metric'} yet.</p>`;
    const status = this.trials[best.trial]?.status;
    const note = this._note;
    return html`
      <header>
        <span>Best trial <strong>#${best.trial}</strong>${status ? html` <span class="muted">(${status})</span>` : nothing}</span>
        <span>${m.name} <span class="value">${formatNumber(best.value)}</span> <span class="muted">${m.optimization}</span></span>
      </header>
      <dl aria-label="Parameters of trial ${best.trial}">
        ${Object.entries(best.params).map(([k, v]) => html`<dt>${k}</dt><dd title=${paramText(v)}>${formatParam(v)}</dd>`)}
      </dl>
      <div class="actions">
        <button type="button" @click=${() => this._copy('yaml')}>Copy as YAML</button>
        <button type="button" @click=${() => this._copy('json')}>Copy as JSON</button>
        <span class="note ${note && !note.ok ? 'failed' : ''}" role="status">
          ${note ? (note.ok ? `Copied as ${note.format.toUpperCase()}.` : `Could not copy; select the ${note.format.toUpperCase()} below.`) : ''}
        </span>
      </div>
      ${note && !note.ok
        ? html`<textarea readonly rows="6" aria-label="Best params as ${note.format.toUpperCase()}" .value=${note.text}
            @focus=${(e: Event) => (e.target as HTMLTextAreaElement).select()}></textarea>`
        : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-best-params': HpBestParams;
  }
}
