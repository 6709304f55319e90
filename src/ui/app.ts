/**
 * `<hptune-app>`: the root element. It provides the services built
 * by main.ts to every view (@lit/context), shows the view the URL names (route.ts), and is
 * the only element that turns intents into engine calls: create, start/pause/resume/stop,
 * delete, import, export. It announces what happened in a polite live region and errors in
 * an alert.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { provide } from '@lit/context';
import { theme } from './components/theme.ts';
import { servicesContext, type AppServices } from './app/context.ts';
import { parseRoute, routeHash, type Route } from './app/route.ts';
import type { AppIntents } from './app/intents.ts';
import { download, formatBytes, MAX_IMPORT_BYTES, readTextFile } from './app/files.ts';
import './views/groups-view.ts';
import { LazyModule, lazyView } from './components/lazy-view.ts';

/**
 * Every view but the groups list is a chunk of its own. The route the page opens on is
 * imported at once (while main.ts opens the store); the group and new-group views are
 * preloaded when the browser is idle, so opening one later does not wait. The race page
 * is imported only when opened.
 */
const routeViews = {
  new: new LazyModule(() => import('./views/new-group-view.ts'), 'the new group form'),
  group: new LazyModule(() => import('./views/group-view.ts'), 'the group'),
  race: new LazyModule(() => import('./views/race-view.ts'), 'the race'),
};
const opening = parseRoute(location.hash).view;
if (opening !== 'groups') void routeViews[opening].load();

/** What the root needs beyond the views' services: storage usage and persistence (groups go through the engine). */
export interface StorageAccess {
  usage(): Promise<{ usage: number; quota: number } | undefined>;
  requestPersistence(): Promise<boolean | undefined>;
}

@customElement('hptune-app')
export class HptuneApp extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        min-height: 100vh;
      }
      .shell {
        max-width: 80rem;
        margin: 0 auto;
        padding: 0 20px 32px;
      }
      header.top {
        display: flex;
        gap: 16px;
        align-items: center;
        padding: 12px 0;
        border-bottom: 1px solid var(--_border);
        margin-bottom: 16px;
      }
      h1 {
        font-size: 20px;
        margin: 0;
      }
      h1 a {
        color: inherit;
        text-decoration: none;
      }
      nav a {
        color: var(--_fg);
        margin-right: 12px;
      }
      nav a[aria-current='page'] {
        font-weight: 700;
      }
      .tagline {
        color: var(--_muted);
        font-size: 13px;
        flex: 1;
      }
      .notice {
        border-radius: 6px;
        padding: 8px 12px;
        margin: 0 0 12px;
        display: flex;
        gap: 12px;
        align-items: flex-start;
        justify-content: space-between;
      }
      .notice.error {
        border: 1px solid var(--_bad);
        color: var(--_bad);
        background: color-mix(in srgb, var(--_bad) 8%, transparent);
      }
      .notice.info {
        border: 1px solid var(--_border);
        background: var(--_surface);
      }
      footer {
        margin-top: 28px;
        color: var(--_muted);
        font-size: 12px;
      }
      a {
        color: var(--_accent);
      }
    `,
  ];

  /** Built by main.ts (engine, feed, drivers); provided to every view. */
  @provide({ context: servicesContext })
  @property({ attribute: false })
  services?: AppServices;
  /** The browser storage behind the engine's store: usage and persistence. */
  @property({ attribute: false }) storage?: StorageAccess;
  /** Why the app runs without IndexedDB, if it does (shown as a persistent warning). */
  @property() degraded?: string;

  @state() private _route: Route = parseRoute(location.hash);
  @state() private _error?: string;
  @state() private _info = '';
  @state() private _usage?: string;

  private readonly _onHash = () => {
    this._route = parseRoute(location.hash);
    this._error = undefined;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this._onHash);
    this.addEventListener('hp-create-group', (e) => void this._create(e.detail));
    this.addEventListener('hp-group-command', (e) => void this._groupCommand(e.detail));
    this.addEventListener('hp-delete-group', (e) => void this._delete(e.detail.groupId));
    this.addEventListener('hp-import-group', (e) => void this._import(e.detail.file));
    this.addEventListener('hp-export-group', (e) => void this._export(e.detail));
    this.addEventListener('hp-notice', (e) => (e.detail.error ? this._fail(e.detail.message) : this._announce(e.detail.message)));
    this.addEventListener('hp-copied', (e) => this._announce(e.detail.ok ? `Best params copied as ${e.detail.format.toUpperCase()}.` : 'Copying failed; the text is shown to select by hand.'));
    void this._refreshUsage();
    routeViews.group.preload();
    routeViews.new.preload();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('hashchange', this._onHash);
  }

  private _go(route: Route): void {
    location.hash = routeHash(route);
  }

  private _announce(message: string): void {
    this._error = undefined;
    // Re-setting the same text would not be announced again; a trailing space makes it new.
    this._info = this._info === message ? `${message} ` : message;
  }

  private _fail(message: string): void {
    this._error = message;
  }

  private async _refreshUsage(): Promise<void> {
    const u = await this.storage?.usage().catch(() => undefined);
    if (u) this._usage = `Storage used by this site: ${formatBytes(u.usage)} of ${formatBytes(u.quota)}`;
  }

  private async _create({ source, start }: AppIntents['hp-create-group']): Promise<void> {
    const services = this.services;
    if (!services) return;
    try {
      const created = await services.engine.create(source);
      if (!created.ok) return this._fail(`The spec has ${created.issues.length} problem(s); the first: ${created.issues[0]?.message}`);
      // A user gesture created data worth keeping: ask the browser not to evict it.
      void this.storage?.requestPersistence().catch(() => undefined);
      services.feed.publish({ type: 'groups' });
      this._go({ view: 'group', id: created.group.id });
      this._announce(`Created group ${created.group.name}.`);
      if (start) await this._groupCommand({ groupId: created.group.id, command: 'start' });
    } catch (e) {
      this._fail(`Creating the group failed: ${(e as Error).message}`);
    }
  }

  private async _groupCommand({ groupId, command }: AppIntents['hp-group-command']): Promise<void> {
    const services = this.services;
    if (!services) return;
    try {
      if (command === 'start' || command === 'resume' || command === 'continue-anyway') {
        const started = await services.drivers.start(groupId, { continueAnyway: command === 'continue-anyway' });
        if (!started) return this._fail('Another tab is running this group; it cannot be started here too.');
        this._announce(command === 'start' ? 'Group started.' : command === 'resume' ? 'Group resumed.' : 'Group continues past its early-stopping threshold.');
        if (this._route.view !== 'group') this._go({ view: 'group', id: groupId });
        return;
      }
      const group = await services.engine.group(groupId);
      if (command === 'stop' && group?.status === 'paused' && !services.drivers.drives(groupId)) {
        // A paused group has no driver to stop: the engine stops it and its pending trials.
        const stopped = await services.engine.stopIdle(groupId);
        if (stopped) services.feed.publish({ type: 'group', group: stopped });
        return this._announce('Group stopped.');
      }
      services.drivers.command(groupId, command);
      this._announce(command === 'pause' ? 'Pausing: running trials save a checkpoint.' : command === 'stop' ? 'Stopping the group.' : 'Stopping pending trials; running ones finish.');
    } catch (e) {
      this._fail(`${command} failed: ${(e as Error).message}`);
    }
  }

  private async _delete(groupId: string): Promise<void> {
    const services = this.services;
    if (!services) return;
    try {
      const g = await services.engine.group(groupId);
      if (g && (g.status === 'running' || g.status === 'stopping')) return this._fail('Stop or pause the group before deleting it.');
      await services.engine.deleteGroup(groupId);
      services.feed.publish({ type: 'groups', groupId });
      this._announce(`Deleted group ${g?.name ?? groupId} with its trials, reports and checkpoints.`);
      if (this._route.view === 'group') this._go({ view: 'groups' });
      void this._refreshUsage();
    } catch (e) {
      this._fail(`Deleting the group failed: ${(e as Error).message}`);
    }
  }

  private async _import(file: File): Promise<void> {
    const services = this.services;
    if (!services) return;
    try {
      const read = await readTextFile(file, MAX_IMPORT_BYTES);
      if (!read.ok) return this._fail(read.message);
      // The engine writes nothing unless the file is valid and its summaries agree with its
      // reports; a group already here is imported beside it as a copy.
      const result = await services.engine.importGroup(read.text);
      if (!result.ok) {
        const reasons = result.issues.slice(0, 3).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
        // The envelope (JSON object, format tag, version) says whether this is an export at all.
        const foreign = result.issues.some((i) => i.path === '' || i.path === 'format' || i.path === 'version');
        const what = foreign ? 'is not an hptune group export, so nothing was imported' : 'was refused, so nothing was imported';
        return this._fail(`${file.name} ${what}: ${reasons.join('; ')}`);
      }
      services.feed.publish({ type: 'groups', groupId: result.group.id });
      this._announce(`Imported ${result.group.name} (${result.trials} trials).`);
      this._go({ view: 'group', id: result.group.id });
      void this._refreshUsage();
    } catch (e) {
      this._fail(`Importing ${file.name} failed, nothing was imported: ${(e as Error).message}`);
    }
  }

  private async _export({ groupId, format }: AppIntents['hp-export-group']): Promise<void> {
    const engine = this.services?.engine;
    if (!engine) return;
    try {
      const group = await engine.group(groupId);
      if (!group) return this._fail(`There is no group ${groupId} to export.`);
      if (format === 'json') {
        const file = await engine.exportGroup(groupId);
        download(file.fileName, file.text, 'application/json');
      } else {
        const file = await engine.exportTrialsCsv(groupId);
        download(file.fileName, file.text, 'text/csv');
      }
      this._announce(`Exported ${group.name} as ${format.toUpperCase()}.`);
    } catch (e) {
      this._fail(`Exporting failed: ${(e as Error).message}`);
    }
  }

  protected override render() {
    const r = this._route;
    return html`
      <div class="shell">
        <header class="top">
          <h1><a href="#/">hptune</a></h1>
          <nav aria-label="Main">
            <a href="#/" aria-current=${r.view === 'groups' ? 'page' : 'false'}>Groups</a>
            <a href="#/new" aria-current=${r.view === 'new' ? 'page' : 'false'}>New group</a>
            <a href="#/race" aria-current=${r.view === 'race' ? 'page' : 'false'}>Race</a>
          </nav>
          <span class="tagline">Hyperparameter search in your browser: grid, random, Hyperband, ASHA, Bayesian optimization</span>
        </header>
        ${this.degraded ? html`<div class="notice error" role="alert">${this.degraded}</div>` : nothing}
        ${this._error
          ? html`<div class="notice error" role="alert">
              <span>${this._error}</span>
              <button type="button" aria-label="Dismiss the message" @click=${() => (this._error = undefined)}>Dismiss</button>
            </div>`
          : nothing}
        <div class="visually-hidden" role="status" aria-live="polite" id="announcer">${this._info}</div>
        <main>${this.services ? this._view(r) : html`<p role="status">Opening storage…</p>`}</main>
        <footer>${this._usage ?? ''}</footer>
      </div>
    `;
  }

  private _view(r: Route) {
    switch (r.view) {
      case 'groups':
        return html`<hp-groups-view></hp-groups-view>`;
      case 'new':
        return lazyView(routeViews.new, this, () => html`<hp-new-group-view .example=${r.example} .from=${r.from} .link=${r.link}></hp-new-group-view>`);
      case 'group':
        return lazyView(routeViews.group, this, () => html`<hp-group-view .groupId=${r.id}></hp-group-view>`);
      case 'race':
        return lazyView(routeViews.race, this, () => html`<hp-race-view .query=${r.query}></hp-race-view>`);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hptune-app': HptuneApp;
  }
}
