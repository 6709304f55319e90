/**
 * `<hp-spec-editor>`: the polyaxonfile text with a line-number gutter in which the lines
 * holding a problem are marked (new group). Typing sends `hp-spec-change`; a file
 * dropped on it or a paste is checked first (files.ts: size, binary, YAML) and, when
 * refused, sends `hp-notice` and leaves the text unchanged ("Bad input").
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { SpecIssue } from '../../engine/index.ts';
import { theme } from '../components/theme.ts';
import { intent } from '../app/intents.ts';
import { MAX_SPEC_BYTES, readTextFile, refuseSpecText } from '../app/files.ts';

export interface SpecChangeDetail {
  readonly text: string;
}

@customElement('hp-spec-editor')
export class HpSpecEditor extends LitElement {
  static override styles = [
    theme,
    css`
      .editor {
        display: flex;
        border: 1px solid var(--_border);
        border-radius: 6px;
        background: var(--_bg);
        overflow: hidden;
      }
      .editor.drop {
        outline: 2px dashed var(--_accent);
      }
      .gutter {
        margin: 0;
        padding: 8px 6px 8px 8px;
        text-align: right;
        color: var(--_muted);
        background: var(--_surface);
        border-right: 1px solid var(--_border);
        user-select: none;
        overflow: hidden;
        min-width: 2.5em;
      }
      .gutter div.bad {
        color: var(--_bg);
        background: var(--_bad);
        border-radius: 3px;
        font-weight: 700;
      }
      .gutter,
      textarea {
        font: 13px/20px ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
      }
      textarea {
        flex: 1;
        border: 0;
        padding: 8px;
        margin: 0;
        resize: vertical;
        min-height: 26rem;
        color: var(--_fg);
        background: var(--_bg);
        white-space: pre;
        overflow: auto;
        tab-size: 2;
      }
      textarea:focus-visible {
        outline: none;
      }
      .editor:focus-within {
        outline: 2px solid var(--_focus);
        outline-offset: 1px;
      }
    `,
  ];

  /** The spec text. */
  @property() value = '';
  /** Problems to mark in the gutter (their `line`, 1-based). */
  @property({ attribute: false }) issues: readonly SpecIssue[] = [];
  /** The accessible name of the text area. */
  @property() label = 'Spec (YAML or JSON)';

  @query('textarea') private _area!: HTMLTextAreaElement;
  @query('.gutter') private _gutter!: HTMLElement;
  private _dragging = false;
  /** Set by Escape: the next Tab moves focus out instead of indenting. */
  private _tabReleased = false;

  /** Puts the caret at the start of `line` (1-based) and scrolls it into view. */
  revealLine(line: number): void {
    const lines = this.value.split('\n');
    const offset = lines.slice(0, Math.max(0, line - 1)).reduce((n, l) => n + l.length + 1, 0);
    this._area.focus();
    this._area.setSelectionRange(offset, offset + (lines[line - 1]?.length ?? 0));
    this._area.scrollTop = Math.max(0, (line - 3) * 20);
    this._syncScroll();
  }

  private _change(text: string): void {
    this.value = text;
    this.dispatchEvent(new CustomEvent<SpecChangeDetail>('hp-spec-change', { detail: { text }, bubbles: true, composed: true }));
  }

  private _refuse(message: string): void {
    intent(this, 'hp-notice', { message, error: true });
  }

  private _onPaste(e: ClipboardEvent): void {
    const text = e.clipboardData?.getData('text/plain') ?? '';
    const bytes = new Blob([text]).size;
    if (bytes > MAX_SPEC_BYTES) {
      e.preventDefault();
      this._refuse(refuseSpecText(text, bytes, 'The pasted text')!);
    }
  }

  private async _onDrop(e: DragEvent): Promise<void> {
    e.preventDefault();
    this._setDragging(false);
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    const read = await readTextFile(file, MAX_SPEC_BYTES);
    if (!read.ok) return this._refuse(read.message);
    const why = refuseSpecText(read.text, file.size, `The dropped file ${file.name}`);
    if (why) return this._refuse(why);
    this._change(read.text);
    intent(this, 'hp-notice', { message: `Loaded ${file.name} into the editor.`, error: false });
  }

  private _setDragging(on: boolean): void {
    this._dragging = on;
    this.requestUpdate();
  }

  private _syncScroll(): void {
    this._gutter.scrollTop = this._area.scrollTop;
  }

  protected override render() {
    const count = this.value.split('\n').length;
    const bad = new Map<number, string[]>();
    for (const i of this.issues) if (i.line !== undefined) bad.set(i.line, [...(bad.get(i.line) ?? []), i.message]);
    return html`
      <div
        class="editor ${this._dragging ? 'drop' : ''}"
        @dragover=${(e: DragEvent) => (e.preventDefault(), this._dragging || this._setDragging(true))}
        @dragleave=${() => this._setDragging(false)}
        @drop=${this._onDrop}
      >
        <pre class="gutter" aria-hidden="true">${Array.from({ length: count }, (_, i) => {
          const msgs = bad.get(i + 1);
          return html`<div class=${msgs ? 'bad' : ''} title=${msgs ? msgs.join('\n') : ''}>${msgs ? '!' : ''}${i + 1}</div>`;
        })}</pre>
        <textarea
          aria-label=${this.label}
          spellcheck="false"
          autocapitalize="off"
          autocomplete="off"
          wrap="off"
          .value=${this.value}
          aria-invalid=${this.issues.length > 0 ? 'true' : 'false'}
          @input=${(e: Event) => this._change((e.target as HTMLTextAreaElement).value)}
          @paste=${this._onPaste}
          @scroll=${this._syncScroll}
          @keydown=${this._onKey}
        ></textarea>
      </div>
    `;
  }

  /** Tab indents by two spaces (YAML has no tabs); Escape leaves, so focus is never trapped. */
  private _onKey(e: KeyboardEvent): void {
    if (e.key !== 'Tab' || e.shiftKey || e.ctrlKey || e.altKey || e.metaKey || this._tabReleased) {
      this._tabReleased = e.key === 'Escape';
      return;
    }
    e.preventDefault();
    const a = this._area;
    a.setRangeText('  ', a.selectionStart, a.selectionEnd, 'end');
    this._change(a.value);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-spec-editor': HpSpecEditor;
  }
  interface HTMLElementEventMap {
    'hp-spec-change': CustomEvent<SpecChangeDetail>;
  }
}
