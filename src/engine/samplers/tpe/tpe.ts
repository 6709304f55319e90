/**
 * The tree-structured Parzen estimator (TPE; Bergstra, Bardenet, Bengio & Kégl 2011,
 * "Algorithms for Hyper-Parameter Optimization", section 4), hptune's `hptuning.tpe` section
 * (docs/extensions.md, "TPE"), with Optuna's TPESampler as the reference for its defaults.
 *
 * - Trials 0 … n_startup_trials−1 are random search's (same routine and streams), as is any
 *   trial asked for before a trial has reported the metric.
 * - Then the finished trials with the metric are split into the good set, the best
 *   min(⌈gamma·n⌉, 25) by the metric (ties by trial number), and the rest. l(x) is the Parzen
 *   estimator of the good set, g(x) of the rest (estimator.ts); n_ei_candidates points drawn
 *   from l are ranked by l(x)/g(x), which is proportional to expected improvement (section 4.1), and
 *   the best one not tried yet is suggested. Univariate TPE models each dimension on its own
 *   and multiplies the ratios; `multivariate` models them jointly.
 * - Running trials are not observations (Optuna's default). Step k draws from
 *   `rngFor(seed, STREAM.tpe, k)`, and the state is the history, so a reopened group goes on
 *   with the same suggestions.
 */
import type { TrialRecord } from '../../types.ts';
import { formatSig as sig } from '../../format.ts';
import type { MatrixEntry, MetricSpec, TpeAlgorithm } from '../../spec/types.ts';
import { failing, type History, type SearchAlgorithm, type Suggestion } from '../../algorithm.ts';
import { rngFor, STREAM, type Rng } from '../../rng.ts';
import { drawUnseen } from '../../space/draw.ts';
import { distinctCombinations } from '../../space/cardinality.ts';
import { configKey } from '../../space/configs.ts';
import { allCategorical, buildDims, categoryIndex, decodePoint, type Dim } from './space.ts';
import { logPdf, sample, type Mixture, type Point } from './parzen.ts';
import { observationWeights, parzenEstimator, type EstimatorOptions } from './estimator.ts';

/** Optuna's cap on the size of the good set (`default_gamma`). */
export const GOOD_SET_CAP = 25;

/** The size of the good set among n observations: min(⌈gamma·n⌉, 25), at least 1. */
export function goodSetSize(n: number, gamma: number): number {
  return Math.max(1, Math.min(Math.ceil(gamma * n), GOOD_SET_CAP));
}


/** A finished trial as a point of the model's space with its loss (lower is better). */
export interface Observation {
  readonly trial: number;
  readonly point: Point;
  readonly loss: number;
  readonly value: number;
}

/** The trial's params as a point, or undefined when a value is not one the matrix can give (e.g. a `params` constant over it). */
export function toPoint(dims: readonly Dim[], params: TrialRecord['params']): Point | undefined {
  const point: number[] = [];
  for (const d of dims) {
    if (!Object.hasOwn(params, d.name)) return undefined;
    const x = d.kind === 'categorical' ? categoryIndex(d, params[d.name]!) : d.encode(params[d.name]!);
    if (x === undefined) return undefined;
    point.push(x);
  }
  return point;
}

/** Succeeded trials with a finite last value of the metric, as observations. */
export function observations(dims: readonly Dim[], trials: readonly TrialRecord[], metric: MetricSpec): Observation[] {
  const sign = metric.optimization === 'maximize' ? -1 : 1;
  const out: Observation[] = [];
  for (const t of trials) {
    const value = t.metrics[metric.name]?.last;
    if (t.status !== 'succeeded' || value === undefined || !Number.isFinite(value)) continue;
    const point = toPoint(dims, t.params);
    if (point) out.push({ trial: t.number, point, loss: sign * value, value });
  }
  return out;
}

export function createTpe(matrix: readonly MatrixEntry[], alg: TpeAlgorithm, seed: number): SearchAlgorithm {
  if (allCategorical(matrix)) {
    return failing('tpe', 'TPE needs at least one numeric matrix entry: every entry is categorical, which random or grid search covers as well');
  }
  let dims: Dim[];
  let distinct: number;
  try {
    dims = buildDims(matrix);
    distinct = distinctCombinations(matrix);
  } catch (e) {
    return failing('tpe', `TPE cannot model the matrix: ${(e as Error).message}`);
  }
  if (distinct === 0) return failing('tpe', 'TPE cannot sample the matrix: an entry generates no values');
  const target = Math.min(alg.nExperiments, distinct);
  const opts: EstimatorOptions = { priorWeight: alg.priorWeight, considerEndpoints: alg.considerEndpoints, multivariate: alg.multivariate };

  function random(k: number, seen: ReadonlySet<string>, note: string): Suggestion {
    const params = drawUnseen(matrix, rngFor(seed, STREAM.params, k), seen, distinct);
    if (!params) return { kind: 'exhausted', reason: `found ${k} distinct configurations; no untried one could be drawn for trial ${k}` };
    return { kind: 'trial', params, note };
  }

  function ask(history: History): Suggestion {
    const k = history.trials.length;
    if (k >= target) {
      return distinct < alg.nExperiments
        ? { kind: 'exhausted', reason: `the matrix has ${distinct} distinct configurations, fewer than n_experiments ${alg.nExperiments}; all were tried` }
        : { kind: 'exhausted' };
    }
    const seen = new Set(history.trials.map((t) => configKey(matrix, t.params)));
    if (k < alg.nStartupTrials) return random(k, seen, `random start ${k + 1} of ${alg.nStartupTrials}`);
    const obs = observations(dims, history.trials, alg.metric);
    if (obs.length === 0) return random(k, seen, `random: no trial has reported ${alg.metric.name} yet`);
    const sorted = [...obs].sort((a, b) => a.loss - b.loss || a.trial - b.trial);
    const nGood = goodSetSize(obs.length, alg.gamma);
    const byTrial = (a: Observation, b: Observation) => a.trial - b.trial;
    const good = sorted.slice(0, nGood).sort(byTrial);
    const bad = sorted.slice(nGood).sort(byTrial);
    const score = ratio(dims, good, bad, opts);
    const rng = rngFor(seed, STREAM.tpe, k);
    // Scored where the option puts the draw (a quantized or listed value), not at the raw draw.
    const candidates = Array.from({ length: alg.nEiCandidates }, () => snap(dims, score.draw(rng))).map((x) => ({ x, s: score.logRatio(x) }));
    candidates.sort((a, b) => b.s - a.s);
    const worst = sorted[nGood - 1]!.value;
    const side = alg.metric.optimization === 'maximize' ? 'at or above' : 'at or below';
    const goodSet = `good set: ${nGood} of ${obs.length} trials ${side} ${alg.metric.name} ${sig(worst)}`;
    for (const [rank, c] of candidates.entries()) {
      const params = decodePoint(dims, c.x);
      if (seen.has(configKey(matrix, params))) continue;
      const which = rank === 0 ? 'best' : `number ${rank + 1} (the better ones were tried already)`;
      return { kind: 'trial', params, note: `TPE: ${which} of ${candidates.length} candidates by l/g = ${sig(Math.exp(c.s))} (${goodSet})` };
    }
    return random(k, seen, `random: all ${candidates.length} TPE candidates were tried already (${goodSet})`);
  }

  return { name: 'tpe', ask };
}

/** The point of the value each numeric coordinate decodes to. */
export function snap(dims: readonly Dim[], x: Point): Point {
  return x.map((u, j) => {
    const d = dims[j]!;
    return d.kind === 'numeric' ? (d.encode(d.decode(u)) ?? u) : u;
  });
}

/** Draws from l and log l(x)/g(x): one joint model, or one per dimension (univariate TPE). */
function ratio(dims: readonly Dim[], good: readonly Observation[], bad: readonly Observation[], opts: EstimatorOptions) {
  const wGood = observationWeights(good.length);
  const wBad = observationWeights(bad.length);
  const groups = opts.multivariate ? [dims.map((_, j) => j)] : dims.map((_, j) => [j]);
  const models = groups.map((cols) => {
    const part = (o: readonly Observation[]) => o.map((x) => cols.map((j) => x.point[j]!));
    const sub = cols.map((j) => dims[j]!);
    return { cols, l: parzenEstimator(sub, part(good), wGood, opts) as Mixture, g: parzenEstimator(sub, part(bad), wBad, opts) as Mixture };
  });
  return {
    draw(rng: Rng): Point {
      const x = new Array<number>(dims.length);
      for (const m of models) sample(m.l, rng).forEach((v, i) => (x[m.cols[i]!] = v));
      return x;
    },
    logRatio(x: Point): number {
      return models.reduce((s, m) => {
        const sub = m.cols.map((j) => x[j]!);
        return s + logPdf(m.l, sub) - logPdf(m.g, sub);
      }, 0);
    },
  };
}
