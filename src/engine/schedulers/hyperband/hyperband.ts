/**
 * Hyperband (Li et al. 2018, Algorithm 1) as Polyaxon v0.x ran it (docs/hptuning.md, "How
 * Hyperband runs"), with the fixes of docs/differences.md: "Hyperband bracket sizes follow the
 * formula", "Hyperband never trains above max_iter", "Only the current rung competes for
 * promotion", "Resuming a promoted trial", "A promoted trial's params carry its new resource"
 * and "Promoted trials wait for a slot".
 *
 * Implementation notes (terms as in ./math.ts):
 * - A *bracket* s = s_max..0 is one run of successive halving; brackets run one after
 *   the other. Rung j of bracket s holds the trials trained to resource(s, j).
 * - Rung 0 gets min(n(s), distinct configurations of the matrix) fresh configurations;
 *   rung j+1 gets the best keep(s, j) trials of rung j, as new trials whose `parent` is
 *   the promoted one. Trials of one rung run concurrently.
 * - Barrier (docs/hptuning.md, "How Hyperband runs" step 3): nothing is promoted until every trial of the rung is
 *   done; until then `ask` answers `wait`.
 * - Every trial carries the tags {bracket: s, rung: j}. The state is rebuilt from the
 *   history at every `ask`, so a reopened group continues exactly where it stopped.
 * - Hyperband stops trials only by not promoting them, so it has no `onReport`.
 */
import type { HyperbandAlgorithm, MatrixEntry } from '../../spec/types.ts';
import type { TrialRecord } from '../../types.ts';
import type { History, SearchAlgorithm, Suggestion } from '../../algorithm.ts';
import { TRIAL_DONE } from '../../types.ts';
import { hyperbandView } from './view.ts';
import { castResource, checkGeometry, keep, nConfigs, rungResource, sMax } from './math.ts';
import {
  checkResourceName,
  missingMetricMessage,
  promotion,
  rankForPromotion,
  rankSentence,
  reportsMetric,
  spaceSize,
  type Ranked,
} from './promotion.ts';
import { configKey, freshConfig } from '../../space/configs.ts';
import { formatSig } from '../../format.ts';

const WAIT: Suggestion = { kind: 'wait' };

/** A finished rung: its trials best first, how many of them go on, and how to name it. */
interface Cut {
  readonly ranked: readonly Ranked[];
  readonly kept: number;
  readonly where: string;
}

export function createHyperband(matrix: readonly MatrixEntry[], alg: HyperbandAlgorithm, seed: number): SearchAlgorithm {
  checkGeometry(alg.maxIter, alg.eta);
  checkResourceName(matrix, alg.resource.name, 'hyperband');
  const top = sMax(alg.maxIter, alg.eta);
  const space = spaceSize(matrix, 'Hyperband');
  const resourceAt = (s: number, j: number) => castResource(rungResource(alg.maxIter, alg.eta, s, j), alg.resource.type);
  const order = (s: number, j: number) => (top - s) * (top + 1) + j;

  function ask(history: History): Suggestion {
    if (typeof space !== 'number') return space;
    const rungs = new Map<number, TrialRecord[]>();
    let last = -1; // the furthest (bracket, rung) position any trial has reached
    for (const t of history.trials) {
      const s = t.tags?.bracket;
      const j = t.tags?.rung;
      if (s === undefined || j === undefined) continue;
      const at = order(s, j);
      const list = rungs.get(at);
      if (list) list.push(t);
      else rungs.set(at, [t]);
      last = Math.max(last, at);
    }
    for (let s = top; s >= 0; s--) {
      let below: Cut | undefined; // rung j−1's ranking and how many of it go on
      for (let j = 0; j <= s; j++) {
        const here = rungs.get(order(s, j)) ?? [];
        // A rung is filled only while no later rung exists, so a rebuilt state matches the original.
        if (order(s, j) >= last) {
          const next = below ? promote(here, below, s, j) : fresh(history, here, s, space);
          if (next) return next;
        }
        if (here.some((t) => !TRIAL_DONE.has(t.status))) return WAIT;
        if (!reportsMetric(here, alg.metric)) {
          return { kind: 'failed', message: missingMetricMessage(`Hyperband rung ${j} of bracket ${s}`, here, alg.metric) };
        }
        const ranked = rankForPromotion(here, alg.metric);
        const k = keep(alg.maxIter, alg.eta, s, j);
        // Nothing to promote (last rung, or every trial failed or was stopped by a policy): the bracket ends.
        if (k === 0 || ranked.length === 0) break;
        let where = `rung ${j} of bracket ${s}`;
        if (ranked.length < here.length) where += ` (${here.length - ranked.length} of its ${here.length} trials not ranked: failed, stopped or without ${alg.metric.name})`;
        // Only this rung's trials compete (docs/differences.md, "Only the current rung competes for promotion"); keep is the formula's, at most all ranked.
        below = { ranked, kept: Math.min(k, ranked.length), where };
      }
    }
    return { kind: 'exhausted' };
  }

  /** The next fresh configuration of bracket s's rung 0, if the rung is not full. */
  function fresh(history: History, here: readonly TrialRecord[], s: number, space: number): Suggestion | undefined {
    const n = nConfigs(alg.maxIter, alg.eta, s);
    const target = Math.min(n, space);
    if (here.length >= target) return undefined;
    const seen = new Set(here.map((t) => configKey(matrix, t.params)));
    const draw = freshConfig(matrix, space, seed, history.trials.length, seen);
    if (!draw) return undefined;
    const value = resourceAt(s, 0);
    const capped = target < n ? ` (n(${s}) = ${n}, the matrix has ${space} distinct configurations)` : '';
    return {
      kind: 'trial',
      params: { ...draw, [alg.resource.name]: value },
      resource: value,
      tags: { bracket: s, rung: 0 },
      note: `bracket ${s}, rung 0: configuration ${here.length + 1} of ${target}${capped} at ${alg.resource.name}=${formatSig(value)}`,
    };
  }

  /** The next promotion from rung j−1 into rung j, best first, if any is left. */
  function promote(here: readonly TrialRecord[], below: Cut, s: number, j: number): Suggestion | undefined {
    const done = new Set(here.map((t) => t.parent));
    const index = below.ranked.slice(0, below.kept).findIndex((c) => !done.has(c.trial.number));
    if (index < 0) return undefined;
    const why = `${below.where}: ${rankSentence(below.kept, below.ranked, index, alg.metric)}`;
    return promotion(below.ranked[index]!, { name: alg.resource.name, value: resourceAt(s, j) }, alg.resume, { bracket: s, rung: j }, why);
  }

  // The rungs and decisions for a snapshot (view.ts); a space that cannot be sampled has none.
  const inspect = (history: History) => (typeof space === 'number' ? hyperbandView(history.trials, alg, space) : undefined);
  return { name: 'hyperband', ask, inspect };
}
