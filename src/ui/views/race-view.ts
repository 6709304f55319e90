/**
 * `<hp-race-view>` (route `#/race`): the algorithm race, the classroom demo. The user picks a
 * built-in benchmark objective, a seed, a budget and 2–5 algorithms; each algorithm runs as a
 * real group made from a generated spec (app/race-settings.ts), all at once with the same seed
 * (app/race-runner.ts). One chart shows the best loss so far against the resource spent for
 * every algorithm; below it each algorithm shows its own view of the search.
 *
 * The settings live in the URL (`#/race?objective=branin&seed=1&budget=30&algorithms=bo,random`),
 * so the page's address is the race's link: "Copy link" copies it, and opening it shows the
 * same race, ready to start. Settings that cannot race are refused in place, with the reason.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { OBJECTIVES, type GroupSnapshot } from '../../engine/index.ts';
import { theme } from '../components/theme.ts';
import { copyText } from '../components/clipboard.ts';
import { formatNumber } from '../components/format.ts';
import { SERIES_STYLES, type RaceSeries } from '../components/race-chart.ts';
import '../components/race-chart.ts';
import './race-racer.ts';
import { ALGORITHM_LABELS, DEFAULT_RACE, RACE_ALGORITHMS, RACE_OBJECTIVES, budgetRange, checkRace, hasResource, raceInputOf, raceQuery, type RaceInput, type RaceProblem, type RaceSettings } from '../app/race-settings.ts';
import { raceLine, type RaceLine } from '../app/race-curve.ts';
import { Race, type Racer } from '../app/race-runner.ts';
import { raceFormStyles } from './race-form-styles.ts';

/** How often the race's views follow the racers (ms): live to the eye, cheap for the page. */
const RENDER_EVERY_MS = 250;

@customElement('hp-race-view')
export class HpRaceView extends LitElement {
  static override styles = [
    theme,
    raceFormStyles,
    css`
      .racers {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(26rem, 100%), 1fr));
        gap: 12px;
        margin-top: 16px;
      }
      .chart {
        border: 1px solid var(--_border);
        border-radius: 8px;
        padding: 10px 12px;
        margin-top: 16px;
      }
      .chart h3 {
        margin: 0 0 6px;
        font-size: 15px;
      }
    `,
  ];

  /** The URL query of the race (`objective=…&seed=…&budget=…&algorithms=…`). */
  @property() query = '';

  @state() private _input: RaceInput = {};
  @state() private _race?: Race;
  @state() private _running = false;
  @state() private _error = '';
  @state() private _done = '';
  @state() private _copied?: { ok: boolean; url: string };
  /**
   * Bumped at most every RENDER_EVERY_MS while snapshots arrive: up to five racers publish
   * after every trial, and re-rendering five views (tables, boards, the GP view) for each
   * would keep the main thread busy with style and layout.
   */
  @state() private _frame = 0;
  private readonly _snaps = new Map<string, GroupSnapshot>();
  private _pending = 0;

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('query')) this._input = raceInputOf(this.query);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._race?.dispose();
    clearTimeout(this._pending);
  }

  private _set(field: keyof RaceInput, value: string): void {
    this._input = { ...this._input, [field]: value };
    const check = checkRace(this._input);
    // The address follows the form, so it is always this race's link (no history entry per keystroke).
    if (check.ok) history.replaceState(history.state, '', `#/race?${raceQuery(check.settings)}`);
    this._copied = undefined;
  }

  private _toggle(algorithm: string, on: boolean): void {
    const now = (this._input.algorithms ?? DEFAULT_RACE.algorithms.join(',')).split(',').map((a) => a.trim());
    const next = on ? [...now.filter((a) => a !== algorithm), algorithm] : now.filter((a) => a !== algorithm);
    this._set('algorithms', RACE_ALGORITHMS.filter((a) => next.includes(a)).join(','));
  }

  private _objective(value: string): void {
    // A new problem has its own budget unit: keep the budget only if it still fits.
    const fits = checkRace({ ...this._input, objective: value }).ok || !checkRace({ ...this._input, objective: value, budget: undefined }).ok;
    if (!fits && (RACE_OBJECTIVES as readonly string[]).includes(value)) this._input = { ...this._input, budget: String(budgetRange(value as RaceSettings['objective']).fallback) };
    this._set('objective', value);
  }

  private async _start(settings: RaceSettings): Promise<void> {
    this._race?.dispose();
    this._snaps.clear();
    this._error = '';
    this._done = '';
    const race = new Race(settings);
    this._race = race;
    this._running = true;
    try {
      await race.prepare();
      this._frame++;
      await race.run((r, s) => {
        this._snaps.set(r.groupId, s);
        if (!this._pending) this._pending = window.setTimeout(() => ((this._pending = 0), this._frame++), RENDER_EVERY_MS);
      });
      if (this._race === race) this._done = this._summary(race);
    } catch (e) {
      this._error = `The race could not run: ${(e as Error).message}`;
    } finally {
      if (this._race === race) this._running = false;
    }
  }

  private _lines(race: Race): Map<string, RaceLine> {
    const withResource = hasResource(race.settings.objective);
    const out = new Map<string, RaceLine>();
    for (const r of race.racers) {
      const s = this._snaps.get(r.groupId);
      out.set(r.groupId, s ? raceLine(s, withResource, race.settings.budget) : { points: [], spent: 0, trials: 0 });
    }
    return out;
  }

  private _summary(race: Race): string {
    const lines = this._lines(race);
    const ranked = race.racers
      .map((r) => ({ r, best: lines.get(r.groupId)?.points.at(-1)?.best ?? Infinity }))
      .sort((a, b) => a.best - b.best)
      .map(({ r, best }, i) => `${i + 1}. ${ALGORITHM_LABELS[r.algorithm]} ${Number.isFinite(best) ? formatNumber(best) : 'no result'}`);
    return `The race has ended. Best loss by algorithm: ${ranked.join(', ')}.`;
  }

  private async _copy(settings: RaceSettings): Promise<void> {
    const link = new URL(location.href);
    link.hash = `#/race?${raceQuery(settings)}`;
    const url = link.href;
    this._copied = { ok: await copyText(url, this.renderRoot), url };
  }

  protected override render() {
    const check = checkRace(this._input);
    const problems = check.ok ? [] : check.problems;
    const at = (field: keyof RaceSettings) => problems.filter((p) => p.field === field);
    const objective = (RACE_OBJECTIVES as readonly string[]).includes(this._input.objective ?? 'branin') ? (this._input.objective ?? 'branin') : undefined;
    const range = budgetRange((objective as RaceSettings['objective'] | undefined) ?? 'branin');
    const chosen = (this._input.algorithms ?? DEFAULT_RACE.algorithms.join(',')).split(',').map((a) => a.trim());
    return html`
      <h2>Algorithm race</h2>
      <p class="intro">Run 2 to 5 search algorithms on the same benchmark objective with the same seed and budget, side by side, and watch which finds the lowest loss for the resource it spends.</p>
      <form @submit=${(e: Event) => (e.preventDefault(), check.ok && !this._running && void this._start(check.settings))} aria-label="Race settings">
        <div class="fields">
          <label>Objective
            <select aria-invalid=${at('objective').length > 0} aria-describedby="objective-problem" @change=${(e: Event) => this._objective((e.target as HTMLSelectElement).value)} ?disabled=${this._running}>
              ${objective ? nothing : html`<option selected value=${this._input.objective ?? ''}>${this._input.objective}</option>`}
              ${RACE_OBJECTIVES.map((o) => html`<option value=${o} ?selected=${o === objective}>${o}${hasResource(o) ? ' (learning curves)' : ''}</option>`)}
            </select>
          </label>
          <label>Seed
            <input type="number" min="0" step="1" .value=${this._input.seed ?? String(DEFAULT_RACE.seed)} aria-invalid=${at('seed').length > 0} aria-describedby="seed-problem" ?disabled=${this._running} @input=${(e: Event) => this._set('seed', (e.target as HTMLInputElement).value)} />
          </label>
          <label>Budget (${range.unit})
            <input type="number" min=${range.min} max=${range.max} step="1" .value=${this._input.budget ?? String(range.fallback)} aria-invalid=${at('budget').length > 0} aria-describedby="budget-problem" ?disabled=${this._running} @input=${(e: Event) => this._set('budget', (e.target as HTMLInputElement).value)} />
          </label>
        </div>
        ${this._problems('objective', at('objective'))}${this._problems('seed', at('seed'))}${this._problems('budget', at('budget'))}
        <fieldset aria-describedby="algorithms-problem" ?disabled=${this._running}>
          <legend>Algorithms (2 to 5)</legend>
          ${RACE_ALGORITHMS.map((a) => html`<label class="check"><input type="checkbox" .checked=${chosen.includes(a)} @change=${(e: Event) => this._toggle(a, (e.target as HTMLInputElement).checked)} />${ALGORITHM_LABELS[a]}</label>`)}
        </fieldset>
        ${this._problems('algorithms', at('algorithms'))}
        <div class="actions">
          <button type="submit" class="primary" ?disabled=${!check.ok || this._running}>${this._race ? 'Run the race again' : 'Start the race'}</button>
          <button type="button" ?disabled=${!this._running} @click=${() => this._race?.stop()}>Stop</button>
          <button type="button" ?disabled=${!check.ok} @click=${() => check.ok && void this._copy(check.settings)}>Copy link</button>
          ${this._copied
            ? html`<span role="status" class="copied">${this._copied.ok ? 'Link copied: it opens this race, ready to start.' : 'The clipboard refused the link: select it and copy it by hand.'}
                <input readonly aria-label="The race's link" .value=${this._copied.url} @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} /></span>`
            : nothing}
        </div>
      </form>
      ${this._error ? html`<p class="problem" role="alert">${this._error}</p>` : nothing}
      <p class="visually-hidden" role="status" aria-live="polite">${this._done}</p>
      ${this._race ? this._board(this._race) : nothing}
    `;
  }

  private _problems(field: string, list: readonly RaceProblem[]) {
    return html`<div id="${field}-problem">${list.map((p) => html`<p class="problem" role="alert">${p.message}</p>`)}</div>`;
  }

  private _board(race: Race) {
    void this._frame;
    const { objective, budget } = race.settings;
    const lines = this._lines(race);
    const unit = hasResource(objective) ? 'epochs' : 'evaluations';
    const minimum = OBJECTIVES[objective].fStar;
    const series: RaceSeries[] = race.racers.map((r: Racer) => ({
      label: ALGORITHM_LABELS[r.algorithm],
      points: lines.get(r.groupId)?.points ?? [],
      running: this._snaps.get(r.groupId)?.status === 'running',
    }));
    return html`
      <section class="chart" aria-labelledby="race-chart-h">
        <h3 id="race-chart-h">Best so far on ${objective} (seed ${race.settings.seed}, known minimum ${formatNumber(minimum)})</h3>
        <hp-race-chart .series=${series} .minimum=${minimum} .budget=${budget} unit=${unit}></hp-race-chart>
        ${this._done ? html`<p class="done">${this._done}</p>` : nothing}
      </section>
      <div class="racers">
        ${race.racers.map((r, i) => {
          const st = SERIES_STYLES[i % SERIES_STYLES.length]!;
          return html`<hp-race-racer
            data-algorithm=${r.algorithm}
            algorithm=${r.algorithm}
            .snapshot=${this._snaps.get(r.groupId)}
            .line=${lines.get(r.groupId)}
            .spec=${r.spec}
            color=${st.color}
            dash=${st.dash}
            .minimum=${minimum}
            unit=${unit}
          ></hp-race-racer>`;
        })}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-race-view': HpRaceView;
  }
}
