/**
 * `<hp-groups-view>`: every group in this browser (groups list): name, algorithm,
 * status, trials done / planned, best metric, created; open, start, duplicate, delete
 * (with confirmation) and import. Rows refresh from the feed (throttled), so groups other
 * tabs drive update too.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { theme } from '../components/theme.ts';
import { formatNumber } from '../components/format.ts';
import { servicesContext, type AppServices } from '../app/context.ts';
import type { FeedEvent } from '../app/feed.ts';
import { DRIVEN } from '../app/drivers.ts';
import { intent } from '../app/intents.ts';
import { routeHash } from '../app/route.ts';
import { summarize, type GroupSummary } from '../app/summary.ts';
import './confirm-delete.ts';

const REFRESH_MS = 500;

@customElement('hp-groups-view')
export class HpGroupsView extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        background: transparent;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        gap: 10px;
        align-items: center;
        justify-content: space-between;
        margin-bottom: 12px;
      }
      h2 {
        font-size: 18px;
        margin: 0;
      }
      .actions {
        display: flex;
        gap: 8px;
        align-items: center;
      }
      a.primary {
        background: var(--_accent);
        color: var(--_accent-fg);
        border-color: var(--_accent);
      }
      label.button:focus-within {
        outline: 2px solid var(--_focus);
        outline-offset: 2px;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        text-align: left;
        padding: 6px 8px;
        border-bottom: 1px solid var(--_border);
        vertical-align: middle;
      }
      th {
        color: var(--_muted);
        font-weight: 600;
        font-size: 13px;
      }
      td.num {
        text-align: right;
      }
      .status {
        text-transform: capitalize;
      }
      .status.running {
        color: var(--_running);
        font-weight: 600;
      }
      .status.done {
        color: var(--_good);
      }
      .status.failed {
        color: var(--_bad);
      }
      .row-actions {
        display: flex;
        gap: 6px;
        flex-wrap: wrap;
      }
      td a {
        color: var(--_accent);
      }
      .intro {
        border: 1px solid var(--_border);
        background: var(--_surface);
        border-radius: 8px;
        padding: 10px 14px;
        margin: 0 0 14px;
      }
      button.primary:not(:disabled) {
        background: var(--_accent);
        color: var(--_accent-fg);
        border-color: var(--_accent);
      }
    `,
  ];

  @consume({ context: servicesContext }) private _services?: AppServices;
  @state() private _rows?: readonly GroupSummary[];
  private _unsubscribe?: () => void;
  private _timer?: ReturnType<typeof setTimeout>;
  private _loading = false;
  private _again = false;
  /** Groups whose row is stale, and whether the whole list is. */
  private readonly _dirty = new Set<string>();
  private _all = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this._unsubscribe = this._services?.feed.subscribe((e) => this._onEvent(e));
    void this._refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._unsubscribe?.();
    // Reset as well as clear: `??=` schedules again only from undefined, after a reconnect too.
    clearTimeout(this._timer);
    this._timer = undefined;
  }

  private _onEvent(e: FeedEvent): void {
    // Reports change no column. A trial event re-reads only its group's trials; a group
    // event updates its row; `groups` (created, deleted, imported) re-reads the list.
    if (e.type === 'report') return;
    if (e.type === 'groups') this._all = true;
    else this._dirty.add(e.type === 'group' ? e.group.id : e.trial.groupId);
    this._timer ??= setTimeout(() => {
      this._timer = undefined;
      void this._refresh();
    }, REFRESH_MS);
  }

  private async _refresh(): Promise<void> {
    const engine = this._services?.engine;
    if (!engine) return;
    if (this._loading) {
      this._again = true;
      return;
    }
    this._loading = true;
    const all = this._all || this._rows === undefined;
    const dirty = [...this._dirty];
    this._all = false;
    this._dirty.clear();
    try {
      if (all) {
        const groups = await engine.groups();
        this._rows = await Promise.all(groups.map(async (g) => summarize(g, await engine.trials(g.id))));
      } else {
        const fresh = new Map<string, GroupSummary>();
        for (const id of dirty) {
          const g = await engine.group(id);
          if (g) fresh.set(id, summarize(g, await engine.trials(id)));
        }
        const known = new Set(this._rows!.map((r) => r.group.id));
        const added = [...fresh.values()].filter((r) => !known.has(r.group.id));
        this._rows = [...this._rows!.map((r) => fresh.get(r.group.id) ?? r), ...added];
      }
      this._rows = [...this._rows].sort((a, b) => b.group.createdAt - a.group.createdAt);
    } catch (e) {
      intent(this, 'hp-notice', { message: `Reading the groups failed: ${(e as Error).message}`, error: true });
    } finally {
      this._loading = false;
      if (this._again) {
        this._again = false;
        void this._refresh();
      }
    }
  }

  private _onImport(e: Event): void {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) intent(this, 'hp-import-group', { file });
  }

  protected override render() {
    const rows = this._rows;
    return html`
      <div class="bar">
        <h2>Groups</h2>
        <div class="actions">
          <a class="button primary" href=${routeHash({ view: 'new' })}>New group</a>
          <label class="button">Import group (JSON)<input class="visually-hidden" type="file" accept=".json,application/json" @change=${this._onImport} /></label>
        </div>
      </div>
      ${rows?.length === 1 && rows[0]!.group.status === 'created' && rows[0]!.trials === 0
        ? html`<p class="intro">
            A first group is ready: <strong>${rows[0]!.group.name}</strong> tunes a small neural network on handwritten digits in
            your browser's background threads. Press <strong>Start</strong> to run it (a few minutes), or create your own group from
            the examples.
          </p>`
        : nothing}
      ${rows === undefined
        ? html`<p role="status">Loading groups…</p>`
        : rows.length === 0
          ? html`<p class="empty">No groups yet. <a href=${routeHash({ view: 'new' })}>Create one</a> from an example, or import a group file.</p>`
          : html`<table>
              <caption class="visually-hidden">Groups in this browser, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Algorithm</th>
                  <th scope="col">Status</th>
                  <th scope="col">Trials done / planned</th>
                  <th scope="col">Best</th>
                  <th scope="col">Created</th>
                  <th scope="col"><span class="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                ${rows.map((r) => this._row(r))}
              </tbody>
            </table>`}
    `;
  }

  private _row(r: GroupSummary) {
    const g = r.group;
    const startable = g.status === 'created' || g.status === 'paused' || g.status === 'stopped';
    return html`<tr data-group=${g.id}>
      <td><a href=${routeHash({ view: 'group', id: g.id })}>${g.name}</a></td>
      <td>${g.algorithm}</td>
      <td class="status ${g.status}">${g.status}</td>
      <td class="num">${r.done} / ${r.planned ?? '?'}</td>
      <td class="num">${r.best && r.metric ? html`<span title="${r.metric.name}, ${r.metric.optimization}, trial #${r.best.trial}">${r.metric.name} ${formatNumber(r.best.value)}</span>` : '–'}</td>
      <td>${new Date(g.createdAt).toLocaleString()}</td>
      <td>
        <div class="row-actions">
          ${startable
            ? html`<button type="button" class="primary" aria-label="${g.status === 'created' ? 'Start' : 'Resume'} group ${g.name}"
                @click=${() => intent(this, 'hp-group-command', { groupId: g.id, command: g.status === 'created' ? 'start' : 'resume' })}>
                ${g.status === 'created' ? 'Start' : 'Resume'}
              </button>`
            : nothing}
          <a class="button" href=${routeHash({ view: 'new', from: g.id })} aria-label="Duplicate group ${g.name}">Duplicate</a>
          <hp-confirm-delete .groupId=${g.id} .name=${g.name} .trials=${r.trials} ?disabled=${DRIVEN.has(g.status)}></hp-confirm-delete>
        </div>
      </td>
    </tr>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-groups-view': HpGroupsView;
  }
}
