/**
 * Drawing a configuration that no earlier trial has, as random search draws
 * (docs/hptuning.md, "Random search"). Shared by random search, Hyperband/ASHA's fresh configurations and BO's
 * initial and fallback points, so it lives with the search space rather than with any
 * one algorithm.
 */
import type { ParamValue } from '../types.ts';
import type { MatrixEntry } from './types.ts';
import type { Rng } from '../rng.ts';
import { entryKey, joinEntryKeys, paramsKey } from './params-key.ts';
import { sampleParams } from './sample.ts';
import { weightedValues } from './cardinality.ts';
import { mixedRadixDigits } from './mixed-radix.ts';

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
  const sizes = lists.map((l) => l.length);
  const size = sizes.reduce((s, n) => s * n, 1);
  const digits = new Array<number>(lists.length);
  const candidates: number[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (let index = 0; index < size; index++) {
    mixedRadixDigits(index, sizes, digits);
    let weight = 1;
    for (let j = 0; j < lists.length; j++) weight *= lists[j][digits[j]].weight;
    if (seen.has(joinEntryKeys(byName.map((j) => parts[j][digits[j]])))) continue;
    total += weight;
    candidates.push(index);
    cumulative.push(total);
  }
  if (candidates.length === 0) return undefined;
  const u = rng.next() * total;
  const found = cumulative.findIndex((c) => u < c);
  mixedRadixDigits(candidates[found === -1 ? candidates.length - 1 : found], sizes, digits);
  return Object.fromEntries(matrix.map((e, j) => [e.name, lists[j][digits[j]].value]));
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
