/**
 * Bayesian optimization (`bo`; docs/hptuning.md, "Bayesian optimization") as a SearchAlgorithm.
 *
 * Control flow (docs/hptuning.md, "How BO runs"): trials 0 … N0−1 are random search's (same
 * routine and streams as random.ts), N0 = min(n_initial_trials, distinct configurations);
 * then one GP suggestion per ask() until N0 + n_iterations trials exist. Unlike Polyaxon there
 * is no barrier: a free slot gets a suggestion as soon as at least one trial has a value,
 * conditioned on the trials still running (docs/differences.md, "BO with concurrency above 1");
 * with no value yet and trials running the answer is `wait`.
 *
 * Observations: bo-observations.ts. Others are left out, and the suggestion's note says which.
 *
 * Running trials are handled with the constant liar (Ginsbourger, Le Riche & Carraro
 * 2010, "Kriging is well-suited to parallelize optimization", section 3.2) with the optimistic lie
 * L = max(y), the incumbent's value (their "CL-min" for minimization; scikit-optimize's default
 * too): each running configuration is added to the GP with that value (hyperparameters are
 * fitted on real observations only). Around a running point σ collapses and μ ≈ y_max, so EI
 * and POI vanish there and UCB drops to y_max, while the rest of the landscape keeps its
 * shape. We chose it over the kriging believer (lie = μ(x)), which leaves the mean of a
 * promising running point above y_max so EI can still pick its neighbour, and over the
 * pessimistic lie min(y), which digs a hole as deep as the worst observation over a whole
 * length scale: measured with batches of 4 (10 seeds × 50 evaluations, EI), median regret
 * branin 2.5e-3 (min) / 4.9e-4 (mean) / 2.3e-6 (max), hartmann6 0.042 / 0.020 / 0.0055; with
 * UCB branin 0.041 (min) / 5.1e-5 (max). It also costs no extra prediction.
 *
 * No repeats (docs/differences.md, "BO never suggests a configuration twice"): a configuration equal (paramsKey over the matrix keys) to any earlier trial's, or
 * (when the space has a `uniform` dimension) closer than MIN_DISTANCE to one in the unit-scaled
 * encoded box, is never suggested: the next best acquisition candidate is taken instead, and
 * when none is left a random untried configuration (the note says so). A finite space whose
 * configurations are all tried ends the search early with `exhausted` and the reason. When the
 * finite space has at most `n_warmup` configurations, every untried one is scored exactly
 * instead of optimizing over the box.
 *
 * Each BO trial records its model in its tags (bo-refit.ts): the next step starts its fit
 * there, or reuses it between refits, and `inspect` rebuilds any past step from them. The
 * factor of K is kept between steps (gp/factor-cache.ts): a pure cache, its results equal a
 * fresh factorization bit for bit, so a reload changes no suggestion.
 *
 * Surrogates: 'hptune' (default) fits on inputs scaled to [0, 1]^d and Yeo–Johnson-warped
 * values (gp/output-warp.ts), with ARD length scales, amplitude, noise and weak priors
 * (gp/model.ts `hptuneModel`); 'plain' is Polyaxon's scikit-learn model on raw encoded inputs
 * and raw y (`plainModel`). All randomness of step k comes from `rngFor(seed, STREAM.bo, k)`,
 * so the same seed and the same history give the same suggestion.
 */
import type { Params } from '../types.ts';
import type { BoAlgorithm, MatrixEntry } from '../spec/types.ts';
import { rngFor, STREAM } from '../rng.ts';
import { failing, type History, type SearchAlgorithm, type Suggestion } from '../algorithm.ts';
import type { BoView } from '../group/snapshot.ts';
import { paramsKey } from '../space/params-key.ts';
import { createRandomSearch } from './random.ts';
import { distinctCombinations } from '../space/cardinality.ts';
import { buildBoSpace } from '../space/encoding.ts';
import { drive } from '../gp/cooperative.ts';
import { hptuneModel, plainModel } from '../gp/model.ts';
import { FactorCache } from '../gp/factor-cache.ts';
import type { KernelSpec } from '../gp/kernels.ts';
import { collectObservations, describeStatuses } from './bo-observations.ts';
import { recordedFit } from './bo-refit.ts';
import { suggestStep, type StepModel } from './bo-step.ts';
import { gpView, rebuildLatest, type ViewContext } from './bo-view.ts';

/** How many recent step models `inspect` keeps (each holds an n×n factor). */
const KEPT_MODELS = 4;

export { THETA_TAG } from './bo-refit.ts';
export { MIN_DISTANCE } from './bo-scaling.ts';

export type BoModelName = 'hptune' | 'plain';

export interface BoOptions {
  readonly model?: BoModelName;
  /** The event loop gets a turn at least this often during a suggestion (default 10 ms). */
  readonly yieldEveryMs?: number;
  /**
   * The settings before the incremental path, the output warp and the pooled length scales
   * (standardized values, a refit at every step, a fresh factor, every warm-up candidate
   * scored): for `hptune bench`'s side-by-side comparison only, not a user field.
   */
  readonly previous?: boolean;
}

export function createBo(matrix: readonly MatrixEntry[], alg: BoAlgorithm, seed: number, opts: BoOptions = {}): SearchAlgorithm {
  const built = buildBoSpace(matrix);
  if (!built.ok) return failing('bo', built.message);
  const space = built.space;
  let distinct: number;
  try {
    distinct = distinctCombinations(matrix);
  } catch (err) {
    return failing('bo', `Experiment group could not create new suggestions. ${(err as Error).message}`);
  }
  if (distinct === 0) return failing('bo', 'Experiment group could not create new suggestions. A matrix entry generates no values.');
  if (!(alg.nInitialTrials >= 1)) {
    return failing('bo', `bo.n_initial_trials must be at least 1 (BO needs observations to start), got ${alg.nInitialTrials}`);
  }
  const nInitial = Math.min(alg.nInitialTrials, distinct);
  const total = nInitial + alg.nIterations;
  const initial = createRandomSearch(matrix, seed, nInitial);
  const names = matrix.map((e) => e.name);
  const gp = alg.utilityFunction.gaussianProcess;
  const kernel: KernelSpec = gp.kernel === 'rbf' ? { kind: 'rbf' } : { kind: 'matern', nu: gp.nu };
  const unit = (opts.model ?? 'hptune') === 'hptune';
  // The previous settings had no pooling of the length scales (gp/model.ts `lengthScaleSpread`).
  const model = !unit ? plainModel(kernel) : opts.previous ? { ...hptuneModel(kernel), lengthScaleSpread: undefined } : hptuneModel(kernel);
  const sliceMs = opts.yieldEveryMs ?? 10;
  const metric = alg.metric.name;
  const sign = alg.metric.optimization === 'maximize' ? 1 : -1;
  const viewContext: ViewContext = { space, model, unit, metric, sign, previous: opts.previous === true };
  const cache = new FactorCache();
  /**
   * The models of the latest steps, for `inspect`, with the trial count each was made at,
   * oldest first. A few are kept because a snapshot may be a step or two behind the live
   * algorithm (snapshots are published at most every quarter second and read later, when a
   * view renders); without them its view rebuilt the GP, an O(n³) factorization on the page's
   * main thread (about 25 ms at 400 trials).
   */
  const recent: { model: StepModel; at: number }[] = [];

  const matrixKey = (p: Params): string => paramsKey(Object.fromEntries(names.filter((n) => Object.hasOwn(p, n)).map((n) => [n, p[n]])));

  return {
    name: 'bo',
    async ask(history: History): Promise<Suggestion> {
      const trials = history.trials;
      const k = trials.length;
      if (k < nInitial) {
        const s = await initial.ask(history);
        if (s.kind !== 'trial') return s;
        const start = `random start ${k + 1} of ${nInitial}`;
        return { ...s, note: s.note ? `${start}; ${s.note}` : start };
      }
      if (k >= total) return { kind: 'exhausted' };
      const seen = new Set(trials.map((t) => matrixKey(t.params)));
      if (seen.size >= distinct) {
        return {
          kind: 'exhausted',
          reason:
            `the matrix has ${distinct} distinct configurations and all ${distinct} were tried; ` +
            `${total - k} of the ${alg.nIterations} BO iterations were not run, since BO never suggests a configuration twice`,
        };
      }
      const obs = collectObservations(trials, space, metric, sign);
      if (obs.x.length === 0) {
        if (obs.running) return { kind: 'wait' };
        return {
          kind: 'failed',
          message:
            `Experiment group could not create new suggestions: none of the ${k} finished trials reported a finite value of metric \`${metric}\` ` +
            `(${describeStatuses(trials)}), so BO has no observation to fit.`,
        };
      }
      let last;
      for (let i = k - 1; i >= 0 && !last; i--) last = recordedFit(trials[i].tags);
      const step = suggestStep({ matrix, space, model, unit, alg, distinct, obs, seen, rng: rngFor(seed, STREAM.bo, k), last, previous: opts.previous === true, cache });
      const { result, model: used } = await drive(step, sliceMs);
      if (used) {
        recent.push({ model: used, at: k });
        if (recent.length > KEPT_MODELS) recent.shift();
      }
      if (result.kind !== 'trial' || obs.excluded.length === 0) return result;
      const leftOut = `${obs.excluded.length} succeeded trial(s) left out of the GP because metric \`${metric}\` is missing or not finite: ${obs.excluded.join(', ')}`;
      return { ...result, note: result.note ? `${result.note}; ${leftOut}` : leftOut };
    },
    inspect(history: History): BoView {
      const trials = history.trials;
      const done = Math.min(trials.length, nInitial);
      const phase = trials.length >= nInitial ? 'model' : 'random';
      const randomStart = { done, total: nInitial };
      // The GP that chose the newest model trial: kept from its step, or rebuilt from its tags after a reload.
      let at: (typeof recent)[number] | undefined;
      for (const r of recent) if (r.at < trials.length) at = r;
      const gp = at ? gpView(viewContext, at.model, trials) : rebuildLatest(viewContext, trials);
      return { kind: 'bo', phase, randomStart, ...(gp ? { gp } : {}) };
    },
  };
}
