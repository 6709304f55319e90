/**
 * Random search (spec §6) with the fixes of D3 and D5.
 *
 * REF drew suggestions one after another from one RandomState and rejected any equal
 * to one already kept. Here trial k draws from its own stream `rngFor(seed,
 * STREAM.params, k)` (D3) and rejects draws equal to an earlier trial's params, so a
 * trial depends only on its number and the earlier trials, never on timing.
 *
 * The count is min(n_experiments, distinct reachable combinations) (D5; REF counted
 * list lengths and could loop forever, #193/#589). Rejection is bounded: after
 * `MAX_ATTEMPTS` draws a finite space of at most `ENUMERATION_LIMIT` combinations is
 * enumerated and an unseen combination is picked with the probability rejection
 * sampling would have given it (its draw probability, renormalized over the unseen
 * ones), so a finite space always yields its full count. A continuous space whose
 * draws keep repeating (e.g. a coarse `quniform`) ends with `exhausted` and a reason.
 */
import type { ParamValue, Params, TrialRecord } from '../types.ts';
import type { MatrixEntry } from '../spec/types.ts';
import { rngFor, STREAM, type Rng } from '../rng.ts';
import { failing, type History, type SearchAlgorithm, type Suggestion } from './sampler.ts';
import { entryKey, joinEntryKeys, paramsKey } from './params-key.ts';
import { sampleParams } from '../space/sample.ts';
import { distinctCombinations, weightedValues } from '../space/cardinality.ts';
import { GRID_EMPTY_MESSAGE } from './grid.ts';

/** Draws per trial before giving up on rejection sampling. */
export const MAX_ATTEMPTS = 1000;
/** Largest finite space that is enumerated when rejection sampling gives up (10^5 combinations took 0.36 s on the shared 2-core machine). */
export const ENUMERATION_LIMIT = 100_000;

/** Draws until a suggestion whose `paramsKey` is not in `seen`, at most `maxAttempts` draws. */
export function drawDistinct(
  matrix: readonly MatrixEntry[],
  rng: Rng,
  seen: ReadonlySet<string>,
  maxAttempts: number,
): Record<string, ParamValue> | undefined {
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const params = sampleParams(matrix, rng);
    if (!seen.has(paramsKey(params))) return params;
  }
  return undefined;
}

/**
 * An unseen combination of an all-discrete matrix, picked with probability proportional
 * to the product of its values' draw probabilities (what rejection sampling converges
 * to); undefined when every combination has been seen.
 */
export function pickUnseen(
  matrix: readonly MatrixEntry[],
  rng: Rng,
  seen: ReadonlySet<string>,
): Record<string, ParamValue> | undefined {
  const lists = matrix.map((e) => weightedValues(e.option));
  // Each combination's paramsKey is assembled from precomputed parts (entries in name
  // order), so only the chosen combination is ever built as an object.
  const parts = matrix.map((e, j) => lists[j].map((w) => entryKey(e.name, w.value)));
  const byName = matrix.map((_, j) => j).sort((a, b) => (matrix[a].name < matrix[b].name ? -1 : 1));
  const size = lists.reduce((s, l) => s * l.length, 1);
  const digits = new Array<number>(lists.length);
  const candidates: number[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (let index = 0; index < size; index++) {
    let rest = index;
    let weight = 1;
    for (let j = lists.length - 1; j >= 0; j--) {
      digits[j] = rest % lists[j].length;
      rest = Math.floor(rest / lists[j].length);
      weight *= lists[j][digits[j]].weight;
    }
    if (seen.has(joinEntryKeys(byName.map((j) => parts[j][digits[j]])))) continue;
    total += weight;
    candidates.push(index);
    cumulative.push(total);
  }
  if (candidates.length === 0) return undefined;
  const u = rng.next() * total;
  const found = cumulative.findIndex((c) => u < c);
  let rest = candidates[found === -1 ? candidates.length - 1 : found];
  const picked = new Array<[string, ParamValue]>(lists.length);
  for (let j = lists.length - 1; j >= 0; j--) {
    picked[j] = [matrix[j].name, lists[j][rest % lists[j].length].value];
    rest = Math.floor(rest / lists[j].length);
  }
  return Object.fromEntries(picked);
}

/**
 * A suggestion not in `seen`: rejection sampling for `MAX_ATTEMPTS` draws, then, for a
 * space of `distinct` ≤ `ENUMERATION_LIMIT` combinations (`distinctCombinations`), an
 * exact pick among the unseen ones. Undefined when neither finds one.
 */
export function drawUnseen(
  matrix: readonly MatrixEntry[],
  rng: Rng,
  seen: ReadonlySet<string>,
  distinct: number,
): Record<string, ParamValue> | undefined {
  return drawDistinct(matrix, rng, seen, MAX_ATTEMPTS) ?? (distinct <= ENUMERATION_LIMIT ? pickUnseen(matrix, rng, seen) : undefined);
}

/** What `check` / `plan` show as the number of trials a random search will create (D5). */
export function effectiveRandomCount(matrix: readonly MatrixEntry[], n: number): number {
  return Math.min(n, distinctCombinations(matrix));
}

/**
 * The keys of earlier trials' params restricted to the matrix keys (the engine merges
 * the group's `params` over each suggestion, spec §4), kept incrementally: records
 * are immutable snapshots, so a trial whose params object is unchanged keeps its key.
 */
class SeenKeys {
  private params: Params[] = [];
  private keys = new Set<string>();
  constructor(private readonly names: readonly string[]) {}

  update(trials: readonly TrialRecord[]): ReadonlySet<string> {
    // Trials are only ever appended and their params never change, so checking the last
    // known one is enough to tell the same history from another (O(1) per ask, not O(n)).
    const last = this.params.length - 1;
    const same = trials.length >= this.params.length && (last < 0 || trials[last]!.params === this.params[last]);
    if (!same) {
      this.params = [];
      this.keys = new Set();
    }
    for (let i = this.params.length; i < trials.length; i++) {
      const p = trials[i].params;
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
      const k = history.trials.length;
      if (k >= target) {
        return distinct < nExperiments
          ? { kind: 'exhausted', reason: `the matrix has ${distinct} distinct reachable combinations, fewer than n_experiments ${nExperiments}; all ${distinct} were created (D5)` }
          : { kind: 'exhausted' };
      }
      const keys = seen.update(history.trials);
      const params = drawUnseen(matrix, rngFor(seed, STREAM.params, k), keys, distinct);
      if (params === undefined) {
        return {
          kind: 'exhausted',
          reason: `found ${k} distinct configurations; ${MAX_ATTEMPTS} draws for trial ${k} all repeated earlier ones (D5)`,
        };
      }
      return { kind: 'trial', params };
    },
  };
}
