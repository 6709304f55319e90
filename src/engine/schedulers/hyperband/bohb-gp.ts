/**
 * BOHB's `model: gp` (docs/extensions.md, "BOHB with a Gaussian process"): the configurations
 * inside Hyperband's brackets are proposed by hptune's GP (gp/, the model BO fits) instead of
 * the kernel density estimates of the paper, as in Wang, Xu & Wang (2018), "Combination of
 * Hyperband and Bayesian Optimization for Hyperparameter Optimization in Deep Learning".
 * The bracket structure is Falkner, Klein & Hutter (2018), "BOHB", Algorithm 2.
 *
 * - Target budget: the largest budget (resource) with at least `min_points_in_model`
 *   (default d + 1) trials that succeeded there with a finite metric, as for the KDE.
 * - Observations: that budget's, every larger budget's, and smaller budgets', largest first,
 *   until at least POOL are in. The budget is one more input (log-scaled to [0, 1]), so the
 *   GP learns how the loss changes with it and what the budgets share. LC4 measured why
 *   (docs/extensions.md, "Measured"): 20–40 noisy observations at the top budget do not
 *   place the optimum of the smaller effects; the lower budgets' many observations do.
 * - Model: inputs scaled to [0, 1], values warped (gp/output-warp.ts), ARD Matérn 5/2 with a
 *   fitted noise level (gp/model.ts `hptuneModel`): the noise term averages neighbours.
 * - Proposal: the maximum over the configurations, at the target budget, of μ + κσ.
 *
 * θ is recorded in the proposed trial's tags (samplers/bo-refit.ts) and the next fit starts
 * from it, refitting once the observations grew by a quarter: each step depends only on the
 * history, so a reopened group proposes the same configurations.
 */
import type { MatrixEntry, MetricSpec } from '../../spec/types.ts';
import type { ParamValue, TrialRecord } from '../../types.ts';
import type { Rng } from '../../rng.ts';
import { formatSig as sig } from '../../format.ts';
import { decodePoint, encodeParams, type BoSpace } from '../../space/encoding.ts';
import { configKey } from '../../space/configs.ts';
import type { Steps } from '../../gp/cooperative.ts';
import { fitHyperparameters } from '../../gp/fit.ts';
import { hptuneModel, hyperFromTheta, layout } from '../../gp/model.ts';
import { condition } from '../../gp/posterior.ts';
import { maximizeAcquisition } from '../../gp/maximize.ts';
import { yeoJohnson } from '../../gp/output-warp.ts';
import { gpScaling } from '../../samplers/bo-scaling.ts';
import { fitTags, recordedFit } from '../../samplers/bo-refit.ts';

const MODEL = hptuneModel({ kind: 'matern', nu: 2.5 });
/**
 * The upper confidence bound μ + κσ (Srinivas et al. 2010, "Gaussian Process Optimization in
 * the Bandit Setting"). On LC4 the mean alone (κ = 0) exploited too hard and EI explored too
 * much; κ = 2 was the best of 0, 1, 2 (docs/extensions.md, "BOHB with a Gaussian process").
 */
const KAPPA = 2;
/** The smaller budgets join, largest first, until the model has at least this many observations. */
const POOL = 100;
/** θ is refitted once the observations grew by this factor since its fit (a quarter). */
const REFIT_GROWTH = 1.25;
/** Quasi-Newton iterations of a refit that starts from the recorded θ. */
const WARM_MAX_ITER = 10;
/** Random restarts of a cold hyperparameter fit, besides the start from length scale 0.5. */
const RESTARTS = 2;
/** Uniform candidates scored before the local maximizations, and how many of those run. */
const WARMUP = 500;
const LOCAL = 5;

export interface GpContext {
  readonly matrix: readonly MatrixEntry[];
  readonly space: BoSpace;
  readonly metric: MetricSpec;
  readonly minPoints: number;
  /** Smallest and largest budget of the brackets, for the budget input's scale. */
  readonly budgets: readonly [number, number];
}

export interface GpProposal {
  readonly params: Record<string, ParamValue>;
  readonly why: string;
  readonly tags: Record<string, number>;
}

/** The trials with a finite metric at each budget, largest budget first. */
function byBudget(trials: readonly TrialRecord[], metric: string): [number, TrialRecord[]][] {
  const map = new Map<number, TrialRecord[]>();
  for (const t of trials) {
    const v = t.metrics[metric]?.last;
    if (t.status !== 'succeeded' || t.resource === undefined || typeof v !== 'number' || !Number.isFinite(v)) continue;
    const list = map.get(t.resource);
    if (list) list.push(t);
    else map.set(t.resource, [t]);
  }
  return [...map].sort((a, b) => b[0] - a[0]);
}

/**
 * The GP's proposal for a fresh configuration of `rung` (the current bracket's rung 0), or
 * why there is none (no budget has enough observations yet). `rng` is the step's stream.
 */
export function* proposeGp(c: GpContext, trials: readonly TrialRecord[], rung: readonly TrialRecord[], rng: Rng): Steps<GpProposal | { none: string }> {
  const budgets = byBudget(trials, c.metric.name);
  const top = budgets.findIndex(([, list]) => list.length >= c.minPoints);
  if (top < 0) return { none: `no budget has the ${c.minPoints} finished trials a model needs yet` };
  const target = budgets[top]![0];
  const used: TrialRecord[] = [];
  let lowest = target;
  for (const [budget, list] of budgets) {
    if (budget < target && used.length >= POOL) break;
    used.push(...list);
    lowest = budget;
  }
  const { space } = c;
  const d = space.dim;
  const D = d + 1;
  const scaling = gpScaling(space, true);
  const [rMin, rMax] = c.budgets;
  const budgetInput = (r: number) => (rMax > rMin ? Math.log(r / rMin) / Math.log(rMax / rMin) : 0);
  const sign = c.metric.optimization === 'maximize' ? 1 : -1;
  const n = used.length;
  const X = new Float64Array(n * D);
  const e = new Float64Array(d);
  used.forEach((t, i) => {
    encodeParams(space, t.params, e);
    scaling.toGp(e, X, i * D);
    X[i * D + d] = budgetInput(t.resource!);
  });
  const warp = yeoJohnson(Float64Array.from(used, (t) => sign * t.metrics[c.metric.name]!.last!));

  let last;
  for (let i = trials.length - 1; i >= 0 && !last; i--) last = recordedFit(trials[i]!.tags);
  if (last && last.theta.length !== layout(MODEL, D).size) last = undefined;
  let theta: Float64Array;
  let fittedOn: number;
  if (!last?.fittedOn || n < last.fittedOn || n >= REFIT_GROWTH * last.fittedOn) {
    const warm = last ? { warmStart: last.theta, warmMaxIter: WARM_MAX_ITER } : {};
    const fit = yield* fitHyperparameters(MODEL, X, warp.y, n, D, { lengthScale: 0.5, restarts: last ? 0 : RESTARTS, rng, ...warm });
    theta = fit.theta;
    fittedOn = n;
  } else {
    theta = last.theta;
    fittedOn = last.fittedOn;
  }
  const tags = fitTags(theta, fittedOn, n, 0);
  const hyper = hyperFromTheta(MODEL, D, theta);
  const cond = condition(MODEL.kernel, hyper, X, warp.y, n, D);
  if (!cond.ok) return { none: `the GP could not be conditioned (${cond.reason})` };
  const post = cond.posterior;
  const out = new Float64Array(2);
  const acq = { kind: 'ucb' as const, kappa: KAPPA, eps: 0, yMax: 0 };
  const lo = new Float64Array(D);
  const hi = new Float64Array(D).fill(1);
  lo[d] = hi[d] = budgetInput(target);
  const candidates = yield* maximizeAcquisition(post, acq, lo, hi, { nWarmup: WARMUP, nIter: LOCAL, rng });
  const seen = new Set(rung.map((t) => configKey(c.matrix, t.params)));
  for (const { x } of candidates) {
    const params = decodePoint(space, scaling.fromGp(x.subarray(0, d)));
    if (seen.has(configKey(c.matrix, params))) continue;
    post.predict(x, out);
    const pooled = lowest < target ? ` and budgets down to ${sig(lowest)}` : '';
    return {
      params,
      tags,
      why: `model-based (GP on budget ${sig(target)}${pooled}, ${n} observations): predicts ${c.metric.name} ${sig(sign * warp.inverse(out[0]))} at budget ${sig(target)}`,
    };
  }
  return { none: `all ${candidates.length} acquisition candidates were in the rung already` };
}
