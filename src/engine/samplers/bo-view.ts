/**
 * BO's state for people (docs/architecture.md, "Group state and snapshots"): the GP a step
 * used, as a `GpView` whose functions evaluate its posterior and acquisition at encoded points,
 * and the record of every model step, from which the GP "before trial k" is rebuilt.
 *
 * Units: points are encoded (space/encoding.ts; the plot's axes). `mean` is the warp's inverse
 * of the posterior mean (the median of the predictive distribution, in the metric's units);
 * `sd` is half the width of the one-sd band mapped the same way (the posterior σ itself when
 * the warp is linear). `acquisition` is evaluated in the GP's own (warped) units, as the step
 * maximizes it; `xi` is in the metric's units, like `eps`. `evaluate` gives all of them and the
 * band mean ± z·σ mapped through the warp's inverse (the honest interval when the warp is not
 * linear) from one prediction per point.
 */
import type { Params, TrialRecord } from '../types.ts';
import type { AcquisitionOptions, BoDimension, BoObservation, GpView } from '../group/snapshot.ts';
import { encodeParams, type BoSpace } from '../space/encoding.ts';
import { acquisitionValue } from '../gp/acquisition.ts';
import { hyperFromTheta, type GpModel } from '../gp/model.ts';
import { condition } from '../gp/posterior.ts';
import { identity, standardized, yeoJohnson } from '../gp/output-warp.ts';
import { gpScaling } from './bo-scaling.ts';
import { collectObservations, type Observations } from './bo-observations.ts';
import { OBSERVED_TAG, PENDING_TAG, recordedFit } from './bo-refit.ts';
import type { StepModel } from './bo-step.ts';

/** One model step: enough to rebuild what the GP believed when it chose `trial`. */
export interface BoStepRecord {
  readonly trial: number;
  /** Observations and running trials the step conditioned on. */
  readonly observed: number;
  readonly pending: number;
  readonly hyperparameters: Readonly<Record<string, number | readonly number[]>>;
}

/** GpView plus the record of model steps: `before(k)` rebuilds the GP of the step that chose trial k. */
export interface BoGpView extends GpView {
  readonly steps: readonly BoStepRecord[];
  /** The GP as it was when trial `trial` was suggested (a fresh O(n³) conditioning); undefined for other trials. */
  before(trial: number): GpView | undefined;
}

export interface ViewContext {
  readonly space: BoSpace;
  readonly model: GpModel;
  readonly unit: boolean;
  readonly metric: string;
  readonly sign: 1 | -1;
  /** The settings before the output warp (bo.ts `BoOptions.previous`): values standardized. */
  readonly previous: boolean;
}

export function dimensions(space: BoSpace): BoDimension[] {
  const out: BoDimension[] = [];
  for (const f of space.features) {
    if (f.kind === 'categorical') {
      for (let i = 0; i < f.values.length; i++) out.push({ name: f.name, kind: 'categorical', bounds: [0, 1], values: f.values });
    } else {
      const bounds: [number, number] = [space.lo[f.offset], space.hi[f.offset]];
      if (f.kind === 'uniform') out.push({ name: f.name, kind: 'continuous', bounds });
      else out.push({ name: f.name, kind: f.transform === 'linear' ? 'discrete' : 'log', bounds, values: f.values });
    }
  }
  return out;
}

/** The GpView of a step's model. */
export function gpView(c: ViewContext, m: StepModel, history?: readonly TrialRecord[]): BoGpView {
  const { posterior: post, warp, scaling, obs } = m;
  const d = c.space.dim;
  const g = new Float64Array(d);
  const pred = new Float64Array(2);
  const predict = (p: readonly number[]): Float64Array => {
    scaling.toGp(p, g);
    post.predict(g, pred);
    return pred;
  };
  const observations: BoObservation[] = obs.trials.map((trial, i) => ({ trial, params: obs.params[i], x: Array.from(obs.x[i]), y: c.sign * obs.y[i] }));
  let best = -1;
  for (let i = 0; i < obs.y.length; i++) if (best < 0 || obs.y[i] > obs.y[best]) best = i;
  const lengthScales = Array.from(m.hyper.lengthScales, (l, j) => (c.unit ? l * (c.space.hi[j] - c.space.lo[j] || 1) : l));
  const steps = history ? stepRecords(history) : [];
  const acqConfig = (o: AcquisitionOptions) => {
    const yRawMax = Math.max(...obs.y);
    const yMax = warp.forward(yRawMax);
    return { kind: o.kind, kappa: o.kappa ?? 2.576, yMax, eps: warp.forward(yRawMax + (o.xi ?? 0)) - yMax };
  };
  return {
    hyperparameters: {
      length_scales: lengthScales,
      signal_variance: m.hyper.amplitude,
      noise_variance: m.hyper.noise,
      ...(warp.lambda !== undefined ? { yeo_johnson_lambda: warp.lambda } : {}),
    },
    dimensions: dimensions(c.space),
    observations,
    ...(best >= 0 ? { incumbent: observations[best] } : {}),
    ...(m.next ? { next: { params: m.next.params, x: Array.from(m.next.x) } } : {}),
    mean: (points) => points.map((p) => c.sign * warp.inverse(predict(p)[0])),
    sd: (points) =>
      points.map((p) => {
        const [mu, sd] = predict(p);
        return Math.abs(warp.inverse(mu + sd) - warp.inverse(mu - sd)) / 2;
      }),
    acquisition: (points, o) => {
      const acq = acqConfig(o);
      return points.map((p) => {
        const [mu, sd] = predict(p);
        return acquisitionValue(acq, mu, sd);
      });
    },
    evaluate: (points, o) => {
      const acq = acqConfig(o);
      const out = { mean: [] as number[], sd: [] as number[], lo: [] as number[], hi: [] as number[], acquisition: [] as number[] };
      for (const p of points) {
        const [mu, sd] = predict(p);
        const a = c.sign * warp.inverse(mu - o.z * sd);
        const b = c.sign * warp.inverse(mu + o.z * sd);
        out.mean.push(c.sign * warp.inverse(mu));
        out.sd.push(Math.abs(warp.inverse(mu + sd) - warp.inverse(mu - sd)) / 2);
        out.lo.push(Math.min(a, b));
        out.hi.push(Math.max(a, b));
        out.acquisition.push(acquisitionValue(acq, mu, sd));
      }
      return out;
    },
    steps,
    before: (trial) => (history ? rebuild(c, history, trial) : undefined),
  };
}

/** The GP of the newest trial a model step chose, rebuilt from its tags (after a reload). */
export function rebuildLatest(c: ViewContext, trials: readonly TrialRecord[]): BoGpView | undefined {
  for (let i = trials.length - 1; i >= 0; i--) if (trials[i].tags?.[OBSERVED_TAG] !== undefined) return rebuild(c, trials, i);
  return undefined;
}

function stepRecords(trials: readonly TrialRecord[]): BoStepRecord[] {
  const out: BoStepRecord[] = [];
  for (const t of trials) {
    const fit = recordedFit(t.tags);
    const observed = t.tags?.[OBSERVED_TAG];
    if (!fit || observed === undefined) continue;
    out.push({ trial: t.number, observed, pending: t.tags?.[PENDING_TAG] ?? 0, hyperparameters: { theta: Array.from(fit.theta) } });
  }
  return out;
}

/**
 * The GP of the step that chose `trial`: its recorded θ, conditioned on the `observed`
 * trials that had finished first (by finish time, then number) and, with the constant liar,
 * the `pending` ones created before it that had not.
 */
function rebuild(c: ViewContext, trials: readonly TrialRecord[], trial: number): BoGpView | undefined {
  const t = trials[trial];
  const fit = recordedFit(t?.tags);
  const observed = t?.tags?.[OBSERVED_TAG];
  if (!t || !fit || observed === undefined) return undefined;
  const earlier = trials.slice(0, trial);
  const all = collectObservations(earlier.map((e) => ({ ...e, status: e.status === 'running' || e.status === 'created' ? ('failed' as const) : e.status })), c.space, c.metric, c.sign);
  const byFinish = all.trials.map((n, i) => i).sort((a, b) => (trials[all.trials[a]].finishedAt ?? Infinity) - (trials[all.trials[b]].finishedAt ?? Infinity) || a - b);
  const keep = byFinish.slice(0, observed).sort((a, b) => a - b);
  const kept = new Set(keep.map((i) => all.trials[i]));
  // Running then: the latest earlier trials that are not among the observations.
  const pendingCount = t.tags?.[PENDING_TAG] ?? 0;
  const notObserved = earlier.filter((e) => !kept.has(e.number));
  const pending = pendingCount > 0 ? notObserved.slice(-pendingCount) : [];
  const obs: Observations = {
    x: keep.map((i) => all.x[i]),
    y: Float64Array.from(keep, (i) => all.y[i]),
    trials: keep.map((i) => all.trials[i]),
    params: keep.map((i) => all.params[i]),
    pending: pending.map((p) => encoded(c.space, p.params)),
    excluded: [],
    running: pending.length > 0,
  };
  const d = c.space.dim;
  const scaling = gpScaling(c.space, c.unit);
  const warp = !c.unit ? identity(obs.y) : c.previous ? standardized(obs.y) : yeoJohnson(obs.y);
  const n = obs.x.length;
  const m = n + obs.pending.length;
  if (n === 0) return undefined;
  const X = new Float64Array(m * d);
  obs.x.concat(obs.pending).forEach((o, i) => scaling.toGp(o, X, i * d));
  const y = new Float64Array(m).fill(Math.max(...warp.y));
  y.set(warp.y);
  const hyper = hyperFromTheta(c.model, d, fit.theta);
  const cond = condition(c.model.kernel, hyper, X, y, m, d);
  if (!cond.ok) return undefined;
  return gpView(c, { posterior: cond.posterior, warp, hyper, scaling, obs, next: { params: t.params, x: encoded(c.space, t.params) } }, trials);
}

/** The encoded point of params (NaN where a value cannot be encoded). */
function encoded(space: BoSpace, params: Params): Float64Array {
  const x = new Float64Array(space.dim);
  return encodeParams(space, params, x) ? x : x.fill(NaN);
}
