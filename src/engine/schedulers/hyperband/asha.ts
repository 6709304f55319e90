/**
 * Asynchronous successive halving (ASHA; Li et al. 2020, "A System for Massively
 * Parallel Hyperparameter Tuning", Algorithm 2): hptune's `hptuning.asha` section.
 *
 * Implementation notes:
 * - Rung k = 0..K trains to r·η^k (r = `min_resource`), K the largest k with
 *   r·η^k ≤ R = `max_iter` (the exact rule of docs/differences.md, "s_max is computed exactly", shared with Hyperband).
 * - No barriers. When asked (a slot is free), `get_job` of Algorithm 2: for
 *   k = K−1 down to 0, take the top ⌊n_k/η⌋ of the n_k trials *completed* at rung k
 *   (succeeded with the metric; ranked by its last value, docs/differences.md, "The last reported value decides"); the best of them not
 *   yet promoted goes on to rung k+1. Failing that, a fresh configuration starts at
 *   rung 0, until `n_experiments` have started (or the matrix has no new one, docs/differences.md, "Random search is capped at the reachable configurations").
 *   Failing that, `wait` while trials run, else the search is over.
 * - Promotions carry `parent` and `resume` (docs/differences.md, "Resuming a promoted trial") and the new resource in their params (docs/differences.md, "A promoted trial's params carry its new resource").
 * - Every trial carries the tag {rung: k}; the state is rebuilt from the history at every
 *   `ask`, so a reopened group continues where it stopped.
 * - Unlike Algorithm 2's unbounded bottom rung, the number of fresh configurations is
 *   capped by `n_experiments`, so the search ends.
 */
import type { AshaAlgorithm, MatrixEntry } from '../../spec/types.ts';
import type { TrialRecord } from '../../types.ts';
import type { History, SearchAlgorithm, Suggestion } from '../../algorithm.ts';
import { TRIAL_DONE } from '../../types.ts';
import { ashaView } from './view.ts';
import { castResource, checkGeometry, ladderCost, sMax } from './math.ts';
import {
  checkResourceName,
  missingMetricMessage,
  promotion,
  rankForPromotion,
  rankSentence,
  reportsMetric,
  spaceSize,
} from './promotion.ts';
import { configKey, freshConfig } from '../../space/configs.ts';
import { formatSig } from '../../format.ts';

/** Rejects what cannot run: the geometry of Hyperband (docs/differences.md, "eta must be greater than 1") plus ASHA's own fields. */
function checkAsha(alg: AshaAlgorithm): void {
  checkGeometry(alg.maxIter, alg.eta);
  if (!(Number.isFinite(alg.minResource) && alg.minResource > 0 && alg.minResource <= alg.maxIter)) {
    throw new RangeError(`asha.min_resource must be > 0 and <= max_iter (${alg.maxIter}), got ${alg.minResource}`);
  }
  if (!(Number.isInteger(alg.nExperiments) && alg.nExperiments >= 1)) {
    throw new RangeError(`asha.n_experiments must be an integer >= 1, got ${alg.nExperiments}`);
  }
}

/** The resource of each rung, bottom first: r·η^k for k = 0..K (Li et al. 2020, section 3.2). */
export function ashaRungs(alg: AshaAlgorithm): number[] {
  checkAsha(alg);
  const top = sMax(alg.maxIter / alg.minResource, alg.eta);
  return Array.from({ length: top + 1 }, (_, k) => castResource(alg.minResource * alg.eta ** k, alg.resource.type));
}

export interface AshaPlan {
  readonly algorithm: 'asha';
  readonly eta: number;
  readonly n_experiments: number;
  /**
   * `configs` is what synchronous successive halving would run at each rung
   * (n_0 = n_experiments, n_{k+1} = ⌊n_k/η⌋). ASHA decides as results arrive, so a rung
   * may get a few more: a trial promoted early stays promoted when better ones appear later.
   */
  readonly rungs: readonly { readonly rung: number; readonly resource: number; readonly configs: number }[];
  /** Trials of that synchronous count. */
  readonly trials: number;
  readonly resource_total: number;
  readonly resource_total_resume: number;
}

/** The rung ladder `hptune plan` shows for ASHA. */
export function ashaPlan(alg: AshaAlgorithm): AshaPlan {
  let configs = alg.nExperiments;
  const rungs = ashaRungs(alg).map((resource, rung) => {
    const r = { rung, resource, configs };
    configs = Math.trunc(configs / alg.eta);
    return r;
  });
  const cost = ladderCost(rungs);
  return {
    algorithm: 'asha',
    eta: alg.eta,
    n_experiments: alg.nExperiments,
    rungs,
    trials: rungs.reduce((sum, r) => sum + r.configs, 0),
    resource_total: cost.scratch,
    resource_total_resume: cost.resume,
  };
}

export function createAsha(matrix: readonly MatrixEntry[], alg: AshaAlgorithm, seed: number): SearchAlgorithm {
  checkResourceName(matrix, alg.resource.name, 'asha');
  const ladder = ashaRungs(alg);
  const space = spaceSize(matrix, 'ASHA');

  function ask(history: History): Suggestion {
    if (typeof space !== 'number') return space;
    const fresh = Math.min(alg.nExperiments, space);
    const rungs: TrialRecord[][] = ladder.map(() => []);
    for (const t of history.trials) {
      const k = t.tags?.rung;
      if (k !== undefined && k >= 0 && k < ladder.length) rungs[k]!.push(t);
    }
    // Algorithm 2, get_job: the highest rung with a promotable trial first.
    for (let k = ladder.length - 2; k >= 0; k--) {
      const ranked = rankForPromotion(rungs[k]!, alg.metric);
      const quota = Math.trunc(ranked.length / alg.eta);
      if (quota === 0) continue;
      const promoted = new Set(rungs[k + 1]!.map((t) => t.parent));
      const index = ranked.slice(0, quota).findIndex((c) => !promoted.has(c.trial.number));
      if (index < 0) continue;
      const why = `rung ${k} (${alg.resource.name}=${formatSig(ladder[k]!)}): top ⌊${ranked.length}/${alg.eta}⌋ of the completed, ${rankSentence(quota, ranked, index, alg.metric)}`;
      // The ranking's numbers go into the tags too: which trials had completed when a promotion
      // was made cannot be told from millisecond timestamps, and the snapshot shows them (view.ts).
      const tags = { rung: k + 1, rank: index + 1, ranked: ranked.length, kept: quota, cutoff: ranked[quota - 1]!.value };
      return promotion(ranked[index]!, { name: alg.resource.name, value: ladder[k + 1]! }, alg.resume, tags, why);
    }
    const bottom = rungs[0]!;
    // A trial succeeded while no trial ever reported the metric: the run does not report it.
    const finished = history.trials.filter((t) => TRIAL_DONE.has(t.status));
    if (finished.some((t) => t.status === 'succeeded') && !reportsMetric(history.trials, alg.metric)) {
      return { kind: 'failed', message: missingMetricMessage('ASHA', finished, alg.metric) };
    }
    if (bottom.length < fresh) {
      const seen = new Set(bottom.map((t) => configKey(matrix, t.params)));
      const draw = freshConfig(matrix, space, seed, history.trials.length, seen);
      if (draw) {
        return {
          kind: 'trial',
          params: { ...draw, [alg.resource.name]: ladder[0]! },
          resource: ladder[0]!,
          tags: { rung: 0 },
          note: `rung 0: configuration ${bottom.length + 1} of ${fresh} at ${alg.resource.name}=${formatSig(ladder[0]!)}`,
        };
      }
    }
    if (history.trials.some((t) => !TRIAL_DONE.has(t.status))) return { kind: 'wait' };
    return space < alg.nExperiments
      ? { kind: 'exhausted', reason: `the matrix has ${space} distinct configurations, fewer than n_experiments ${alg.nExperiments}` }
      : { kind: 'exhausted' };
  }

  const planned = ashaPlan(alg).rungs.map((r) => r.configs);
  return { name: 'asha', ask, inspect: (history: History) => ashaView(history.trials, alg, ladder, planned) };
}
