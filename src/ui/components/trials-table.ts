/**
 * `<hp-trials-table>`: the group's trials, sortable by any column and filterable by
 * status or param text, one page of rows at a time so 1,000 trials stay fast.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { MetricSpec, TrialRecord } from '../../engine/index.ts';
import { theme } from './theme.ts';
import { ownTask } from './slices.ts';
import { emit } from './events.ts';
import {
  filterText,
  filterTrials,
  firstDirection,
  sortTrials,
  trialColumns,
  type Column,
  type SortState,
} from './trial-columns.ts';

@customElement('hp-trials-table')
export class HpTrialsTable extends LitElement {
  /** Rendered in a task of its own (slices.ts, ownTask), so the group view's update stays short. */
  protected override scheduleUpdate(): Promise<unknown> {
    return ownTask(() => super.scheduleUpdate());
  }

  static override styles = [
    theme,
    css`
      .bar {
        display: flex;
        gap: 8px;
        align-items: center;
        flex-wrap: wrap;
        margin-bottom: 8px;
      }
      input[type='search'] {
        font: inherit;
        color: var(--_fg);
        background: var(--_bg);
        border: 1px solid var(--_border);
        border-radius: 6px;
        padding: 4px 8px;
        min-width: 18em;
        flex: 1;
      }
      .count {
        color: var(--_muted);
        font-size: 12px;
        white-space: nowrap;
      }
      .scroll {
        /* Scrolls both ways so the sticky header stays in view; the app may set the height. */
        overflow: auto;
        max-height: var(--hp-table-height, 70vh);
        border: 1px solid var(--_border);
        border-radius: 6px;
        /* Sorting or filtering lays out the rows inside the box only, not the page around it. */
        contain: content;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 13px;
      }
      th,
      td {
        padding: 3px 8px;
        border-bottom: 1px solid var(--_border);
        white-space: nowrap;
        text-align: left;
      }
      th {
        position: sticky;
        top: 0;
        background: var(--_surface);
        padding: 0;
      }
      th button {
        all: unset;
        box-sizing: border-box;
        display: block;
        width: 100%;
        padding: 5px 8px;
        cursor: pointer;
        font-weight: 600;
      }
      th button:focus-visible {
        outline: 2px solid var(--_focus);
        outline-offset: -2px;
      }
      th .arrow {
        color: var(--_muted);
        margin-left: 2px;
      }
      .num {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      th.num button {
        text-align: right;
      }
      td.reason {
        /* A table cell ignores max-width, so a long reason (a checkpoint, a BO proposal) was
           cut by the scroll box; it wraps instead, the full text stays readable. */
        white-space: normal;
        min-width: 16em;
        color: var(--_muted);
      }
      tbody tr {
        cursor: pointer;
      }
      tbody tr:hover {
        background: var(--_surface);
      }
      tbody tr.selected {
        background: color-mix(in srgb, var(--_accent) 14%, transparent);
      }
      td .trial {
        padding: 0 6px;
        min-width: 2.5em;
      }
      .status {
        display: inline-block;
        padding: 0 6px;
        border-radius: 10px;
        font-size: 12px;
        border: 1px solid currentColor;
      }
      .status.running {
        color: var(--_running);
      }
      .status.succeeded {
        color: var(--_good);
      }
      .status.failed {
        color: var(--_bad);
      }
      .status.stopped,
      .status.skipped {
        color: var(--_warn);
      }
      .status.created {
        color: var(--_muted);
      }
      .pager {
        display: flex;
        gap: 8px;
        align-items: center;
        justify-content: flex-end;
        margin-top: 8px;
      }
      .none {
        color: var(--_muted);
        padding: 16px;
        text-align: center;
      }
    `,
  ];

  /** The group's trials (snapshots; never changed here). */
  @property({ attribute: false }) trials: readonly TrialRecord[] = [];
  /** The group metric: shown first after status, its header marks the direction. */
  @property({ attribute: false }) metric?: MetricSpec;
  /** The trial shown as selected. */
  @property({ type: Number }) selected?: number;
  /** Each trial's reason in words (the snapshot's `reason`); without it, its message or last event. */
  @property({ attribute: false }) reason?: (trial: number) => string;
  /**
   * Rows per page. 50: twice what the scroll box shows, and a sort or a filter then styles and
   * lays out 50 rows in one frame (at 100 that frame took 40–50 ms of main-thread time on a
   * 2-core machine with a 400-trial group running, measured with the e2e long-task trace).
   */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 50;

  @state() private _sort: SortState = { column: 'number', direction: 'ascending' };
  @state() private _filter = '';
  @state() private _page = 0;

  private _columns: Column[] = [];
  private _rows: readonly TrialRecord[] = [];
  /** Filter text per snapshot: snapshots are immutable, so the text never goes stale. */
  private _texts = new WeakMap<TrialRecord, string>();

  private readonly _textOf = (t: TrialRecord): string => {
    let s = this._texts.get(t);
    if (s === undefined) this._texts.set(t, (s = filterText(t)));
    return s;
  };

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('trials') || changed.has('metric') || changed.has('reason')) this._columns = trialColumns(this.trials, this.metric, this.reason);
    if (changed.has('trials') || changed.has('metric') || changed.has('_sort') || changed.has('_filter')) {
      const column = this._columns.find((c) => c.id === this._sort.column);
      this._rows = sortTrials(filterTrials(this.trials, this._filter, this._textOf), column, this._sort.direction);
    }
    const last = Math.max(0, Math.ceil(this._rows.length / this.pageSize) - 1);
    if (this._page > last) this._page = last;
  }

  private _sortBy(id: string): void {
    this._sort =
      this._sort.column === id
        ? { column: id, direction: this._sort.direction === 'ascending' ? 'descending' : 'ascending' }
        : { column: id, direction: firstDirection(id, this.metric) };
  }

  private _onFilter(e: Event): void {
    this._filter = (e.target as HTMLInputElement).value;
    this._page = 0;
  }

  /** One listener for every row: a click anywhere in a row (or Enter on its trial button) selects it. */
  private _onRowClick(e: Event): void {
    const row = (e.target as Element).closest('tr[data-number]');
    if (row) emit(this, 'hp-trial-select', { number: Number(row.getAttribute('data-number')) });
  }

  protected override render() {
    const cols = this._columns;
    const total = this._rows.length;
    const start = this._page * this.pageSize;
    const page = this._rows.slice(start, start + this.pageSize);
    const pages = Math.max(1, Math.ceil(total / this.pageSize));
    const range = total === 0 ? '0' : `${start + 1}–${start + page.length}`;
    return html`
      <div class="bar">
        <input
          type="search"
          aria-label="Filter trials by status or parameter"
          placeholder="Filter: status or param, e.g. running lr=0.1"
          .value=${this._filter}
          @input=${this._onFilter}
        />
        <span class="count" aria-live=${this._filter ? 'polite' : 'off'}>
          ${total === this.trials.length ? `${total} trials` : `${total} of ${this.trials.length} trials`}
        </span>
      </div>
      <div class="scroll">
        <table aria-label="Trials" aria-rowcount=${total + 1}>
          <thead>
            <tr>
              ${cols.map((c) => {
                const sorted = this._sort.column === c.id ? this._sort.direction : undefined;
                return html`<th scope="col" class=${c.numeric ? 'num' : ''} aria-sort=${sorted ?? nothing}>
                  <button type="button" data-column=${c.id} @click=${() => this._sortBy(c.id)}>
                    ${c.label}<span class="arrow" aria-hidden="true">${sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}</span>
                  </button>
                </th>`;
              })}
            </tr>
          </thead>
          <tbody @click=${this._onRowClick}>
            ${page.map(
              (t, i) => html`<tr data-number=${t.number} aria-rowindex=${start + i + 2} class=${t.number === this.selected ? 'selected' : ''}>
                ${cols.map((c) => this._cell(c, t))}
              </tr>`,
            )}
          </tbody>
        </table>
        ${total === 0 ? html`<p class="none">${this.trials.length === 0 ? 'No trials yet.' : 'No trial matches the filter.'}</p>` : nothing}
      </div>
      ${pages > 1
        ? html`<nav class="pager" aria-label="Trial pages">
            <span class="count">Rows ${range} of ${total}</span>
            <button type="button" aria-label="Previous page" ?disabled=${this._page === 0} @click=${() => this._page--}>‹ Previous</button>
            <span class="count">page ${this._page + 1} / ${pages}</span>
            <button type="button" aria-label="Next page" ?disabled=${this._page >= pages - 1} @click=${() => this._page++}>Next ›</button>
          </nav>`
        : nothing}
    `;
  }

  private _cell(c: Column, t: TrialRecord) {
    switch (c.id) {
      case 'number':
        return html`<td class="num">
          <button type="button" class="trial" aria-label="Select trial ${t.number}" aria-pressed=${t.number === this.selected}>${t.number}</button>
        </td>`;
      case 'status':
        return html`<td><span class="status ${t.status}">${t.status}</span></td>`;
      case 'reason':
        return html`<td class="reason" title=${c.text(t)}>${c.text(t)}</td>`;
      default:
        return html`<td class=${c.numeric ? 'num' : ''} title=${c.title?.(t) ?? nothing}>${c.text(t)}</td>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-trials-table': HpTrialsTable;
  }
}
