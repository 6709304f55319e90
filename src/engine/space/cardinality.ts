/**
 * How many different suggestions a matrix can produce (docs/differences.md, "Random search is capped at the reachable configurations"). Polyaxon capped random search
 * at Π length(entry) (docs/hptuning.md, "Random search" step 2), which counts duplicates in `values` and
 * unreachable `pvalues` items, so its loop could never finish (#193, #589). We count
 * what sampling can actually return.
 */
import type { ParamValue } from '../types.ts';
import type { MatrixEntry, MatrixOption } from './types.ts';
import { valueKey } from './params-key.ts';
import { isRangeLike, rangeLikeAt, rangeLikeLength } from './generate.ts';
import { isContinuous } from './predicates.ts';
import { pvaluesReachable } from './sample.ts';

/** A reachable value and the probability that one draw of its option returns it. */
export interface WeightedValue {
  readonly value: ParamValue;
  readonly weight: number;
}

/**
 * The reachable values of a discrete option, each once (deep equality, `valueKey`), in
 * first-seen order, with the probability `sampleOption` gives it: multiplicity/length
 * for `values` and range-like lists (uniform over indices), and for `pvalues` the
 * width of the item's slice of [0, 1) under the remainder rule (docs/hptuning.md, "pvalues").
 */
export function weightedValues(o: MatrixOption): readonly WeightedValue[] {
  if (isContinuous(o)) throw new RangeError(`a continuous option has no finite value set, got ${o.kind}`);
  const index = new Map<string, number>();
  const out: { value: ParamValue; weight: number }[] = [];
  const add = (value: ParamValue, weight: number): void => {
    const k = valueKey(value);
    const i = index.get(k);
    if (i === undefined) {
      index.set(k, out.length);
      out.push({ value, weight });
    } else out[i].weight += weight;
  };
  if (o.kind === 'values') o.values.forEach((v) => add(v, 1 / o.values.length));
  else if (o.kind === 'pvalues') {
    const probs = o.values.map((p) => p[1]);
    const reachable = pvaluesReachable(probs);
    let cum = 0;
    o.values.forEach((p, i) => {
      const lo = cum;
      const hi = i < probs.length - 1 ? (cum += probs[i]) : 1;
      if (reachable[i]) add(p[0], hi - lo);
    });
  } else if (isRangeLike(o)) {
    const n = rangeLikeLength(o);
    for (let i = 0; i < n; i++) add(rangeLikeAt(o, i), 1 / n);
  }
  return out;
}

/**
 * Distinct points of a range-like option: a sorted Float64Array (8 bytes a point) instead
 * of a set of value keys, so long numeric lists stay cheap to count.
 */
function distinctPoints(o: Parameters<typeof rangeLikeAt>[0]): number {
  const sorted = Float64Array.from({ length: rangeLikeLength(o) }, (_, i) => rangeLikeAt(o, i)).sort();
  return sorted.reduce((count, v, i) => (i > 0 && v === sorted[i - 1] ? count : count + 1), 0);
}

/**
 * docs/differences.md, "Random search is capped at the reachable configurations": the number of distinct reachable combinations when every entry is discrete,
 * `Infinity` when an entry is continuous (its support is not counted), and 0 when a
 * discrete entry has no value at all (e.g. a `range` with a negative step), since then
 * nothing can be sampled whatever the other entries are. An empty matrix has one
 * combination, the empty one.
 */
export function distinctCombinations(matrix: readonly MatrixEntry[]): number {
  let product = 1;
  let continuous = false;
  for (const e of matrix) {
    if (isContinuous(e.option)) {
      continuous = true;
      continue;
    }
    const n = isRangeLike(e.option) ? distinctPoints(e.option) : weightedValues(e.option).length;
    if (n === 0) return 0;
    product *= n;
  }
  return continuous ? Infinity : product;
}
