/**
 * `<hp-param-analysis>`: the analysis plots of a group (as Optuna Dashboard has them):
 * parameter importance (fANOVA), a slice per parameter and a contour for a pair. The
 * random forest behind importance and contour is rebuilt as trials finish, in slices on
 * the main thread (slices.ts: at most ~8 ms of work between yields) and at most once per
 * REFIT_MS (or twice the last build's time), so a running group of hundreds of trials
 * keeps the page responsive; the numbers are seeded, so the same trials give the same bars.
 */
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { forestSteps, importanceOf, treeFractions, type Importance, type Leaf, type MatrixEntry, type MetricSpec, type TrialRecord } from '../../engine/index.ts';
import { theme } from './theme.ts';
import { analysisData, type AnalysisData } from './analysis-data.ts';
import { runSliced, ownTask } from './slices.ts';
import './param-importance.ts';
import './slice-plots.ts';
import './contour-plot.ts';

/** Fewest finished trials the forest is fitted on. */
export const MIN_TRIALS = 4;
/** Least time between two forest builds while trials keep finishing. */
export const REFIT_MS = 2000;
export const TREES = 64;
const SEED = 0;

/** The forest and each tree's variance fractions, built tree by tree. */
function* analysisSteps(d: AnalysisData): Generator<unknown, { forest: Leaf[][]; importance: Importance }> {
  const dims = d.columns.length;
  const fractions: (readonly number[] | undefined)[] = [];
  const it = forestSteps(d.x, d.y, dims, { trees: TREES, seed: SEED });
  for (;;) {
    const r = it.next();
    if (r.done) return { forest: r.value, importance: importanceOf(fractions, dims) };
    yield;
    fractions.push(treeFractions(r.value, dims));
    yield;
  }
}

@customElement('hp-param-analysis')
export class HpParamAnalysis extends LitElement {
  /** Rendered in a task of its own (slices.ts, ownTask), so the group view's update stays short. */
  protected override scheduleUpdate(): Promise<unknown> {
    return ownTask(() => super.scheduleUpdate());
  }

  static override styles = [
    theme,
    css`
      h4 {
        margin: 14px 0 4px;
        font-size: 14px;
      }
      .row {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr));
        gap: 16px;
      }
    `,
  ];

  @property({ attribute: false }) trials: readonly TrialRecord[] = [];
  @property({ attribute: false }) metric?: MetricSpec;
  @property({ attribute: false }) matrix?: readonly MatrixEntry[];
  @property({ type: Number }) selected?: number;

  @state() private _data?: AnalysisData;
  /** The data the forest below was fitted on. */
  @state() private _fitted?: { data: AnalysisData; forest: Leaf[][]; importance: Importance; names: string[]; pair: readonly [number, number] };
  private _job?: AbortController;
  private _timer?: ReturnType<typeof setTimeout>;
  private _nextAt = 0;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._job?.abort();
    this._job = undefined;
    clearTimeout(this._timer);
    this._timer = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('trials') || changed.has('metric') || changed.has('matrix')) {
      this._data = analysisData(this.trials, this.metric, this.matrix);
      this._schedule();
    }
  }

  /** Fits the forest on the newest data: now, or after the pause since the last fit; one build at a time. */
  private _schedule(): void {
    if (this._job || this._timer !== undefined) return;
    const wait = Math.max(0, this._nextAt - performance.now());
    this._timer = setTimeout(() => {
      this._timer = undefined;
      this._fit();
    }, wait);
  }

  private _fit(): void {
    const d = this._data;
    if (!d || d.trials.length < MIN_TRIALS || d.columns.length === 0 || d === this._fitted?.data) return;
    const job = (this._job = new AbortController());
    const started = performance.now();
    void runSliced(analysisSteps(d), job.signal).then((r) => {
      if (job.signal.aborted) return;
      this._job = undefined;
      // Names and pair made once per fit, so a re-render passes the same objects down.
      this._fitted = { data: d, ...r, names: d.columns.map((c) => c.name), pair: topPair(r.importance) };
      this._nextAt = performance.now() + Math.max(REFIT_MS, 2 * (performance.now() - started));
      // Trials that finished meanwhile get the next fit.
      if (this._data !== d) this._schedule();
    });
  }

  protected override render() {
    const d = this._data;
    const f = this._fitted;
    const n = d?.trials.length ?? 0;
    const empty =
      !d || d.columns.length === 0
        ? 'No parameter varies among the finished trials yet.'
        : n < MIN_TRIALS
          ? `Importance needs ${MIN_TRIALS} finished trials; ${n} so far.`
          : '';
    return html`
      <h4 id="imp-h">Parameter importance</h4>
      <hp-importance
        aria-labelledby="imp-h"
        .names=${f?.names ?? NONE}
        .importance=${f?.importance}
        .trials=${f?.data.trials.length ?? 0}
        .trees=${TREES}
        .empty=${empty}
      ></hp-importance>
      <h4>Slices: ${this.metric?.name ?? 'the metric'} against each parameter</h4>
      <hp-slice-plots .data=${d} .metric=${this.metric} .selected=${this.selected}></hp-slice-plots>
      <h4>Contour of a pair (the forest's prediction, other parameters averaged out)</h4>
      <hp-contour .data=${f?.data} .forest=${f?.forest} .metric=${this.metric} .selected=${this.selected} .pair=${f?.pair ?? FIRST_PAIR}></hp-contour>
    `;
  }
}

const NONE: readonly string[] = [];
const FIRST_PAIR = [0, 1] as const;

/** The two most important parameters (column indices), most important first. */
function topPair(imp: Importance): readonly [number, number] {
  if (imp.share.length < 2) return FIRST_PAIR;
  const order = imp.share.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]);
  return [order[0]![1], order[1]![1]];
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-param-analysis': HpParamAnalysis;
  }
}
