/**
 * `<hp-trial-detail>`: everything about one trial, from the group's snapshot: its status,
 * reason and events, parameters, the parent and children it was promoted from and to
 * (buttons that select them, `hp-trial-select`), the backend, the duration, its learning
 * curve (stitched across rungs for a promoted trial) and every report as a table.
 * It renders the snapshot and computes no group state.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { childrenOf, stitchedCurve, type GroupSnapshot, type MetricReport, type TrialRecord } from '../../engine/index.ts';
import { theme } from './theme.ts';
import { formatDuration, formatNumber, formatParam, paramText } from './format.ts';
import { emit } from './events.ts';
import './stitched-curve.ts';

/** How long the trial ran: start to end, or to `now` while it runs; undefined before it started. */
export function trialDuration(t: TrialRecord, now: number): number | undefined {
  if (t.startedAt === undefined) return undefined;
  return Math.max(0, (t.finishedAt ?? now) - t.startedAt);
}

/** The metric names of a trial's reports, in first-seen order. */
function reportColumns(reports: readonly MetricReport[]): string[] {
  const names = new Set<string>();
  for (const r of reports) for (const k of Object.keys(r.values)) names.add(k);
  return [...names];
}

@customElement('hp-trial-detail')
export class HpTrialDetail extends LitElement {
  static override styles = [
    theme,
    css`
      header {
        display: flex;
        justify-content: space-between;
        align-items: baseline;
        gap: 8px;
      }
      h4 {
        margin: 0;
        font-size: 15px;
      }
      h5 {
        margin: 10px 0 4px;
        font-size: 13px;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 2px 12px;
        margin: 6px 0 0;
        font-size: 13px;
      }
      dt {
        color: var(--_muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .reason {
        margin: 6px 0 0;
      }
      .links button {
        padding: 0 8px;
        margin-right: 4px;
      }
      ol.events {
        margin: 0;
        padding-left: 1.2em;
        font-size: 12px;
      }
      .events .kind {
        color: var(--_muted);
      }
      .reports {
        width: fit-content;
        max-width: 100%;
        max-height: 16rem;
        overflow: auto;
        border: 1px solid var(--_border);
        border-radius: 6px;
      }
      table {
        border-collapse: collapse;
        font-size: 12px;
        min-width: 14rem;
      }
      th,
      td {
        padding: 2px 8px;
        text-align: right;
        border-bottom: 1px solid var(--_border);
      }
      th {
        position: sticky;
        top: 0;
        background: var(--_surface);
      }
    `,
  ];

  @property({ attribute: false }) snapshot?: GroupSnapshot;
  /** The trial shown. */
  @property({ type: Number }) trial?: number;
  /** The time durations of running trials are measured to (the group view's clock). */
  @property({ type: Number }) now = 0;

  private _link(n: number) {
    return html`<button type="button" data-trial=${n} @click=${() => emit(this, 'hp-trial-select', { number: n })}>#${n}</button>`;
  }

  protected override render() {
    const s = this.snapshot;
    const t = s && this.trial !== undefined ? s.trial(this.trial) : undefined;
    if (!s || !t) return html`<p class="empty">No trial selected. Pick one in the table, the board or a chart.</p>`;
    const metric = s.metric?.name ?? Object.keys(t.metrics)[0] ?? '';
    const reports = s.reports(t.number);
    const columns = reportColumns(reports);
    const children = childrenOf(s.trials, t.number);
    const ms = trialDuration(t, this.now || Date.now());
    const reason = s.reason(t.number);
    const value = s.metric ? t.metrics[s.metric.name]?.last : undefined;
    return html`
      <header>
        <h4 id="title">Trial #${t.number} · ${t.status}${value !== undefined ? ` · ${metric} ${formatNumber(value)}` : ''}</h4>
        <button type="button" class="close" aria-label="Close the trial detail" @click=${() => emit(this, 'hp-trial-select', { number: t.number })}>Close</button>
      </header>
      ${reason ? html`<p class="reason"><strong>Reason:</strong> ${reason}</p>` : nothing}
      <dl>
        ${Object.entries(t.params).map(([k, v]) => html`<dt>${k}</dt><dd title=${paramText(v)}>${formatParam(v)}</dd>`)}
        ${t.parent !== undefined
          ? html`<dt>parent</dt><dd class="links">${this._link(t.parent)}${t.resumeFrom !== undefined ? ` (resumed from trial ${t.resumeFrom}'s checkpoint)` : ' (trained from scratch)'}</dd>`
          : nothing}
        ${children.length > 0 ? html`<dt>promoted to</dt><dd class="links">${children.map((n) => this._link(n))}</dd>` : nothing}
        ${t.backend ? html`<dt>backend</dt><dd>${t.backend}</dd>` : nothing}
        <dt>duration</dt><dd>${ms === undefined ? 'not started' : `${ms < 1000 ? `${ms} ms` : formatDuration(ms)}${t.finishedAt === undefined ? ' so far' : ''}`}</dd>
        <dt>seed</dt><dd>${t.seed}</dd>
      </dl>
      ${t.events && t.events.length > 0
        ? html`<h5>Events</h5>
            <ol class="events">
              ${t.events.map((e) => html`<li><span class="kind">${new Date(e.time).toLocaleTimeString()} ${e.kind}:</span> ${e.message}</li>`)}
            </ol>`
        : nothing}
      <h5>Learning curve</h5>
      <hp-stitched-curve .segments=${stitchedCurve(s, t.number, metric)} .metric=${metric}></hp-stitched-curve>
      <h5>Reports (${reports.length})</h5>
      ${reports.length === 0
        ? html`<p class="empty">No report yet.</p>`
        : html`<div class="reports" tabindex="0" role="region" aria-label=${`Trial ${t.number}'s ${reports.length} reports`}>
            <table>
              <thead><tr><th scope="col">step</th>${columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
              <tbody>
                ${reports.map((r) => html`<tr><td>${r.step}</td>${columns.map((c) => html`<td title=${String(r.values[c] ?? '')}>${r.values[c] === undefined ? '' : formatNumber(r.values[c]!)}</td>`)}</tr>`)}
              </tbody>
            </table>
          </div>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-trial-detail': HpTrialDetail;
  }
}
