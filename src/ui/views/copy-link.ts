/**
 * `<hp-copy-link>`: the "Copy link" button of the new-group view and the group view. It puts
 * the spec and seed into a link (app/share-link.ts) and copies it; a spec too big for a
 * link says so and offers the spec as a file instead (docs/deploy.md, "Links").
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../components/theme.ts';
import { copyText } from '../components/clipboard.ts';
import { download } from '../app/files.ts';
import { encodeLink, linkUrl, MAX_LINK_CHARS, type SharedLink } from '../app/share-link.ts';

type Outcome = { readonly kind: 'copied'; readonly url: string; readonly ok: boolean } | { readonly kind: 'too-big'; readonly chars: number };

@customElement('hp-copy-link')
export class HpCopyLink extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: inline-block;
        position: relative;
      }
      .message {
        position: absolute;
        z-index: 2;
        top: calc(100% + 6px);
        left: 0;
        width: max-content;
        max-width: min(30rem, 90vw);
        padding: 8px 12px;
        border: 1px solid var(--_border);
        border-radius: 6px;
        background: var(--_bg);
        box-shadow: 0 4px 14px rgb(0 0 0 / 0.15);
        font-size: 13px;
      }
      :host([align='end']) .message {
        left: auto;
        right: 0;
      }
      .message.warn {
        border-color: var(--_warn);
      }
      .message p {
        margin: 0 0 6px;
      }
      .row {
        margin-top: 6px;
        display: flex;
        gap: 6px;
        align-items: center;
        flex-wrap: wrap;
      }
      input {
        width: 100%;
        box-sizing: border-box;
        font-family: ui-monospace, monospace;
        font-size: 12px;
      }
    `,
  ];

  /** The spec texts: one for a group, two or more for a race. */
  @property({ attribute: false }) specs: readonly string[] = [];
  @property({ attribute: false }) seed?: number;
  @property() kind: SharedLink['kind'] = 'group';
  /** The name for the spec file offered when the link would be too long. */
  @property() name = 'spec';
  @property({ type: Boolean }) disabled = false;
  /** Which edge of the button the message lines up with: `end` for a button at the right of the page. */
  @property({ reflect: true }) align: 'start' | 'end' = 'start';

  @state() private _outcome?: Outcome;

  private async _copy(): Promise<void> {
    const url = linkUrl(await encodeLink({ kind: this.kind, specs: this.specs, ...(this.seed !== undefined && { seed: this.seed }) }), location.href);
    if (url.length > MAX_LINK_CHARS) {
      this._outcome = { kind: 'too-big', chars: url.length };
      return;
    }
    const ok = await copyText(url, this.renderRoot);
    this._outcome = { kind: 'copied', url, ok };
  }

  private _download(): void {
    this.specs.forEach((text, i) => {
      const ext = text.trimStart().startsWith('{') ? 'json' : 'yaml';
      const suffix = this.specs.length > 1 ? `-${i + 1}` : '';
      download(`${this.name}${suffix}.${ext}`, text, ext === 'json' ? 'application/json' : 'text/yaml');
    });
    this._outcome = undefined;
  }

  protected override render() {
    return html`<button type="button" ?disabled=${this.disabled} @click=${() => void this._copy()}>Copy link</button>${this._message()}`;
  }

  private _message() {
    const o = this._outcome;
    if (!o) return nothing;
    const close = html`<button type="button" @click=${() => (this._outcome = undefined)}>Close</button>`;
    if (o.kind === 'too-big') {
      return html`<div class="message warn" role="alert">
        <p>This spec is too big for a link: its link would be ${o.chars.toLocaleString('en')} characters, and a link holds at most ${MAX_LINK_CHARS.toLocaleString('en')}.</p>
        <p>Share the spec as a file instead; it opens with New group (drop it on the editor).</p>
        <div class="row"><button type="button" class="primary" @click=${() => this._download()}>Download the spec</button>${close}</div>
      </div>`;
    }
    return html`<div class="message" role="status">
      <p>${o.ok ? `Link copied (${o.url.length.toLocaleString('en')} characters). It opens this spec, ready to create; nothing runs until then.` : 'The clipboard refused the link: select it and copy it by hand.'}</p>
      <input readonly aria-label="The link" .value=${o.url} @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} />
      <div class="row">${close}</div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-copy-link': HpCopyLink;
  }
}
