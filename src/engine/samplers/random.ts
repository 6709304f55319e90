/**
 * Random search (docs/hptuning.md, "Random search") with the fixes of docs/differences.md, "A seeded generator of our own, one stream per trial" and docs/differences.md, "Random search is capped at the reachable configurations".
 *
 * Polyaxon drew suggestions one after another from one RandomState and rejected any equal
 * to one already kept. Here trial k draws from its own stream `rngFor(seed,
 * STREAM.params, k)` (docs/differences.md, "A seeded generator of our own, one stream per trial") and rejects draws equal to an earlier trial's params, so a
 * trial depends only on its number and the earlier trials, never on timing.
 *
 * The count is min(n_experiments, distinct reachable combinations) (docs/differences.md, "Random search is capped at the reachable configurations"; Polyaxon counted
 * list lengths and could loop forever, #193/#589). Rejection is bounded: after
 * `MAX_ATTEMPTS` draws a finite space of at most `ENUMERATION_LIMIT` combinations is
 * enumerated and an unseen combination is picked with the probability rejection
 * sampling would have given it (its draw probability, renormalized over the unseen
 * ones), so a finite space always yields its full count. A continuous space whose
 * draws keep repeating (e.g. a coarse `quniform`) ends with `exhausted` and a reason.
 */
import type { Params, TrialRecord } from '../types.ts';
import type { MatrixEntry } from '../spec/types.ts';
import { rngFor, STREAM } from '../rng.ts';
import { failing, historySize, trialAt, type History, type SearchAlgorithm, type Suggestion } from '../algorithm.ts';
import { paramsKey } from '../space/params-key.ts';
import { distinctCombinations } from '../space/cardinality.ts';
import { drawUnseen, MAX_ATTEMPTS } from '../space/draw.ts';
import { GRID_EMPTY_MESSAGE } from './grid.ts';

/** What `check` / `plan` show as the number of trials a random search will create (docs/differences.md, "Random search is capped at the reachable configurations"). */
export function effectiveRandomCount(matrix: readonly MatrixEntry[], n: number): number {
  return Math.min(n, distinctCombinations(matrix));
}

/**
 * The keys of earlier trials' params restricted to the matrix keys (the engine merges
 * the group's `params` over each suggestion, docs/hptuning.md, "From a suggestion to a trial's params"), kept incrementally: records
 * are immutable snapshots, so a trial whose params object is unchanged keeps its key.
 */
class SeenKeys {
  private params: Params[] = [];
  private keys = new Set<string>();
  constructor(private readonly names: readonly string[]) {}

  update(history: History): ReadonlySet<string> {
    // Trials are only ever appended and their params never change, so checking the last
    // known one is enough to tell the same history from another (O(1) per ask, not O(n)).
    const size = historySize(history);
    const last = this.params.length - 1;
    const same = size >= this.params.length && (last < 0 || trialAt(history, last)!.params === this.params[last]);
    if (!same) {
      this.params = [];
      this.keys = new Set();
    }
    for (let i = this.params.length; i < size; i++) {
      const p = trialAt(history, i)!.params;
      this.params.push(p);
      this.keys.add(paramsKey(Object.fromEntries(this.names.filter((n) => Object.hasOwn(p, n)).map((n) => [n, p[n]]))));
    }
    return this.keys;
  }
}

/**
 * Random search as a SearchAlgorithm: trial k = `history.trials.length` draws from
 * `rngFor(seed, STREAM.params, k)` a suggestion unequal to every earlier trial's
 * (matrix-key) params, until min(nExperiments, distinct combinations) trials exist.
 */
export function createRandomSearch(matrix: readonly MatrixEntry[], seed: number, nExperiments: number): SearchAlgorithm {
  let distinct: number;
  try {
    distinct = distinctCombinations(matrix);
  } catch (err) {
    return failing('random', `${GRID_EMPTY_MESSAGE} ${(err as Error).message}`);
  }
  const target = Math.min(nExperiments, distinct);
  const seen = new SeenKeys(matrix.map((e) => e.name));
  return {
    name: 'random',
    ask(history: History): Suggestion {
      if (distinct === 0) {
        return { kind: 'failed', message: `${GRID_EMPTY_MESSAGE} A matrix entry generates no values (e.g. a range with a negative step).` };
      }
      const k = historySize(history);
      if (k >= target) {
        return distinct < nExperiments
          ? { kind: 'exhausted', reason: `the matrix has ${distinct} distinct reachable combinations, fewer than n_experiments ${nExperiments}; all ${distinct} were created` }
          : { kind: 'exhausted' };
      }
      const keys = seen.update(history);
      const params = drawUnseen(matrix, rngFor(seed, STREAM.params, k), keys, distinct);
      if (params === undefined) {
        return {
          kind: 'exhausted',
          reason: `found ${k} distinct configurations; ${MAX_ATTEMPTS} draws for trial ${k} all repeated earlier ones`,
        };
      }
      return { kind: 'trial', params };
    },
  };
}
