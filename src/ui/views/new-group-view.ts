/**
 * `<hp-new-group-view>`: write or pick a spec, see its problems (line:column, the line
 * marked in the editor) and its plan while typing, then create the group (new
 * group). Examples are one click away; `from` opens a copy of an existing group's spec, and
 * `link` a shared link's spec and seed (app/share-link.ts): shown and validated, never run
 * until the user creates the group; a damaged link is refused whole, with a message.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { planGroup, type ParseResult, type Plan, type SpecIssue } from '../../engine/index.ts';
import { theme } from '../components/theme.ts';
import { servicesContext, type AppServices } from '../app/context.ts';
import { EXAMPLES, fetchExample } from '../app/examples.ts';
import { intent } from '../app/intents.ts';
import { decodeLink, withSeed } from '../app/share-link.ts';
import type { HpSpecEditor } from './spec-editor.ts';
import './spec-editor.ts';
import './plan-preview.ts';
import './copy-link.ts';

@customElement('hp-new-group-view')
export class HpNewGroupView extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        background: transparent;
      }
      .examples {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin: 0 0 12px;
        padding: 0;
        list-style: none;
      }
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(18rem, 2fr);
        gap: 20px;
      }
      @media (max-width: 900px) {
        .layout {
          grid-template-columns: 1fr;
        }
      }
      h2 {
        font-size: 16px;
        margin: 0 0 8px;
      }
      .problems {
        margin: 8px 0;
        padding: 0;
        list-style: none;
      }
      .problems li {
        margin: 2px 0;
      }
      .problems button {
        border: 0;
        background: none;
        padding: 2px 4px;
        text-align: left;
        cursor: pointer;
        font: inherit;
      }
      .problems .error button {
        color: var(--_bad);
      }
      .problems .warning button {
        color: var(--_warn);
      }
      .where {
        font-family: ui-monospace, monospace;
        font-weight: 600;
      }
      .ok {
        color: var(--_good);
        margin: 8px 0;
      }
      .actions {
        display: flex;
        gap: 8px;
        margin-top: 12px;
      }
      button.primary:not(:disabled) {
        background: var(--_accent);
        color: var(--_accent-fg);
        border-color: var(--_accent);
      }
      .hint {
        color: var(--_muted);
        font-size: 13px;
      }
      .link-note {
        border-radius: 6px;
        padding: 8px 12px;
        margin: 0 0 12px;
        border: 1px solid var(--_border);
        background: var(--_surface);
      }
      .link-note.error {
        border-color: var(--_bad);
        color: var(--_bad);
      }
    `,
  ];

  @consume({ context: servicesContext }) private _services?: AppServices;

  /** Load this example (a name in examples.ts). */
  @property() example?: string;
  /** Load a copy of this group's spec. */
  @property() from?: string;
  /** Load this shared link's payload (what follows `link=` in the URL). */
  @property() link?: string;

  @state() private _source = '';
  @state() private _result?: ParseResult;
  @state() private _plan?: Plan;
  /** What the link in the URL gave: its spec opened, or why it was refused. */
  @state() private _linkNote?: { readonly error: boolean; readonly text: string };
  @query('hp-spec-editor') private _editor!: HpSpecEditor;
  private _timer?: ReturnType<typeof setTimeout>;
  /**
   * Bumped by every load and every edit: a fetch that answers after a newer load or an
   * edit is dropped, so a slow default example never replaces what the user chose or typed.
   */
  private _generation = 0;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || changed.has('example') || changed.has('from') || changed.has('link')) void this._loadInitial();
  }

  private async _loadInitial(): Promise<void> {
    const generation = ++this._generation;
    this._linkNote = undefined;
    try {
      if (this.link !== undefined) {
        // Decoded whole before anything is shown: a damaged link changes nothing but the note.
        const decoded = await decodeLink(this.link);
        if (generation !== this._generation) return;
        if (!decoded.ok) this._linkNote = { error: true, text: `${decoded.message} The editor shows the default example.` };
        else if (decoded.link.kind !== 'group') {
          this._linkNote = { error: true, text: `This link holds a race of ${decoded.link.specs.length} specs, which this page does not open. Nothing from it was applied.` };
        } else {
          this._set(withSeed(decoded.link.specs[0]!, decoded.link.seed));
          this._linkNote = { error: false, text: 'Opened from a link. Check the spec and its plan; nothing runs until you create the group.' };
          return;
        }
      }
      if (this.from) {
        const g = await this._services?.engine.group(this.from);
        if (generation !== this._generation) return;
        if (g) return this._set(g.source);
        intent(this, 'hp-notice', { message: `There is no group ${this.from} to copy.`, error: true });
      }
      const text = await fetchExample(this.example ?? 'bo');
      if (generation === this._generation) this._set(text);
    } catch (e) {
      intent(this, 'hp-notice', { message: (e as Error).message, error: true });
    }
  }

  private async _loadExample(name: string): Promise<void> {
    const generation = ++this._generation;
    try {
      const text = await fetchExample(name);
      if (generation !== this._generation) return;
      this._set(text);
      intent(this, 'hp-notice', { message: `Loaded the ${name} example.`, error: false });
    } catch (e) {
      intent(this, 'hp-notice', { message: (e as Error).message, error: true });
    }
  }

  /** Validation on every keystroke, debounced a little so typing never waits on it. */
  private _set(source: string, debounce = 0): void {
    this._source = source;
    clearTimeout(this._timer);
    const check = () => {
      const r = this._services ? this._services.engine.check(source) : undefined;
      this._result = r;
      this._plan = r?.ok ? planGroup(r.spec) : undefined;
    };
    if (debounce > 0) this._timer = setTimeout(check, debounce);
    else check();
  }

  private _create(start: boolean): void {
    if (!this._result?.ok) return;
    intent(this, 'hp-create-group', { source: this._source, start });
  }

  protected override render() {
    const r = this._result;
    const issues: readonly SpecIssue[] = r && !r.ok ? r.issues : [];
    const warnings = r?.warnings ?? [];
    return html`
      ${this._linkNote
        ? html`<p class="link-note ${this._linkNote.error ? 'error' : ''}" role=${this._linkNote.error ? 'alert' : 'status'}>${this._linkNote.text}</p>`
        : nothing}
      <h2 id="examples-label">Examples</h2>
      <ul class="examples" aria-labelledby="examples-label">
        ${EXAMPLES.map(
          (e) => html`<li><button type="button" title=${e.description} @click=${() => this._loadExample(e.name)}>${e.label}</button></li>`,
        )}
      </ul>
      <div class="layout">
        <section aria-labelledby="spec-label">
          <h2 id="spec-label">Spec</h2>
          <hp-spec-editor
            .value=${this._source}
            .issues=${[...issues, ...warnings]}
            @hp-spec-change=${(e: CustomEvent<{ text: string }>) => (++this._generation, this._set(e.detail.text, 120))}
          ></hp-spec-editor>
          <p class="hint">YAML or JSON; drop a .yaml file here. Tab indents; press Escape then Tab to leave the editor.</p>
          <div role="status" aria-live="polite" id="problems">
            ${issues.length > 0
              ? html`<p><strong>${issues.length} problem${issues.length > 1 ? 's' : ''}</strong> (select one to go to its line):</p>`
              : r
                ? html`<p class="ok">Valid spec.</p>`
                : nothing}
            <ul class="problems">
              ${issues.map((i) => this._issue(i, 'error'))} ${warnings.map((i) => this._issue(i, 'warning'))}
            </ul>
          </div>
          <div class="actions">
            <button type="button" class="primary" ?disabled=${!r?.ok} @click=${() => this._create(true)}>Create and start</button>
            <button type="button" ?disabled=${!r?.ok} @click=${() => this._create(false)}>Create</button>
            <hp-copy-link .specs=${[this._source]} .seed=${r?.ok ? (r.spec.hptuning.seed ?? undefined) : undefined} name=${(r?.ok && r.spec.name) || 'spec'} ?disabled=${!r?.ok}></hp-copy-link>
          </div>
        </section>
        <section aria-labelledby="plan-label">
          <h2 id="plan-label">Plan</h2>
          ${r?.ok ? html`<hp-plan-preview .spec=${r.spec} .plan=${this._plan}></hp-plan-preview>` : html`<p class="hint">The plan appears when the spec is valid.</p>`}
        </section>
      </div>
    `;
  }

  private _issue(i: SpecIssue, kind: 'error' | 'warning') {
    const where = i.line !== undefined ? `line ${i.line}:${i.col ?? 1}` : 'document';
    return html`<li class=${kind}>
      <button type="button" ?disabled=${i.line === undefined} @click=${() => i.line !== undefined && this._editor.revealLine(i.line)}>
        <span class="where">${where}</span> ${kind === 'warning' ? 'warning: ' : ''}${i.path ? html`<code>${i.path}</code>: ` : ''}${i.message}
      </button>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-new-group-view': HpNewGroupView;
  }
}
