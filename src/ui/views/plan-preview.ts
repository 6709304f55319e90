/**
 * `<hp-plan-preview>`: what a valid spec will do before it runs (`hptune plan`'s content):
 * the trial count, Hyperband's brackets table, ASHA's rungs, BO's phases, the
 * grid's first points, and the total epochs estimate.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Plan, Spec } from '../../engine/index.ts';
import { theme } from '../components/theme.ts';
import { formatNumber, formatParam } from '../components/format.ts';
import { estimateWork } from '../app/work-estimate.ts';

@customElement('hp-plan-preview')
export class HpPlanPreview extends LitElement {
  static override styles = [
    theme,
    css`
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 4px 16px;
        margin: 0 0 12px;
      }
      dt {
        color: var(--_muted);
      }
      dd {
        margin: 0;
        font-variant-numeric: tabular-nums;
      }
      table {
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
        margin: 4px 0 12px;
      }
      th,
      td {
        border: 1px solid var(--_border);
        padding: 3px 10px;
        text-align: right;
      }
      th {
        background: var(--_surface);
      }
      caption {
        text-align: left;
        color: var(--_muted);
        padding-bottom: 4px;
      }
      .note {
        color: var(--_muted);
        font-size: 13px;
      }
    `,
  ];

  @property({ attribute: false }) spec?: Spec;
  @property({ attribute: false }) plan?: Plan;

  protected override render() {
    const { spec, plan } = this;
    if (!spec || !plan) return nothing;
    const work = estimateWork(spec, plan);
    const run = spec.run;
    return html`
      <dl>
        <dt>Algorithm</dt>
        <dd>${plan.algorithm}</dd>
        <dt>Trials</dt>
        <dd>${plan.trials > 0 ? plan.trials : 'none: random_search.n_experiments is required to run'}</dd>
        <dt>Concurrency</dt>
        <dd>${spec.hptuning.concurrency}</dd>
        <dt>Runs</dt>
        <dd>${run ? describeRun(run) : 'nothing: the spec has no run section'}</dd>
        <dt>Total ${work.unit}</dt>
        <dd>${work.total !== undefined ? html`<strong>${formatNumber(work.total)}</strong> ` : ''}<span class="note">${work.note}</span></dd>
      </dl>
      ${this._details(plan)}
    `;
  }

  private _details(p: Plan) {
    switch (p.algorithm) {
      case 'grid':
        return html`<p class="note">Grid space: ${p.space} points, enumerated with the first key varying slowest.</p>
          ${p.first.length > 0
            ? html`<table>
                <caption>First ${p.first.length} points</caption>
                <tr><th scope="col">#</th>${Object.keys(p.first[0]!).map((k) => html`<th scope="col">${k}</th>`)}</tr>
                ${p.first.map((params, i) => html`<tr><td>${i}</td>${Object.values(params).map((v) => html`<td>${formatParam(v)}</td>`)}</tr>`)}
              </table>`
            : nothing}`;
      case 'random':
        return html`<p class="note">Distinct configurations in the space: ${p.space ?? 'unbounded (continuous options)'}.</p>`;
      case 'bo':
        return html`<table>
          <caption>Phases</caption>
          <tr><th scope="col">phase</th><th scope="col">trials</th></tr>
          <tr><td>initial random trials</td><td>${p.initial}</td></tr>
          <tr><td>BO iterations (GP + acquisition)</td><td>${p.iterations}</td></tr>
        </table>
        ${p.space !== null ? html`<p class="note">Distinct configurations in the space: ${p.space}.</p>` : nothing}`;
      case 'hyperband': {
        const depth = Math.max(...p.brackets.map((b) => b.rungs.length));
        return html`<table>
          <caption>Brackets (configurations × resource per rung); s_max ${p.s_max}, B ${formatNumber(p.B)}</caption>
          <tr><th scope="col">rung</th>${p.brackets.map((b) => html`<th scope="col">s=${b.s}</th>`)}</tr>
          ${Array.from({ length: depth }, (_, j) => html`<tr>
            <th scope="row">${j}</th>
            ${p.brackets.map((b) => html`<td>${b.rungs[j] ? `${b.rungs[j]!.configs} × ${formatNumber(b.rungs[j]!.resource)}` : ''}</td>`)}
          </tr>`)}
        </table>`;
      }
      case 'asha':
        return html`<table>
          <caption>Rungs (η ${p.eta}, ${p.n_experiments} configurations; counts if promotions were synchronous)</caption>
          <tr><th scope="col">rung</th><th scope="col">resource</th><th scope="col">configs</th></tr>
          ${p.rungs.map((r) => html`<tr><td>${r.rung}</td><td>${formatNumber(r.resource)}</td><td>${r.configs}</td></tr>`)}
        </table>`;
      case 'tpe':
        return html`<table>
          <caption>Phases</caption>
          <tr><th scope="col">phase</th><th scope="col">trials</th></tr>
          <tr><td>random start</td><td>${p.startup}</td></tr>
          <tr><td>TPE-guided (best of the candidates by l/g)</td><td>${p.guided}</td></tr>
        </table>`;
      case 'bohb': {
        // One pass of Hyperband's brackets; BOHB cycles them for n_iterations brackets.
        const pass = p.brackets.slice(0, p.s_max + 1);
        const depth = Math.max(...pass.map((b) => b.rungs.length));
        return html`<table>
          <caption>Brackets of one pass (configurations × resource per rung); ${p.n_iterations} brackets in ${p.passes} passes</caption>
          <tr><th scope="col">rung</th>${pass.map((b) => html`<th scope="col">s=${b.s}</th>`)}</tr>
          ${Array.from({ length: depth }, (_, j) => html`<tr>
            <th scope="row">${j}</th>
            ${pass.map((b) => html`<td>${b.rungs[j] ? `${b.rungs[j]!.configs} × ${formatNumber(b.rungs[j]!.resource)}` : ''}</td>`)}
          </tr>`)}
        </table>
        <p class="note">New configurations are random until a budget has ${p.model_points} finished trials; then ${formatNumber(Number((1 - p.random_fraction).toPrecision(4)))} of them come from
          ${p.model === 'gp' ? 'a Gaussian process fitted on that budget and the smaller ones' : 'the density model of that budget'}.</p>`;
      }
    }
  }
}

function describeRun(run: NonNullable<Spec['run']>): string {
  switch (run.kind) {
    case 'objective':
      return `the built-in objective ${run.objective}`;
    case 'model':
      return `a ${run.model.toUpperCase()} on ${run.dataset}${run.samples !== undefined ? ` (${run.samples} examples)` : ''}, ${run.backend} backend, in Web Workers`;
    case 'code':
      return 'your JavaScript function, in Web Workers';
    case 'cmd':
      return 'a shell command per trial: a browser cannot start processes, so run this file with hptune run FILE';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-plan-preview': HpPlanPreview;
  }
}
