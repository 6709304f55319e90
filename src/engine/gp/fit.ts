/**
 * Hyperparameter fitting: maximizes the objective of likelihood.ts over θ with the bounded
 * quasi-Newton of lbfgsb.ts, from the configured length scale (or the previous step's θ),
 * then from `n_restarts_optimizer` random starts (scikit-learn `GaussianProcessRegressor.fit`).
 */
import type { Rng } from '../rng.ts';
import type { Steps } from './cooperative.ts';
import { minimizeBox } from './lbfgsb.ts';
import { createObjectiveSteps } from './likelihood.ts';
import { hyperFromTheta, layout, thetaBounds, type GpHyper, type GpModel, type Interval } from './model.ts';

/**
 * Iteration cap when warm-starting: θ fitted on n − 1 points is already close to the optimum
 * for n, and a few quasi-Newton steps recover nearly all of the remaining likelihood while an
 * evaluation costs O(n³) (≈5 ms at n = 200); the refinement continues at every later step.
 * Measured (10 seeds × 50 evaluations): 3 instead of 5 iterations left the median regret on
 * branin, hartmann3 and hartmann6 within seed noise and cut the step at n = 200, d = 6 by ~1/3.
 */
const WARM_MAX_ITER = 3;
/** Iteration cap of a start from the configured length scale or a random restart. */
const COLD_MAX_ITER = 50;

export interface FitResult {
  readonly theta: Float64Array;
  readonly hyper: GpHyper;
  /** The maximized objective (log p, plus the log prior for hptune's model); −∞ if every start failed. */
  readonly objective: number;
}

export interface FitOptions {
  /** The configured `length_scale`: the first start (clipped into the bounds). */
  readonly lengthScale: number;
  /** `n_restarts_optimizer`: extra starts drawn log-uniformly from the model's restart box. */
  readonly restarts: number;
  readonly rng: Rng;
  /**
   * θ fitted at the previous BO step, if any: it replaces the configured start (the fit of
   * n + 1 points then needs a few iterations instead of ~20; it descends from that start anyway).
   */
  readonly warmStart?: ArrayLike<number>;
  /** Iteration cap of the warm start (default 3). Random restarts always get `maxIter`. */
  readonly warmMaxIter?: number;
  /** Iteration cap of a cold start: the configured length scale or a random restart (default 50). */
  readonly maxIter?: number;
}

/** Maximizes the objective over θ from the configured start and the random restarts. */
export function* fitHyperparameters(
  model: GpModel,
  X: Float64Array,
  y: Float64Array,
  n: number,
  d: number,
  opts: FitOptions,
): Steps<FitResult> {
  const lay = layout(model, d);
  const objective = createObjectiveSteps(model, X, y, n, d);
  const { lo, hi } = thetaBounds(model, d);
  const starts: Float64Array[] = [];
  const first = new Float64Array(lay.size);
  const warm = opts.warmStart !== undefined && opts.warmStart.length === lay.size;
  if (warm) {
    first.set(Array.from(opts.warmStart!));
  } else {
    first.fill(Math.log(opts.lengthScale), 0, lay.nLs);
    if (lay.amp >= 0) first[lay.amp] = Math.log(model.amplitude);
    if (lay.noise >= 0) first[lay.noise] = Math.log(model.noise);
  }
  starts.push(first);
  const logUniform = ([a, b]: Interval) => Math.log(a) + opts.rng.next() * (Math.log(b) - Math.log(a));
  for (let r = 0; r < opts.restarts; r++) {
    const s = new Float64Array(lay.size);
    for (let j = 0; j < lay.nLs; j++) s[j] = logUniform(model.restart.lengthScale);
    if (lay.amp >= 0) s[lay.amp] = logUniform(model.restart.amplitude);
    if (lay.noise >= 0) s[lay.noise] = logUniform(model.restart.noise);
    starts.push(s);
  }
  const negative = function* (theta: Float64Array, g: Float64Array): Steps<number> {
    const v = yield* objective(theta, g);
    for (let i = 0; i < g.length; i++) g[i] = -g[i];
    return -v;
  };
  let best: Float64Array = clipInto(first, lo, hi);
  let bestValue = -Infinity;
  // Only the warm start is capped: it begins next to its optimum. A random restart begins
  // anywhere in the box and needs the full budget, or `n_restarts_optimizer` would do nothing
  // from the second BO step on (every restart stopped after 3 iterations, far from its optimum).
  const coldCap = opts.maxIter ?? COLD_MAX_ITER;
  for (let i = 0; i < starts.length; i++) {
    const maxIter = i === 0 && warm ? (opts.warmMaxIter ?? WARM_MAX_ITER) : coldCap;
    const res = yield* minimizeBox(negative, starts[i], lo, hi, { maxIter, pgtol: 1e-3, ftol: 1e-6 });
    if (-res.f > bestValue) {
      bestValue = -res.f;
      best = res.x;
    }
  }
  return { theta: best, hyper: hyperFromTheta(model, d, best), objective: bestValue };
}

function clipInto(x: Float64Array, lo: Float64Array, hi: Float64Array): Float64Array {
  return x.map((v, i) => Math.min(hi[i], Math.max(lo[i], v)));
}
