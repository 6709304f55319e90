/**
 * `<hp-groups-view>`: every group in this browser (groups list): name, algorithm,
 * status, trials done / planned, best metric, created; open, start, duplicate, delete
 * (with confirmation) and import. Each row renders the engine's snapshot of its group
 * (`engine.watch`, shown at most every REFRESH_MS), so groups this tab runs and groups other
 * tabs drive (app/feed.ts) update live; the list itself is read again when groups are
 * created, deleted or imported.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { theme } from '../components/theme.ts';
import { formatNumber } from '../components/format.ts';
import { servicesContext, type AppServices } from '../app/context.ts';
import type { GroupRecord, GroupSnapshot } from '../../engine/index.ts';
import { DRIVEN } from '../app/drivers.ts';
import { intent } from '../app/intents.ts';
import { routeHash } from '../app/route.ts';
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
      .ended {
        display: block;
        color: var(--_muted);
        font-size: 12px;
        white-space: nowrap;
      }
      td.num,
      td.created {
        white-space: nowrap;
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
  /** The groups, newest first (undefined until read). */
  @state() private _groups?: readonly GroupRecord[];
  /** Each group's snapshot on screen, by id. */
  @state() private _snaps: ReadonlyMap<string, GroupSnapshot> = new Map();
  /** Snapshots received since the last render. */
  private readonly _latest = new Map<string, GroupSnapshot>();
  private readonly _watches = new Map<string, () => void>();
  private _unsubscribe?: () => void;
  private _timer?: ReturnType<typeof setTimeout>;
  private _listing = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    // Created, deleted or imported, here or in another tab: read the list again.
    this._unsubscribe = this._services?.feed.subscribe((e) => e.type === 'groups' && void this._list());
    void this._list();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._unsubscribe?.();
    for (const unwatch of this._watches.values()) unwatch();
    this._watches.clear();
    this._latest.clear();
    // Reset as well as clear: `??=` schedules again only from undefined, after a reconnect too.
    clearTimeout(this._timer);
    this._timer = undefined;
  }

  /** Reads the groups, watches the new ones and stops watching the deleted ones. */
  private async _list(): Promise<void> {
    const engine = this._services?.engine;
    if (!engine) return;
    const token = ++this._listing;
    try {
      const groups = await engine.groups();
      if (token !== this._listing || !this.isConnected) return;
      const ids = new Set(groups.map((g) => g.id));
      for (const [id, unwatch] of this._watches) {
        if (ids.has(id)) continue;
        unwatch();
        this._watches.delete(id);
        this._latest.delete(id);
      }
      // The list shows summaries only: never read the groups' reports (a big group has 10^5).
      for (const id of ids) if (!this._watches.has(id)) this._watches.set(id, engine.watch(id, (s) => this._onSnapshot(s), { reports: false }));
      this._groups = [...groups].sort((a, b) => b.createdAt - a.createdAt);
      this._snaps = new Map([...this._snaps].filter(([id]) => ids.has(id)));
    } catch (e) {
      intent(this, 'hp-notice', { message: `Reading the groups failed: ${(e as Error).message}`, error: true });
    }
  }

  private _onSnapshot(s: GroupSnapshot): void {
    this._latest.set(s.group.id, s);
    // A group's first snapshot and a new status show at once; the rest at most every REFRESH_MS.
    const shown = this._snaps.get(s.group.id);
    if (!shown || shown.status !== s.status) this._flush();
    else this._timer ??= setTimeout(() => this._flush(), REFRESH_MS);
  }

  private _flush(): void {
    clearTimeout(this._timer);
    this._timer = undefined;
    if (this._latest.size === 0) return;
    this._snaps = new Map([...this._snaps, ...this._latest]);
    this._latest.clear();
  }

  private _onImport(e: Event): void {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) intent(this, 'hp-import-group', { file });
  }

  protected override render() {
    const rows = this._groups;
    const only = rows?.length === 1 ? this._snaps.get(rows[0]!.id) : undefined;
    return html`
      <div class="bar">
        <h2>Groups</h2>
        <div class="actions">
          <a class="button primary" href=${routeHash({ view: 'new' })}>New group</a>
          <a class="button" href=${routeHash({ view: 'race', query: '' })} title="Run 2 to 5 algorithms on one benchmark objective, side by side">Algorithm race</a>
          <label class="button">Import group (JSON)<input class="visually-hidden" type="file" accept=".json,application/json" @change=${this._onImport} /></label>
        </div>
      </div>
      ${only && only.status === 'created' && only.size === 0
        ? html`<p class="intro">
            A first group is ready: <strong>${only.group.name}</strong> tunes a small neural network on handwritten digits in
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
                ${rows.map((g) => this._row(g, this._snaps.get(g.id)))}
              </tbody>
            </table>`}
    `;
  }

  /** A group's row: its snapshot once the engine has given it, the stored record until then. */
  private _row(record: GroupRecord, s: GroupSnapshot | undefined) {
    const g = s?.group ?? record;
    const p = s?.progress;
    const threshold = s?.ended?.kind === 'threshold';
    // A group stopped by its threshold is continued anyway from its own page, not resumed here.
    const startable = g.status === 'created' || g.status === 'paused' || (g.status === 'stopped' && !threshold);
    const best = s?.best;
    return html`<tr data-group=${g.id}>
      <td><a href=${routeHash({ view: 'group', id: g.id })}>${g.name}</a></td>
      <td>${g.algorithm}</td>
      <td>
        <span class="status ${g.status}">${g.status}</span>
        ${threshold ? html`<span class="ended" title=${s!.ended!.message}>by its threshold</span>` : nothing}
      </td>
      <td class="num">${p ? `${p.done} / ${p.planned ?? '?'}` : '…'}</td>
      <td class="num">${best && s?.metric ? html`<span title="${best.metric}, ${s.metric.optimization}, trial #${best.trial}">${best.metric} ${formatNumber(best.value)}</span>` : '–'}</td>
      <td class="created">${new Date(g.createdAt).toLocaleString()}</td>
      <td>
        <div class="row-actions">
          ${startable
            ? html`<button type="button" class="primary" aria-label="${g.status === 'created' ? 'Start' : 'Resume'} group ${g.name}"
                @click=${() => intent(this, 'hp-group-command', { groupId: g.id, command: g.status === 'created' ? 'start' : 'resume' })}>
                ${g.status === 'created' ? 'Start' : 'Resume'}
              </button>`
            : nothing}
          <a class="button" href=${routeHash({ view: 'new', from: g.id })} aria-label="Duplicate group ${g.name}">Duplicate</a>
          <hp-confirm-delete .groupId=${g.id} .name=${g.name} .trials=${s?.size ?? 0} ?disabled=${DRIVEN.has(g.status)}></hp-confirm-delete>
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
