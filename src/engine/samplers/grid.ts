/**
 * Grid search (docs/hptuning.md, "Grid search"): the Cartesian product of the value lists, first key slowest
 * and last key fastest (Python `itertools.product`), keys in declaration order (docs/differences.md, "Matrix keys keep their declared order"),
 * optionally cut to the first `n_experiments` points. No shuffling and no dedup:
 * duplicates in `values` give duplicate trials, as in Polyaxon.
 *
 * Trial k gets point k, so the grid needs no state of its own: a reloaded group, or
 * trials finishing in any order, give the same trials (docs/differences.md, "A seeded generator of our own, one stream per trial").
 */
import type { ParamValue } from '../types.ts';
import type { MatrixEntry } from '../spec/types.ts';
import { failing, historySize, type History, type SearchAlgorithm, type Suggestion } from '../algorithm.ts';
import { generateValues, isEnumerable } from '../space/generate.ts';
import { optionLength } from '../space/predicates.ts';
import { mixedRadixDigits } from '../space/mixed-radix.ts';

/** Polyaxon's message when the product is empty (docs/hptuning.md, "Grid search" step 4). */
export const GRID_EMPTY_MESSAGE = 'Experiment group could not create new suggestions.';

function checkEnumerable(e: MatrixEntry): void {
  if (!isEnumerable(e.option)) {
    throw new RangeError(`\`${e.name}\` defines a distribution, and it cannot be used with grid search, got ${e.option.kind}`);
  }
}

/** Number of grid points: the product of the list lengths, duplicates included (docs/hptuning.md, "Grid search"). */
export function gridSize(matrix: readonly MatrixEntry[]): number {
  let size = 1;
  for (const e of matrix) {
    checkEnumerable(e);
    size *= optionLength(e.option);
  }
  return size;
}

/** Point `index` of the product of `lists` (mixed radix, the last list varying fastest). */
function pointOf(matrix: readonly MatrixEntry[], lists: readonly (readonly ParamValue[])[], index: number): Record<string, ParamValue> {
  const digits = mixedRadixDigits(index, lists.map((l) => l.length));
  return Object.fromEntries(matrix.map((e, j) => [e.name, lists[j][digits[j]]]));
}

function checkIndex(index: number, size: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`grid index must be an integer in [0, ${size}), got ${index}`);
  }
}

/** The `index`-th point of the grid in `itertools.product` order (docs/hptuning.md, "Grid search" step 2). */
export function gridPoint(matrix: readonly MatrixEntry[], index: number): Record<string, ParamValue> {
  checkIndex(index, gridSize(matrix));
  return pointOf(matrix, matrix.map((e) => generateValues(e.option)), index);
}

/**
 * Grid search as a SearchAlgorithm. Trial k (= `history.trials.length`) gets point k
 * until min(nExperiments, size) trials exist, then `exhausted` (with a reason when
 * nExperiments asked for more points than the grid has). An empty product fails the
 * group with Polyaxon's message (docs/hptuning.md, "Grid search" step 4); so does a matrix that is not enumerable,
 * which validation (docs/hptuning.md, "Which matrix options each algorithm takes") should already have rejected.
 */
export function createGridSearch(matrix: readonly MatrixEntry[], nExperiments?: number): SearchAlgorithm {
  let lists: readonly (readonly ParamValue[])[];
  let size: number;
  try {
    size = gridSize(matrix);
    lists = matrix.map((e) => generateValues(e.option));
  } catch (err) {
    return failing('grid', `${GRID_EMPTY_MESSAGE} ${(err as Error).message}`);
  }
  const total = nExperiments === undefined ? size : Math.min(nExperiments, size);
  const capped = nExperiments !== undefined && nExperiments > size;
  return {
    name: 'grid',
    ask(history: History): Suggestion {
      if (size === 0) return { kind: 'failed', message: GRID_EMPTY_MESSAGE };
      const k = historySize(history);
      if (k < total) return { kind: 'trial', params: pointOf(matrix, lists, k) };
      return capped
        ? { kind: 'exhausted', reason: `the grid has ${size} points, fewer than n_experiments ${nExperiments}; all ${size} were created` }
        : { kind: 'exhausted' };
    },
  };
}
