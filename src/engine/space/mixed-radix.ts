/**
 * Mixed-radix decoding: combination `index` of a Cartesian product of lists as one digit
 * per list, the last list varying fastest (the order of Python's `itertools.product`, which
 * grid search follows; docs/hptuning.md, "Grid search"). Grid search maps trial k to
 * combination k this way, and random search enumerates a small finite space with it.
 */

/**
 * The digits of `index` in the radices `sizes` (digit j in [0, sizes[j])), written into
 * `out` so that a loop over many indices allocates nothing. `index` must be in
 * [0, product of sizes).
 */
export function mixedRadixDigits(index: number, sizes: readonly number[], out: number[] = new Array<number>(sizes.length)): number[] {
  let rest = index;
  for (let j = sizes.length - 1; j >= 0; j--) {
    out[j] = rest % sizes[j];
    rest = Math.floor(rest / sizes[j]);
  }
  return out;
}
