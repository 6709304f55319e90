/**
 * `<hp-confirm-delete>`: a Delete button that asks first, inline (no modal to trap focus):
 * "Delete NAME and its N trials?" with Delete and Cancel; confirming sends
 * `hp-delete-group`. Disabled while the group runs (stop it first).
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../components/theme.ts';
import { intent } from '../app/intents.ts';

@customElement('hp-confirm-delete')
export class HpConfirmDelete extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: inline-block;
        background: transparent;
      }
      .ask {
        display: inline-flex;
        gap: 6px;
        align-items: center;
      }
      button.danger {
        color: var(--_bad);
      }
      button.confirm {
        background: var(--_bad);
        border-color: var(--_bad);
        color: var(--_bg);
      }
    `,
  ];

  @property() groupId = '';
  @property() name = '';
  @property({ type: Number }) trials = 0;
  @property({ type: Boolean }) disabled = false;
  @state() private _asking = false;

  protected override updated(): void {
    if (this._asking) this.renderRoot.querySelector<HTMLButtonElement>('button.confirm')?.focus();
  }

  protected override render() {
    if (!this._asking) {
      return html`<button type="button" class="danger" ?disabled=${this.disabled} title=${this.disabled ? 'Stop or pause the group before deleting it' : ''}
        aria-label="Delete group ${this.name}" @click=${() => (this._asking = true)}>Delete</button>`;
    }
    return html`<span class="ask" role="group" aria-label="Confirm deletion">
      <span>Delete ${this.name} and its ${this.trials} trial${this.trials === 1 ? '' : 's'}?</span>
      <button type="button" class="confirm" @click=${this._confirm}>Delete</button>
      <button type="button" @click=${() => (this._asking = false)} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (this._asking = false)}>Cancel</button>
    </span>`;
  }

  private _confirm(): void {
    this._asking = false;
    intent(this, 'hp-delete-group', { groupId: this.groupId });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-confirm-delete': HpConfirmDelete;
  }
}
