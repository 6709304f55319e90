/**
 * `<hp-gp-view>`: what a BO group's Gaussian process believes, live (the glass-box view of
 * Bayesian optimization; docs/hptuning.md, "Bayesian optimization"). From the group's
 * snapshot (`engine.watch`) it draws, along one parameter, the posterior mean ± 2 sd, the
 * observations, the acquisition and the next suggestion (gp-view-curve.ts), or over a pair,
 * heatmaps of the mean, the sd and the acquisition (gp-view-heatmap.ts). The parameters not
 * drawn are held at the best trial's values, and the view says so.
 *
 * A step scrubber replays the GP each model step had before it chose its trial (the
 * snapshot keeps every step's hyperparameters and counts; `before(trial)` rebuilds its
 * posterior). What-if knobs (gp-view-knobs.ts) recompute the acquisition only, on this
 * chart: the group never sees them. The grids are evaluated in a worker, which rebuilds the
 * GP from the trials (gp-view-worker.ts), or in slices on the page where no worker can
 * (gp-view-grid.ts); `data-evaluated-in` says which ("worker" or "page").
 */
import { css, html, nothing } from 'lit';
import { OwnTaskElement } from './slices.ts';
import { customElement, property, state } from 'lit/decorators.js';
import { parseSpec, type BoGpView, type BoView, type GpView, type GroupSnapshot, type MatrixEntry } from '../../engine/index.ts';
import { theme } from './theme.ts';
import { axisSamples, gpParams, positionOf, slicePoints, type GpParam } from './gp-view-axes.ts';
import { SlicedEvaluator, type PointFn } from './gp-view-grid.ts';
import { WorkerEvaluator } from './gp-view-worker.ts';
import type { GpData } from '../../workers/gp-grid.ts';
import { acquisitionLabel, labelledControls, type AcquisitionSettings } from './gp-view-knobs.ts';
import { heldText, hyperText, stepText } from './gp-view-text.ts';
import type { PlacedObservation } from './gp-view-curve.ts';
import './gp-view-curve.ts';
import './gp-view-heatmap.ts';
import './gp-view-knobs.ts';

/** Points along one parameter, and cells per side of a heatmap. */
export const CURVE_POINTS = 200;
export const GRID_SIDE = 60;

interface Evaluated {
  /** What was evaluated: the GP, the axes, and (for `acq`) the acquisition settings. */
  readonly post: string;
  readonly acqKey: string;
  readonly xs: readonly number[];
  readonly ys?: readonly number[];
  readonly mean: Float64Array;
  readonly sd: Float64Array;
  /** The band: mean ± 2 sd of the GP, in the metric's units. */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly acq: Float64Array;
}

interface SpecInfo {
  readonly matrix?: readonly MatrixEntry[];
  readonly defaults: AcquisitionSettings;
}

function specInfo(source: string): SpecInfo {
  const parsed = parseSpec(source);
  const alg = parsed.ok ? parsed.spec.hptuning.algorithm : undefined;
  const uf = alg?.kind === 'bo' ? alg.utilityFunction : undefined;
  return {
    ...(parsed.ok ? { matrix: parsed.spec.hptuning.matrix } : {}),
    defaults: { kind: uf?.acquisitionFunction ?? 'ei', kappa: uf?.kappa ?? 2.576, xi: uf?.eps ?? 0 },
  };
}

@customElement('hp-gp-view')
export class HpGpView extends OwnTaskElement {
  static override styles = [
    theme,
    labelledControls,
    css`
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 16px;
        align-items: flex-end;
        margin-bottom: 8px;
      }
      input[type='range'] {
        width: 16rem;
      }
      button[aria-pressed='true'] {
        background: var(--_accent);
        color: var(--_accent-fg);
        border-color: var(--_accent);
      }
      .note {
        color: var(--_muted);
        font-size: 13px;
        margin: 6px 0;
      }
      .maps {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr));
        gap: 12px;
      }
      hp-gp-knobs {
        margin: 8px 0;
      }
    `,
  ];

  /** The group's snapshot; the view shows its `algorithm` when that is BO's. */
  @property({ attribute: false }) snapshot?: GroupSnapshot;
  /** Along one parameter (`1d`) or over a pair (`2d`). */
  @property() mode: '1d' | '2d' = '1d';
  /** The parameter of the 1-D chart (default: the first with more than one value). */
  @property() param = '';
  /** The pair of the heatmaps (default: the first two with more than one value). */
  @property() pairX = '';
  @property() pairY = '';
  /** The selected trial (the group view's one selection): its observation is ringed on every chart. */
  @property({ type: Number }) selected?: number;

  /** The model step on screen, by the trial it chose; undefined: the latest (follows the group). */
  @state() private _step?: number;
  @state() private _acq?: AcquisitionSettings;
  @state() private _result?: Evaluated;

  private _spec?: { source: string; info: SpecInfo };
  /** Past steps' GPs: rebuilt in the worker as data (or here, as a GpView, without one); 'pending' while the worker works. */
  private readonly _before = new Map<number, GpData | undefined | 'pending'>();
  private _group = '';
  /** The keys of the job in progress, so a snapshot that changes nothing starts none. */
  private _requested = '';
  private readonly _evaluator = new SlicedEvaluator();
  private readonly _worker = new WorkerEvaluator();

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._evaluator.cancel();
    this._worker.cancel();
    this._requested = '';
  }

  private get _view(): BoView | undefined {
    const a = this.snapshot?.algorithm;
    return a?.kind === 'bo' ? a : undefined;
  }

  private get _info(): SpecInfo {
    const source = this.snapshot?.group.source ?? '';
    if (this._spec?.source !== source) this._spec = { source, info: specInfo(source) };
    return this._spec.info;
  }

  /**
   * The GP on screen: the latest, or the one of the pinned step, rebuilt once and kept. A past
   * step's GP is a fresh O(n³) conditioning (~25 ms at 400 trials): the worker rebuilds it and
   * sends it as data; until then there is none (`_rebuilding`), and without a worker it is
   * rebuilt here.
   */
  private _gp(live: BoGpView): GpData | undefined {
    const step = this._step;
    if (step === undefined) return live;
    const known = this._before.get(step);
    if (known === 'pending') return undefined;
    if (this._before.has(step)) return known;
    const snap = this.snapshot;
    if (!snap || !this._worker.available) {
      const gp = live.before?.(step);
      this._before.set(step, gp);
      return gp;
    }
    this._before.set(step, 'pending');
    void this._worker.describe({ group: snap.group, trials: snap.trials, step }).then((d) => {
      if (this._before.get(step) !== 'pending') return; // another group meanwhile
      this._before.set(step, d === 'unavailable' ? live.before?.(step) : d);
      this.requestUpdate();
    });
    return undefined;
  }

  private get _rebuilding(): boolean {
    return this._step !== undefined && this._before.get(this._step) === 'pending';
  }

  protected override willUpdate(): void {
    const id = this.snapshot?.group.id ?? '';
    if (id !== this._group) {
      this._group = id;
      this._before.clear();
      this._step = undefined;
      this._result = undefined;
      this._acq = undefined;
    }
  }

  protected override updated(): void {
    // Start (or keep) the evaluation of what is on screen; results arrive as `_result`.
    const live = this._view?.gp as BoGpView | undefined;
    const gp = live && this._gp(live);
    const axes = gp && this._axes(gp);
    if (!gp || !axes || axes.error) return;
    const acq = this._acq ?? this._info.defaults;
    const gpKey = this._step !== undefined ? `step ${this._step}` : `live ${gp.observations.length} ${gp.next?.x.join(',')} ${live!.steps.length}`;
    const post = `${gpKey}|${this.mode}|${axes.px.name}|${axes.py?.name ?? ''}`;
    const acqKey = `${post}|${acq.kind} ${acq.kappa} ${acq.xi}`;
    if (this._result?.acqKey === acqKey || this._requested === acqKey) return;
    // While the group runs, a new model step does not cancel the evaluation in progress (with
    // hundreds of observations steps can come faster than a heatmap is evaluated): it finishes,
    // and its result's render starts the newest.
    const rest = acqKey.slice(gpKey.length);
    if (this._step === undefined && this._requested.startsWith('live ') && this._requested.endsWith(rest)) return;
    this._requested = acqKey;
    const xs = axisSamples(axes.px, this.mode === '2d' ? GRID_SIDE : CURVE_POINTS, this.mode === '2d');
    const ys = axes.py ? axisSamples(axes.py, GRID_SIDE, true) : undefined;
    const base = gp.incumbent?.x ?? gp.dimensions.map((d) => (d.bounds[0] + d.bounds[1]) / 2);
    const points = slicePoints(base, axes.px, xs, axes.py, ys);
    // Only the acquisition changed: keep the mean, the sd and the band.
    const keep = this._result?.post === post ? this._result : undefined;
    // The page's functions of this GP: the live view's, or a past step's rebuilt here (only when the worker cannot).
    const functions = (): GpView | undefined => ('evaluate' in gp ? (gp as GpView) : this._step !== undefined ? live!.before?.(this._step) : undefined);
    const fn = (f: GpView): PointFn =>
      keep
        ? (p) => [f.acquisition(p, { kind: acq.kind, kappa: acq.kappa, xi: acq.xi })]
        : (p) => {
            const e = f.evaluate(p, { z: 2, kind: acq.kind, kappa: acq.kappa, xi: acq.xi });
            return [e.mean, e.sd, e.lo, e.hi, e.acquisition];
          };
    const apply = (out: Float64Array[], where: 'worker' | 'page') => {
      if (this._requested === acqKey) this._requested = '';
      this.dataset['evaluatedIn'] = where;
      this._result = keep
        ? { ...keep, acqKey, acq: out[0]! }
        : { post, acqKey, xs, ...(ys ? { ys } : {}), mean: out[0]!, sd: out[1]!, lo: out[2]!, hi: out[3]!, acq: out[4]! };
    };
    const onPage = () => {
      const f = functions();
      if (f) void this._evaluator.run(points, fn(f), keep ? 1 : 5).then((out) => out && apply(out, 'page'));
    };
    const snap = this.snapshot;
    if (!snap || !this._worker.available) return onPage();
    // In the worker: it rebuilds this GP from the trials (gp-view-worker.ts); the page's slices are the fallback.
    const settings = { z: 2, kind: acq.kind, kappa: acq.kappa, xi: acq.xi };
    const job = { group: snap.group, trials: snap.trials, ...(this._step !== undefined && { step: this._step }), points, settings, ...(keep && { acquisitionOnly: true }) };
    void this._worker.run(job).then((out) => (out === 'unavailable' ? onPage() : out !== 'stale' && apply(out, 'worker')));
  }

  /** The parameters on the axes, or why the chart cannot be drawn. */
  private _axes(gp: GpData): { px: GpParam; py?: GpParam; all: GpParam[]; error?: string } | undefined {
    const all = gpParams(gp.dimensions, this._info.matrix);
    const drawable = all.filter((p) => !p.single);
    const find = (name: string, fallback?: GpParam) => all.find((p) => p.name === name) ?? fallback;
    if (this.mode === '1d') {
      const px = find(this.param, drawable[0] ?? all[0]);
      if (!px) return undefined;
      return { px, all, ...(px.single ? { error: px.single } : {}) };
    }
    const px = find(this.pairX, drawable[0] ?? all[0]);
    const py = find(this.pairY, drawable.find((p) => p !== px) ?? all.find((p) => p !== px));
    if (!px) return undefined;
    if (drawable.length < 2 || !py || py === px) {
      const varies = drawable.length === 0 ? 'no parameter that varies' : `only one parameter that varies (${drawable[0]!.name})`;
      return { px, all, error: `A pair needs two different parameters that vary; this search space has ${varies}.` };
    }
    const single = px.single ?? py.single;
    return { px, py, all, ...(single ? { error: single } : {}) };
  }

  private _pick(which: 'param' | 'pairX' | 'pairY', e: Event): void {
    this[which] = (e.target as HTMLSelectElement).value;
  }

  private _scrub(steps: readonly { trial: number }[], e: Event): void {
    const i = Number((e.target as HTMLInputElement).value);
    this._step = i >= steps.length - 1 ? undefined : steps[i]!.trial;
  }

  protected override render() {
    const view = this._view;
    if (!view) return nothing;
    const live = view.gp as BoGpView | undefined;
    if (!live) {
      return html`<p class="note" role="status">
        Random start: ${view.randomStart.done} of ${view.randomStart.total} trials drawn at random. The GP is fitted once the random start has a finished
        trial; this view then shows what it believes.
      </p>`;
    }
    const steps = live.steps ?? [];
    const gp = this._gp(live);
    const index = this._step === undefined ? steps.length - 1 : steps.findIndex((s) => s.trial === this._step);
    const axes = gp ? this._axes(gp) : undefined;
    const metric = this.snapshot?.metric?.name ?? 'metric';
    const acq = this._acq ?? this._info.defaults;
    const select = (which: 'param' | 'pairX' | 'pairY', label: string, current?: GpParam) => html`<label
      >${label}
      <select @change=${(e: Event) => this._pick(which, e)}>
        ${(axes?.all ?? []).map((p) => html`<option value=${p.name} ?selected=${p === current}>${p.name}${p.single ? ' (single value)' : ''}</option>`)}
      </select></label
    >`;
    return html`
      <div class="controls">
        <div role="group" aria-label="Chart">
          <button type="button" aria-pressed=${this.mode === '1d'} @click=${() => (this.mode = '1d')}>Along one parameter</button>
          <button type="button" aria-pressed=${this.mode === '2d'} @click=${() => (this.mode = '2d')}>Over a pair</button>
        </div>
        ${this.mode === '1d' ? select('param', 'Parameter', axes?.px) : html`${select('pairX', 'Horizontal', axes?.px)}${select('pairY', 'Vertical', axes?.py)}`}
        ${steps.length > 0
          ? html`<label
              >Model step (replay what the GP believed)
              <input
                type="range"
                min="0"
                max=${steps.length - 1}
                step="1"
                .value=${String(Math.max(0, index))}
                aria-valuetext=${stepText(steps, index, this._step === undefined)}
                @input=${(e: Event) => this._scrub(steps, e)}
            /></label>`
          : nothing}
      </div>
      <p class="note" role="status">${stepText(steps, index, this._step === undefined)}</p>
      ${gp ? html`<p class="note">${hyperText(gp)}</p>` : nothing}
      <hp-gp-knobs .defaults=${this._info.defaults} @hp-gp-knobs=${(e: CustomEvent<AcquisitionSettings>) => (this._acq = e.detail)}></hp-gp-knobs>
      ${!gp
        ? this._rebuilding
          ? html`<p class="note" role="status">Rebuilding the GP of this step…</p>`
          : html`<p class="empty">The GP of this step could not be rebuilt from the stored trials.</p>`
        : !axes
          ? nothing
          : axes.error
            ? html`<p class="empty" role="status">${axes.error}</p>`
            : html`<p class="note held">${heldText(gp, [axes.px.name, ...(axes.py ? [axes.py.name] : [])], axes.all.map((p) => p.name))}</p>
                ${this._charts(gp, axes.px, axes.py, metric, acquisitionLabel(acq))}`}
    `;
  }

  /** The observations and the next point on the axes, kept while the GP and the axes stay (snapshots arrive every 250 ms). */
  private _marks?: { key: string; obs: PlacedObservation[]; next?: { pos: number; pos2: number } };
  private _placed(gp: GpData, px: GpParam, py?: GpParam): { obs: PlacedObservation[]; next?: { pos: number; pos2: number } } {
    const key = `${this._step ?? 'live'} ${gp.observations.length} ${gp.next?.x.join(',')} ${px.name} ${py?.name ?? ''}`;
    if (this._marks?.key === key) return this._marks;
    const best = gp.incumbent?.trial;
    const obs = gp.observations.map((o) => ({ trial: o.trial, pos: positionOf(px, o.x), ...(py ? { pos2: positionOf(py, o.x) } : {}), y: o.y, best: o.trial === best }));
    const next = gp.next ? { pos: positionOf(px, gp.next.x), pos2: py ? positionOf(py, gp.next.x) : 0 } : undefined;
    this._marks = { key, obs, ...(next ? { next } : {}) };
    return this._marks;
  }

  private _charts(gp: GpData, px: GpParam, py: GpParam | undefined, metric: string, acqLabel: string) {
    const r = this._result;
    const fresh = r && r.post.endsWith(`|${this.mode}|${px.name}|${py?.name ?? ''}`) ? r : undefined;
    const { obs, next } = this._placed(gp, px, py);
    if (!py) {
      return html`<hp-gp-curve
        .param=${px}
        .xs=${fresh?.xs ?? []}
        .mean=${fresh?.mean}
        .lo=${fresh?.lo}
        .hi=${fresh?.hi}
        .acq=${fresh?.acq}
        .observations=${obs}
        .selected=${this.selected}
        .next=${next?.pos}
        .metric=${metric}
        .acqLabel=${acqLabel}
      ></hp-gp-curve>`;
    }
    const map = (heading: string, values?: Float64Array) =>
      html`<hp-gp-heatmap .heading=${heading} .metric=${metric} .px=${px} .py=${py} .xs=${fresh?.xs ?? []} .ys=${fresh?.ys ?? []} .values=${values} .observations=${obs} .selected=${this.selected} .next=${next}></hp-gp-heatmap>`;
    return html`<div class="maps">
      ${map(`Posterior mean of ${metric}`, fresh?.mean)} ${map(`Standard deviation of ${metric}`, fresh?.sd)} ${map(`Acquisition: ${acqLabel}`, fresh?.acq)}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-gp-view': HpGpView;
  }
}
