/**
 * `<hp-group-view>`: one group, live (group view). It renders the engine's snapshots of
 * the group (`engine.watch`): status, progress and time left, why it ended, the trials
 * with their metric summaries, each trial's reports, the best trial, and the algorithm's
 * own state. It computes no group state of its own. A group another tab drives arrives the
 * same way: that tab's change notices make this tab's engine re-read it (app/feed.ts).
 * Snapshots are shown at most every FLUSH_MS (a status change at once), so 1,000 trials
 * reporting stay cheap. Commands go up as intents.
 *
 * Views of an algorithm's state (the bracket board, the GP view) take the snapshot as
 * `.snapshot` and mount in `_algorithmViews`.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { GroupSnapshot, MetricReport, TrialRecord } from '../../engine/index.ts';
import { theme } from '../components/theme.ts';
import { formatNumber } from '../components/format.ts';
import { matrixOf } from '../components/param-axis.ts';
import type { CommandDetail, TrialSelectDetail } from '../components/events.ts';
import { servicesContext, type AppServices } from '../app/context.ts';
import { DRIVEN } from '../app/drivers.ts';
import { intent } from '../app/intents.ts';
import { routeHash } from '../app/route.ts';
import '../components/status-bar.ts';
import '../components/trials-table.ts';
import '../components/learning-curves.ts';
import '../components/history-chart.ts';
import '../components/parallel-coordinates.ts';
import '../components/best-params.ts';
import { LazyModule, lazyView } from '../components/lazy-view.ts';
import './confirm-delete.ts';
import './copy-link.ts';

// The heavy views are chunks of their own, imported when a group view first needs them.
const analysisView = new LazyModule(() => import('../components/param-analysis.ts'), 'the parameter analysis');
const gpView = new LazyModule(() => import('../components/gp-view.ts'), 'the GP view');
const boardView = new LazyModule(() => import('../components/bracket-board.ts'), 'the bracket board');
const detailView = new LazyModule(() => import('../components/trial-detail.ts'), 'the trial detail');
// Loaded ahead (this module is itself preloaded by the app): the first group opened shows its analysis at once.
analysisView.preload();

/** Most re-renders per second while a group streams events: 4. */
export const FLUSH_MS = 250;

/**
 * Each trial's reports by number, from a snapshot: the learning curves' input. With the
 * numbers of the trials changed since `before` was taken, only those are read again.
 */
function reportsOf(s: GroupSnapshot, before?: ReadonlyMap<number, readonly MetricReport[]>, changed?: ReadonlySet<number>): ReadonlyMap<number, readonly MetricReport[]> {
  const out = new Map(before && changed ? before : []);
  const numbers = before && changed ? changed : Array.from({ length: s.size }, (_, n) => n);
  for (const n of numbers) {
    const list = s.reports(n);
    if (list.length > 0) out.set(n, list);
    else out.delete(n);
  }
  return out;
}

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

  /** The snapshot on screen. */
  @state() private _snap?: GroupSnapshot;
  @state() private _missing = false;
  /** Each trial's reports, from the snapshot on screen. */
  @state() private _reports: ReadonlyMap<number, readonly MetricReport[]> = new Map();
  /**
   * The trials for the charts of results (history, parallel coordinates): they change only
   * when a trial ends or appears, not at every report.
   */
  @state() private _resultTrials: readonly TrialRecord[] = [];
  /** Milliseconds since the snapshot on screen arrived (the clock ticks while the group runs). */
  @state() private _since = 0;
  @state() private _selected?: number;

  /** The newest snapshot, waiting for the next flush. */
  private _latest?: GroupSnapshot;
  /** Trials changed since the snapshot on screen (undefined: read them all). */
  private _changed?: Set<number>;
  private _receivedAt = 0;
  private _resultKey = '';
  private _pending?: ReturnType<typeof setTimeout>;
  private _clock?: ReturnType<typeof setInterval>;
  private _unwatch?: () => void;
  private _watching = '';

  override connectedCallback(): void {
    super.connectedCallback();
    // The analysis is always shown: import it now if it is not in yet, beside the first
    // snapshot. A trial picked later opens its detail without a wait.
    void analysisView.load();
    detailView.preload();
    // Reconnected (e.g. moved in the page): watch again.
    if (this._watching === '' && this.groupId) this._watch();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._unwatch?.();
    this._unwatch = undefined;
    this._watching = '';
    // Reset as well as clear: `??=` schedules again only from undefined, after a reconnect too.
    clearTimeout(this._pending);
    clearInterval(this._clock);
    this._pending = undefined;
    this._clock = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('groupId') && this.groupId !== this._watching) this._watch();
    const running = this._snap !== undefined && DRIVEN.has(this._snap.status);
    if (running && this._clock === undefined) this._clock = setInterval(() => (this._since = Date.now() - this._receivedAt), 1000);
    if (!running && this._clock !== undefined) {
      clearInterval(this._clock);
      this._clock = undefined;
    }
  }

  /** Watches the group: the engine calls back with its snapshot now and after every change. */
  private _watch(): void {
    this._unwatch?.();
    clearTimeout(this._pending);
    this._pending = undefined;
    this._latest = this._snap = this._changed = undefined;
    this._missing = false;
    this._selected = undefined;
    this._reports = new Map();
    this._resultTrials = [];
    this._resultKey = '';
    const engine = this._services?.engine;
    const id = (this._watching = this.groupId);
    if (!engine || !id) return;
    // No such group, or it was deleted (here, or in another tab): say so, not its last state.
    this._unwatch = engine.watch(id, (s) => this._onSnapshot(s), { gone: () => this._watching === id && this._gone() });
  }

  private _gone(): void {
    clearTimeout(this._pending);
    this._pending = this._latest = this._snap = undefined;
    this._missing = true;
  }

  private _onSnapshot(s: GroupSnapshot): void {
    this._latest = s;
    if (!s.changed) this._changed = undefined;
    else if (this._changed) for (const n of s.changed) this._changed.add(n);
    // The first snapshot and a new status are shown at once; the rest at most every FLUSH_MS.
    if (!this._snap || s.status !== this._snap.status) this._flush();
    else this._pending ??= setTimeout(() => this._flush(), FLUSH_MS);
  }

  /** Puts the newest snapshot on screen, in one render. */
  private _flush(): void {
    clearTimeout(this._pending);
    this._pending = undefined;
    const s = this._latest;
    if (!s || s === this._snap) return;
    this._snap = s;
    this._missing = false;
    this._receivedAt = Date.now();
    this._since = 0;
    this._reports = reportsOf(s, this._reports, this._changed);
    this._changed = new Set();
    const key = `${s.trials.length}:${s.progress.done}`;
    if (key !== this._resultKey) {
      this._resultKey = key;
      this._resultTrials = s.trials;
    }
  }

  /** A trial picked in the table or on a learning curve is highlighted; picking it again clears it. */
  private readonly _select = (e: CustomEvent<TrialSelectDetail>): void => {
    this._selected = this._selected === e.detail.number ? undefined : e.detail.number;
  };

  /** Each trial's reason from the snapshot on screen (a new function per snapshot, so the table re-reads it). */
  private _reasonOf?: { snap: GroupSnapshot; fn: (n: number) => string };
  private get _reason(): ((n: number) => string) | undefined {
    const s = this._snap;
    if (!s) return undefined;
    if (this._reasonOf?.snap !== s) this._reasonOf = { snap: s, fn: (n) => s.reason(n) };
    return this._reasonOf.fn;
  }

  private _command(e: CustomEvent<CommandDetail>): void {
    e.stopPropagation();
    intent(this, 'hp-group-command', { groupId: this.groupId, command: e.detail.command });
  }

  /** Views of the algorithm's own state (rungs, the GP), when the snapshot has one. */
  private _algorithmViews(s: GroupSnapshot) {
    const a = s.algorithm;
    return html`${a && a.kind !== 'bo'
      ? html`<section class="card" aria-labelledby="board-h">
          <h3 id="board-h">Brackets and rungs</h3>
          ${lazyView(boardView, this, () => html`<hp-bracket-board .snapshot=${s} .selected=${this._selected} @hp-trial-select=${this._select}></hp-bracket-board>`)}
        </section>`
      : nothing}${a?.kind === 'bo'
      ? html`<section class="card" aria-labelledby="gp-h">
          <h3 id="gp-h">What the Gaussian process believes</h3>
          ${lazyView(gpView, this, () => html`<hp-gp-view .snapshot=${s} .selected=${this._selected} @hp-trial-select=${this._select}></hp-gp-view>`)}
        </section>`
      : nothing}`;
  }

  protected override render() {
    if (this._missing) {
      return html`<p class="missing">There is no group <code>${this.groupId}</code> in this browser. <a href=${routeHash({ view: 'groups' })}>Back to the groups</a>.</p>`;
    }
    const s = this._snap;
    if (!s) return html`<p class="note" role="status">Loading group…</p>`;
    const g = s.group;
    const metric = s.metric;
    const trials = s.trials;
    const curveMetric = metric?.name ?? Object.keys(trials[0]?.metrics ?? {})[0] ?? '';
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
          <hp-copy-link .specs=${[g.source]} .seed=${g.seed} name=${g.name} align="end"></hp-copy-link>
          <hp-confirm-delete .groupId=${g.id} .name=${g.name} .trials=${trials.length} ?disabled=${DRIVEN.has(g.status)}></hp-confirm-delete>
        </div>
      </header>
      <section aria-label="Status and controls">
        <hp-group-status .status=${s.status} .progress=${s.progress} .ended=${s.ended} .since=${this._since} @hp-command=${this._command}></hp-group-status>
        ${elsewhere ? html`<p class="note">Another tab drives this group; it is shown live here, and its controls are sent to that tab.</p>` : nothing}
        ${s.best && metric
          ? html`<p class="note">Best ${metric.name}: <strong>${formatNumber(s.best.value)}</strong> (trial #${s.best.trial}, ${metric.optimization})</p>`
          : nothing}
      </section>
      ${this._algorithmViews(s)}
      ${this._selected !== undefined
        ? html`<section class="card" aria-labelledby="detail-h">
            <h3 id="detail-h" class="visually-hidden">Trial detail</h3>
            ${lazyView(detailView, this, () => html`<hp-trial-detail .snapshot=${s} .trial=${this._selected} .now=${this._receivedAt + this._since} @hp-trial-select=${this._select}></hp-trial-detail>`)}
          </section>`
        : nothing}
      <div class="charts">
        <section class="card" aria-labelledby="curves-h">
          <h3 id="curves-h">Learning curves${curveMetric ? ` (${curveMetric})` : ''}</h3>
          <hp-learning-curves
            .reports=${this._reports}
            .metric=${curveMetric}
            .trials=${trials}
            .highlight=${this._selected}
            @hp-trial-select=${this._select}
          ></hp-learning-curves>
        </section>
        <section class="card" aria-labelledby="history-h">
          <h3 id="history-h">Optimization history</h3>
          <hp-history-chart .trials=${this._resultTrials} .metric=${metric} .selected=${this._selected} @hp-trial-select=${this._select}></hp-history-chart>
        </section>
        <section class="card" aria-labelledby="pc-h">
          <h3 id="pc-h">Parameters against ${metric?.name ?? 'the metric'}</h3>
          <hp-parallel-coordinates .trials=${this._resultTrials} .metric=${metric} .selected=${this._selected} .matrix=${matrixOf(g.source)} @hp-trial-select=${this._select}></hp-parallel-coordinates>
        </section>
        <section class="card" aria-labelledby="best-h">
          <h3 id="best-h">Best parameters</h3>
          <hp-best-params .best=${s.best} .trials=${trials} .metric=${metric}></hp-best-params>
        </section>
      </div>
      <section class="card" aria-labelledby="analysis-h">
        <h3 id="analysis-h">Parameter analysis</h3>
        ${lazyView(
          analysisView,
          this,
          () => html`<hp-param-analysis .trials=${this._resultTrials} .metric=${metric} .matrix=${matrixOf(g.source)} .selected=${this._selected} @hp-trial-select=${this._select}></hp-param-analysis>`,
        )}
      </section>
      <section aria-labelledby="trials-h">
        <h3 id="trials-h">Trials</h3>
        <hp-trials-table .trials=${trials} .metric=${metric} .selected=${this._selected} .reason=${this._reason} @hp-trial-select=${this._select}></hp-trials-table>
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
