/**
 * `<hp-gp-knobs>`: the GP view's what-if knobs: the acquisition function (UCB, EI, POI), κ
 * (UCB's weight on the standard deviation) and ξ (EI's and POI's improvement threshold,
 * the spec's `eps`, in the metric's units) (docs/hptuning.md, "Acquisition functions").
 * They change only the chart: the group keeps the settings of its spec. A value out of
 * range is refused where it was typed, with the allowed range, and nothing is recomputed.
 * Sends `hp-gp-knobs` with the accepted settings.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { AcquisitionKind } from '../../engine/index.ts';
import { theme } from './theme.ts';
import { formatNumber } from './format.ts';

export interface AcquisitionSettings {
  readonly kind: AcquisitionKind;
  readonly kappa: number;
  readonly xi: number;
}

export const ACQUISITION_NAMES: Readonly<Record<AcquisitionKind, string>> = {
  ucb: 'UCB (upper confidence bound)',
  ei: 'EI (expected improvement)',
  poi: 'POI (probability of improvement)',
};

/** The acquisition's short name with its parameter, e.g. "EI, ξ = 0.01". */
export function acquisitionLabel(a: AcquisitionSettings): string {
  return a.kind === 'ucb' ? `UCB, κ = ${formatNumber(a.kappa)}` : `${a.kind.toUpperCase()}, ξ = ${formatNumber(a.xi)}`;
}

/** Why a typed κ or ξ is refused (both must be finite and ≥ 0), or undefined when it is accepted. */
export function knobError(name: 'κ' | 'ξ', text: string): string | undefined {
  const v = text.trim() === '' ? NaN : Number(text);
  if (Number.isFinite(v) && v >= 0) return undefined;
  return `${name} must be a number ≥ 0 (allowed: 0 to any finite value); got ${text.trim() === '' ? 'nothing' : JSON.stringify(text)}. The chart keeps ${name} at its last accepted value.`;
}

/** Controls with their label above them, as the GP view's pickers and knobs show them (on the page's background). */
export const labelledControls = css`
  :host {
    background: transparent;
  }
  label {
    display: flex;
    flex-direction: column;
    font-size: 12px;
    color: var(--_muted);
    gap: 2px;
  }
  input,
  select {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
  }
`;

@customElement('hp-gp-knobs')
export class HpGpKnobs extends LitElement {
  static override styles = [
    theme,
    labelledControls,
    css`
      fieldset {
        border: 1px solid var(--_border);
        border-radius: 6px;
        display: flex;
        flex-wrap: wrap;
        gap: 8px 16px;
        align-items: flex-start;
        margin: 0;
        padding: 6px 10px 8px;
      }
      legend {
        font-size: 13px;
        color: var(--_muted);
      }
      input,
      select {
        border: 1px solid var(--_border);
        border-radius: 4px;
        padding: 2px 4px;
      }
      input {
        width: 7em;
      }
      input[aria-invalid='true'] {
        border-color: var(--_bad);
      }
      .error {
        color: var(--_bad);
        font-size: 12px;
        max-width: 24rem;
        margin: 2px 0 0;
      }
      button {
        align-self: flex-end;
        font-size: 12px;
      }
    `,
  ];

  /** The group's own settings (from its spec): the starting values, and what Reset restores. */
  @property({ attribute: false }) defaults: AcquisitionSettings = { kind: 'ei', kappa: 2.576, xi: 0 };

  /** The settings the chart shows (the last accepted ones). */
  @state() private _value?: AcquisitionSettings;
  @state() private _errors: { kappa?: string; xi?: string } = {};

  get value(): AcquisitionSettings {
    return this._value ?? this.defaults;
  }

  private _set(next: AcquisitionSettings): void {
    this._value = next;
    this.dispatchEvent(new CustomEvent<AcquisitionSettings>('hp-gp-knobs', { detail: next, bubbles: true, composed: true }));
  }

  private _number(which: 'kappa' | 'xi', e: Event): void {
    const text = (e.target as HTMLInputElement).value;
    const error = knobError(which === 'kappa' ? 'κ' : 'ξ', text);
    this._errors = { ...this._errors, [which]: error };
    if (error === undefined) this._set({ ...this.value, [which]: Number(text) });
  }

  private _reset(): void {
    this._errors = {};
    this._value = undefined;
    for (const input of this.renderRoot.querySelectorAll('input')) input.value = String(this.defaults[input.name as 'kappa' | 'xi']);
    const select = this.renderRoot.querySelector('select');
    if (select) select.value = this.defaults.kind;
    this._set(this.defaults);
  }

  private _input(which: 'kappa' | 'xi', label: string) {
    const error = this._errors[which];
    return html`<label
      >${label}
      <input
        name=${which}
        type="text"
        inputmode="decimal"
        .value=${String(this.defaults[which])}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby="${which}-error"
        @input=${(ev: Event) => this._number(which, ev)}
      />
      ${error ? html`<p class="error" id="${which}-error" role="alert">${error}</p>` : nothing}
    </label>`;
  }

  protected override render() {
    const v = this.value;
    const d = this.defaults;
    const e = this._errors;
    const changed = v.kind !== d.kind || v.kappa !== d.kappa || v.xi !== d.xi || e.kappa !== undefined || e.xi !== undefined;
    return html`
      <fieldset>
        <legend>What if? (changes this chart only; the group keeps ${acquisitionLabel(d)})</legend>
        <label
          >Acquisition function
          <select @change=${(ev: Event) => this._set({ ...v, kind: (ev.target as HTMLSelectElement).value as AcquisitionKind })}>
            ${(['ucb', 'ei', 'poi'] as const).map((k) => html`<option value=${k} ?selected=${k === v.kind}>${ACQUISITION_NAMES[k]}</option>`)}
          </select>
        </label>
        ${this._input('kappa', 'κ (UCB)')} ${this._input('xi', "ξ (EI, POI; in the metric's units)")}
        <button type="button" ?disabled=${!changed} @click=${this._reset}>Use the group's settings</button>
      </fieldset>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-gp-knobs': HpGpKnobs;
  }
}
