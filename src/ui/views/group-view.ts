/**
 * `<hp-group-view>`: one group, live (group view). It reads the group's snapshot
 * once through the engine facade, then applies the events the feed pushes (this tab's
 * engine or, over BroadcastChannel, the tab that drives the group), re-rendering at most
 * every FLUSH_MS so that 1,000 trials reporting stay cheap. Commands go up as intents.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import {
  summarizeAll,
  TRIAL_DONE,
  type GroupRecord,
  type MetricReport,
  type MetricSpec,
  type TrialRecord,
} from '../../engine/index.ts';
import { theme } from '../components/theme.ts';
import { formatNumber } from '../components/format.ts';
import type { CommandDetail, TrialSelectDetail } from '../components/events.ts';
import { servicesContext, type AppServices } from '../app/context.ts';
import type { FeedEvent } from '../app/feed.ts';
import { DRIVEN } from '../app/drivers.ts';
import { intent } from '../app/intents.ts';
import { routeHash } from '../app/route.ts';
import { specFacts, summarize, type GroupSummary, type SpecFacts } from '../app/summary.ts';
import '../components/status-bar.ts';
import '../components/trials-table.ts';
import '../components/learning-curves.ts';
import '../components/history-chart.ts';
import '../components/parallel-coordinates.ts';
import '../components/best-params.ts';
import './confirm-delete.ts';

/** Most re-renders per second while a group streams events: 4. */
export const FLUSH_MS = 250;

@customElement('hp-group-view')
export class HpGroupView extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        background: transparent;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        gap: 8px 16px;
        align-items: baseline;
      }
      h2 {
        margin: 0;
        font-size: 20px;
      }
      .meta {
        color: var(--_muted);
        font-size: 13px;
      }
      .tools {
        display: flex;
        gap: 6px;
        flex-wrap: wrap;
        align-items: center;
      }
      section {
        margin-top: 18px;
      }
      h3 {
        font-size: 15px;
        margin: 0 0 6px;
      }
      .charts {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(26rem, 1fr));
        gap: 18px;
      }
      .card {
        border: 1px solid var(--_border);
        border-radius: 8px;
        padding: 10px 12px;
        background: var(--_bg);
      }
      .note {
        color: var(--_muted);
        font-size: 13px;
        margin: 8px 0 0;
      }
      pre {
        background: var(--_surface);
        border: 1px solid var(--_border);
        border-radius: 6px;
        padding: 8px;
        overflow: auto;
        font-size: 12px;
      }
      .missing {
        padding: 24px 0;
      }
      a {
        color: var(--_accent);
      }
    `,
  ];

  @consume({ context: servicesContext }) private _services?: AppServices;

  /** The group to show. */
  @property() groupId = '';

  @state() private _group?: GroupRecord;
  @state() private _missing = false;
  /** Snapshots for the status, table and best params, refreshed on every flush. */
  @state() private _trials: readonly TrialRecord[] = [];
  /** Reports and trials for the learning curves, refreshed when a report or trial arrives. */
  @state() private _curves: { readonly reports: ReadonlyMap<number, readonly MetricReport[]>; readonly trials: readonly TrialRecord[] } = { reports: new Map(), trials: [] };
  /** Snapshots for the charts of results (history, parallel coordinates). */
  @state() private _resultTrials: readonly TrialRecord[] = [];
  @state() private _now = Date.now();
  @state() private _selected?: number;

  /** Events applied since the last render; a snapshot array indexed by trial number. */
  private _byNumber: TrialRecord[] = [];
  private _reportLists = new Map<number, MetricReport[]>();
  private _pending?: ReturnType<typeof setTimeout>;
  /** What changed since each part was last given new snapshots. */
  private _dirty = { trials: false, curves: false, finished: false };
  private _flushing = false;
  private _facts?: { readonly source: string; readonly facts: SpecFacts };
  private _clock?: ReturnType<typeof setInterval>;
  private _unsubscribe?: () => void;
  private _summary?: GroupSummary;
  private _loading = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this._unsubscribe = this._services?.feed.subscribe((e) => this._onEvent(e));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._unsubscribe?.();
    // Reset as well as clear: `??=` schedules again only from undefined, after a reconnect too.
    clearTimeout(this._pending);
    clearInterval(this._clock);
    this._pending = undefined;
    this._clock = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('groupId')) void this._load();
    if (changed.has('_group') || changed.has('_trials')) {
      const g = this._group;
      if (g) {
        if (this._facts?.source !== g.source) this._facts = { source: g.source, facts: specFacts(g.source) };
        this._summary = summarize(g, this._trials, this._facts.facts);
      }
    }
    const running = this._group !== undefined && DRIVEN.has(this._group.status);
    if (running && this._clock === undefined) this._clock = setInterval(() => (this._now = Date.now()), 1000);
    if (!running && this._clock !== undefined) {
      clearInterval(this._clock);
      this._clock = undefined;
    }
  }

  /** Reads the whole group once; events that arrive meanwhile are applied on top. */
  private async _load(): Promise<void> {
    const services = this._services;
    if (!services || !this.groupId) return;
    const id = this.groupId;
    const token = ++this._loading;
    this._selected = undefined;
    this._byNumber = [];
    this._reportLists = new Map();
    this._group = undefined;
    const [group, trials] = await Promise.all([services.engine.group(id), services.engine.trials(id)]);
    if (token !== this._loading) return;
    this._missing = !group;
    // A group event that arrived while reading is newer than what was read: keep it.
    this._group ??= group;
    for (const t of trials) if (this._byNumber[t.number] === undefined) this._byNumber[t.number] = t;
    // Status, table and result charts first; the reports (every curve point, possibly 10^5)
    // are read after, so a big group opens without waiting for them (target: reopen < 1 s).
    this._dirty.trials = this._dirty.finished = true;
    void this._flush();
    const reports = await services.engine.reports(id);
    if (token !== this._loading) return;
    const lists = new Map<number, MetricReport[]>();
    for (const r of reports) {
      const list = lists.get(r.trial) ?? [];
      list.push({ step: r.step, values: r.values, time: r.time });
      lists.set(r.trial, list);
    }
    // Reports that arrived while reading are newer than the stored ones: keep them after.
    for (const [n, extra] of this._reportLists) lists.set(n, [...(lists.get(n) ?? []), ...extra.filter((r) => !lists.get(n)?.some((s) => s.step === r.step && s.time === r.time))]);
    this._reportLists = lists;
    this._dirty.trials = this._dirty.curves = true; // running trials' metrics come from reports too
    void this._flush();
  }

  private _onEvent(e: FeedEvent): void {
    if (e.type === 'groups') return;
    if (e.type === 'group') {
      if (e.group.id !== this.groupId) return;
      this._group = e.group;
      return;
    }
    if (e.type === 'trial') {
      if (e.trial.groupId !== this.groupId) return;
      const before = this._byNumber[e.trial.number];
      this._byNumber[e.trial.number] = e.trial;
      this._dirty.trials = true;
      // History and parallel coordinates plot results: they change when a trial ends or appears.
      if (!before || TRIAL_DONE.has(e.trial.status)) this._dirty.finished = true;
    } else {
      if (e.groupId !== this.groupId) return;
      const list = this._reportLists.get(e.trial) ?? [];
      list.push(e.report);
      this._reportLists.set(e.trial, list);
      this._dirty.curves = true;
      this._dirty.trials = true;
    }
    this._pending ??= setTimeout(() => void this._flush(), FLUSH_MS);
  }

  /**
   * Publishes the accumulated snapshots (new identities, so Lit sees the change) in one
   * render. With 1,000 trials this stays one short task: the
   * table renders one page of rows, and the charts paint their dense part on a canvas,
   * incrementally (components/dense-layer.ts); splitting the charts over several tasks, as
   * before they did, cost a frame each and left the page in between. Charts of results
   * (history, parallel coordinates) change only when a trial ends or appears.
   */
  private async _flush(): Promise<void> {
    clearTimeout(this._pending);
    this._pending = undefined;
    if (this._flushing) {
      this._pending = setTimeout(() => void this._flush(), FLUSH_MS);
      return;
    }
    this._flushing = true;
    try {
      const d = this._dirty;
      if (d.trials) {
        d.trials = false;
        this._trials = this._byNumber.filter((t) => t !== undefined).map((t) => this._live(t));
      }
      if (d.curves || this._curves.trials !== this._trials) {
        d.curves = false;
        this._curves = { reports: new Map(this._reportLists), trials: this._trials };
      }
      if (d.finished) {
        d.finished = false;
        this._resultTrials = this._trials;
      }
      await this.updateComplete;
    } finally {
      this._flushing = false;
    }
  }

  /**
   * A running trial with its metrics so far: the engine writes a trial record less often
   * than its reports, so the table would otherwise show running trials without values.
   */
  private _live(t: TrialRecord): TrialRecord {
    if (t.status !== 'running') return t;
    const list = this._reportLists.get(t.number);
    const last = list?.at(-1);
    if (!list || !last || (t.step !== undefined && t.step >= last.step)) return t;
    return { ...t, metrics: summarizeAll(list), step: last.step };
  }

  /** A trial picked in the table or on a learning curve is highlighted; picking it again clears it. */
  private readonly _select = (e: CustomEvent<TrialSelectDetail>): void => {
    this._selected = this._selected === e.detail.number ? undefined : e.detail.number;
  };

  private _command(e: CustomEvent<CommandDetail>): void {
    e.stopPropagation();
    intent(this, 'hp-group-command', { groupId: this.groupId, command: e.detail.command });
  }

  protected override render() {
    if (this._missing) {
      return html`<p class="missing">There is no group <code>${this.groupId}</code> in this browser. <a href=${routeHash({ view: 'groups' })}>Back to the groups</a>.</p>`;
    }
    const g = this._group;
    const s = this._summary;
    if (!g || !s) return html`<p class="note" role="status">Loading group…</p>`;
    const metric: MetricSpec | undefined = s.metric;
    const curveMetric = metric?.name ?? Object.keys(this._trials[0]?.metrics ?? {})[0] ?? '';
    const elsewhere = DRIVEN.has(g.status) && !this._services?.drivers.drives(g.id);
    return html`
      <header>
        <div>
          <h2>${g.name}</h2>
          <div class="meta">
            ${g.algorithm} · seed ${g.seed} · concurrency ${g.concurrency} · created ${new Date(g.createdAt).toLocaleString()} · id <code>${g.id}</code>
          </div>
        </div>
        <div class="tools" role="group" aria-label="Group tools">
          <button type="button" @click=${() => intent(this, 'hp-export-group', { groupId: g.id, format: 'json' })}>Export JSON</button>
          <button type="button" @click=${() => intent(this, 'hp-export-group', { groupId: g.id, format: 'csv' })}>Export CSV</button>
          <a class="button" href=${routeHash({ view: 'new', from: g.id })}>Duplicate</a>
          <hp-confirm-delete .groupId=${g.id} .name=${g.name} .trials=${s.trials} ?disabled=${DRIVEN.has(g.status)}></hp-confirm-delete>
        </div>
      </header>
      <section aria-label="Status and controls">
        <hp-group-status
          .status=${g.status}
          .done=${s.done}
          .planned=${s.planned}
          .startedAt=${g.startedAt}
          .now=${g.finishedAt ?? this._now}
          .message=${g.message}
          @hp-command=${this._command}
        ></hp-group-status>
        ${elsewhere ? html`<p class="note">Another tab drives this group; it is shown live here, and its controls are sent to that tab.</p>` : nothing}
        ${s.best && metric
          ? html`<p class="note">Best ${metric.name}: <strong>${formatNumber(s.best.value)}</strong> (trial #${s.best.trial}, ${metric.optimization})</p>`
          : nothing}
      </section>
      <div class="charts">
        <section class="card" aria-labelledby="curves-h">
          <h3 id="curves-h">Learning curves${curveMetric ? ` (${curveMetric})` : ''}</h3>
          <hp-learning-curves
            .reports=${this._curves.reports}
            .metric=${curveMetric}
            .trials=${this._curves.trials}
            .highlight=${this._selected}
            @hp-trial-select=${this._select}
          ></hp-learning-curves>
        </section>
        <section class="card" aria-labelledby="history-h">
          <h3 id="history-h">Optimization history</h3>
          <hp-history-chart .trials=${this._resultTrials} .metric=${metric}></hp-history-chart>
        </section>
        <section class="card" aria-labelledby="pc-h">
          <h3 id="pc-h">Parameters against ${metric?.name ?? 'the metric'}</h3>
          <hp-parallel-coordinates .trials=${this._resultTrials} .metric=${metric}></hp-parallel-coordinates>
        </section>
        <section class="card" aria-labelledby="best-h">
          <h3 id="best-h">Best parameters</h3>
          <hp-best-params .trials=${this._trials} .metric=${metric}></hp-best-params>
        </section>
      </div>
      <section aria-labelledby="trials-h">
        <h3 id="trials-h">Trials</h3>
        <hp-trials-table
          .trials=${this._trials}
          .metric=${metric}
          .selected=${this._selected}
          @hp-trial-select=${this._select}
        ></hp-trials-table>
      </section>
      <section>
        <details>
          <summary>Spec</summary>
          <pre>${g.source}</pre>
        </details>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-group-view': HpGroupView;
  }
}
