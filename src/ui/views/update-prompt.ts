/**
 * `<hp-update-prompt>`: "A new version of hptune is ready" with a Reload button, shown when
 * a new build has been downloaded (app/updates.ts). Nothing reloads without the click, so a
 * running group is never cut short; Later hides the prompt until the next offer.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { theme } from '../components/theme.ts';
import { registerServiceWorker, type UpdateOffer } from '../app/updates.ts';

@customElement('hp-update-prompt')
export class HpUpdatePrompt extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        position: fixed;
        z-index: 10;
        right: 16px;
        bottom: 16px;
        max-width: min(26rem, calc(100vw - 32px));
      }
      div {
        display: flex;
        gap: 10px;
        align-items: center;
        flex-wrap: wrap;
        padding: 10px 14px;
        border: 1px solid var(--_accent);
        border-radius: 8px;
        background: var(--_bg);
        box-shadow: 0 6px 18px rgb(0 0 0 / 0.18);
      }
      p {
        margin: 0;
        flex: 1 1 100%;
      }
      button.primary {
        background: var(--_accent);
        color: var(--_accent-fg);
        border-color: var(--_accent);
      }
    `,
  ];

  @property({ attribute: false }) offer?: UpdateOffer;

  protected override render() {
    const o = this.offer;
    if (!o) return nothing;
    const text =
      o.kind === 'waiting'
        ? 'A new version of hptune is ready. Reload to update; your groups are kept (a running group resumes after the reload).'
        : 'hptune was updated in another tab. Reload this tab to use the new version.';
    return html`<div role="status" aria-live="polite">
      <p>${text}</p>
      <button type="button" class="primary" @click=${() => o.apply()}>Reload to update</button>
      <button type="button" @click=${() => (this.offer = undefined)}>Later</button>
    </div>`;
  }
}

/** Puts the prompt at the end of `parent` and registers the service worker, whose offers it shows. */
export function mountUpdatePrompt(parent: HTMLElement): Promise<void> {
  const prompt = parent.appendChild(document.createElement('hp-update-prompt'));
  return registerServiceWorker((offer) => (prompt.offer = offer));
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-update-prompt': HpUpdatePrompt;
  }
}
