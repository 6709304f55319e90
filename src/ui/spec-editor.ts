/**
 * <hptune-app>: a polyaxonfile editor with live validation (problems listed with
 * line:column) and the plan preview (trial count, brackets, BO phases).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { parseSpec } from '../engine/spec/parse.ts';
import { planGroup, type Plan } from '../engine/plan.ts';
import type { ParseResult } from '../engine/spec/types.ts';

const EXAMPLES = ['random', 'grid'] as const;

@customElement('hptune-app')
export class HptuneApp extends LitElement {
  static override styles = css`
    :host { display: block; font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
    textarea { width: 100%; min-height: 22rem; font: 13px/1.4 ui-monospace, monospace; box-sizing: border-box; }
    .problems li { color: #b91c1c; }
    .warnings li { color: #a16207; }
    .ok { color: #15803d; }
    pre { background: color-mix(in srgb, currentColor 6%, transparent); padding: .75rem; overflow: auto; }
  `;

  @state() private source = '';
  @state() private result: ParseResult | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load('random');
  }

  private async load(name: string): Promise<void> {
    const res = await fetch(`${import.meta.env.BASE_URL}examples/${name}.yaml`);
    this.update_(await res.text());
  }

  private update_(source: string): void {
    this.source = source;
    this.result = parseSpec(source);
  }

  override render() {
    const r = this.result;
    const plan: Plan | undefined = r?.ok ? planGroup(r.spec) : undefined;
    return html`
      <h1>hptune</h1>
      <p>
        Examples:
        ${EXAMPLES.map((e) => html`<button type="button" @click=${() => this.load(e)}>${e}</button> `)}
      </p>
      <label for="spec">Spec (YAML or JSON)</label>
      <textarea id="spec" spellcheck="false" .value=${this.source} @input=${(e: Event) => this.update_((e.target as HTMLTextAreaElement).value)}></textarea>
      <div role="status" aria-live="polite">
        ${r && !r.ok
          ? html`<ul class="problems">${r.issues.map((i) => html`<li>${i.line ? `${i.line}:${i.col} ` : ''}${i.path}: ${i.message}</li>`)}</ul>`
          : r
            ? html`<p class="ok">Valid.</p>`
            : nothing}
        ${r && r.warnings.length > 0
          ? html`<ul class="warnings">${r.warnings.map((i) => html`<li>${i.line ? `${i.line}:${i.col} ` : ''}${i.path}: ${i.message}</li>`)}</ul>`
          : nothing}
      </div>
      ${plan ? html`<h2>Plan</h2><pre>${JSON.stringify(plan, null, 2)}</pre>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hptune-app': HptuneApp;
  }
}
