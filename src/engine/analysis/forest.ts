/**
 * A small seeded random forest of regression trees over points in the unit cube, kept as
 * each tree's leaves (axis-aligned boxes with a constant prediction): what fANOVA needs to
 * decompose the forest's variance exactly (fanova.ts). Settings follow Optuna's
 * FanovaImportanceEvaluator: 64 trees, bootstrap samples, every feature considered at each
 * split, depth up to 64, a leaf of one sample (Breiman 2001, "Random Forests"; splits by the
 * largest drop in squared error, as CART: Breiman, Friedman, Olshen, Stone 1984).
 *
 * Trees are built one at a time by a generator, so a caller on a UI thread can build a few,
 * yield, and go on (no long task).
 */
import { rngFor, type Rng } from '../rng.ts';

/** One leaf: the box [lo[d], hi[d]) in every dimension d and the tree's prediction inside it. */
export interface Leaf {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly value: number;
}

export interface ForestOptions {
  readonly trees?: number;
  readonly maxDepth?: number;
  readonly minSamplesLeaf?: number;
  readonly seed?: number;
}

export const FOREST_DEFAULTS = { trees: 64, maxDepth: 64, minSamplesLeaf: 1, seed: 0 } as const;

/** Stream key of the forest's bootstrap draws (distinct from the engine's sampling streams). */
const FOREST_STREAM = 41;

/**
 * Builds the forest on points `x[i]` (each in [0, 1]^dims) with targets `y[i]`, yielding
 * each tree as it is built; returns every tree's leaves.
 */
export function* forestSteps(x: readonly Float64Array[], y: Float64Array, dims: number, options: ForestOptions = {}): Generator<readonly Leaf[], Leaf[][]> {
  const o = { ...FOREST_DEFAULTS, ...options };
  const rng = rngFor(o.seed, FOREST_STREAM);
  const trees: Leaf[][] = [];
  const n = y.length;
  for (let t = 0; t < o.trees; t++) {
    const sample = new Int32Array(n);
    for (let i = 0; i < n; i++) sample[i] = rng.int(n);
    trees.push(buildTree(x, y, dims, sample, o.maxDepth, o.minSamplesLeaf, rng));
    yield trees[t]!;
  }
  return trees;
}

/** The whole forest at once (tests, Node). */
export function buildForest(x: readonly Float64Array[], y: Float64Array, dims: number, options: ForestOptions = {}): Leaf[][] {
  const it = forestSteps(x, y, dims, options);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

interface Node {
  /** The node's rows sorted by each dimension (presorted once, partitioned at each split). */
  readonly sorted: Int32Array[];
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly depth: number;
}

function mean(y: Float64Array, rows: Int32Array): number {
  let s = 0;
  for (const r of rows) s += y[r]!;
  return s / rows.length;
}

function buildTree(x: readonly Float64Array[], y: Float64Array, dims: number, sample: Int32Array, maxDepth: number, minLeaf: number, rng: Rng): Leaf[] {
  const leaves: Leaf[] = [];
  const sorted = Array.from({ length: dims }, (_, d) => Int32Array.from(sample).sort((a, b) => x[a]![d]! - x[b]![d]!));
  const stack: Node[] = [{ sorted, lo: new Float64Array(dims), hi: new Float64Array(dims).fill(1), depth: 0 }];
  const goesLeft = new Uint8Array(x.length);
  while (stack.length) {
    const node = stack.pop()!;
    const rows = node.sorted[0]!;
    const split = node.depth < maxDepth && rows.length >= 2 * minLeaf ? bestSplit(x, y, node.sorted, minLeaf, rng) : undefined;
    if (!split) {
      leaves.push({ lo: node.lo, hi: node.hi, value: mean(y, rows) });
      continue;
    }
    const { dim, threshold } = split;
    // A bootstrap sample repeats rows: a row's side depends on its value only, so a flag per row is enough.
    for (const r of rows) goesLeft[r] = x[r]![dim]! < threshold ? 1 : 0;
    const left = node.sorted.map((list) => list.filter((r) => goesLeft[r] === 1));
    const right = node.sorted.map((list) => list.filter((r) => goesLeft[r] === 0));
    const leftHi = node.hi.slice();
    leftHi[dim] = threshold;
    const rightLo = node.lo.slice();
    rightLo[dim] = threshold;
    stack.push({ sorted: left, lo: node.lo, hi: leftHi, depth: node.depth + 1 });
    stack.push({ sorted: right, lo: rightLo, hi: node.hi, depth: node.depth + 1 });
  }
  return leaves;
}

/**
 * The split with the largest drop in squared error over every dimension, at the midpoint
 * between two consecutive distinct values; ties between dimensions go to a random one
 * (a seeded draw), as a random forest's feature order does. Undefined when no split helps.
 */
function bestSplit(x: readonly Float64Array[], y: Float64Array, sorted: readonly Int32Array[], minLeaf: number, rng: Rng): { dim: number; threshold: number } | undefined {
  const n = sorted[0]!.length;
  let total = 0;
  for (const r of sorted[0]!) total += y[r]!;
  let best = 1e-12;
  let out: { dim: number; threshold: number } | undefined;
  let ties = 0;
  for (let d = 0; d < sorted.length; d++) {
    const order = sorted[d]!;
    let left = 0;
    for (let k = 0; k < n - 1; k++) {
      left += y[order[k]!]!;
      const v = x[order[k]!]![d]!;
      const next = x[order[k + 1]!]![d]!;
      if (v === next || k + 1 < minLeaf || n - k - 1 < minLeaf) continue;
      const nl = k + 1;
      const nr = n - nl;
      // Drop in squared error = nl·meanL² + nr·meanR² − n·mean² (the last term is constant).
      const gain = (left * left) / nl + ((total - left) * (total - left)) / nr - (total * total) / n;
      if (gain > best * (1 + 1e-12)) {
        best = gain;
        out = { dim: d, threshold: (v + next) / 2 };
        ties = 1;
      } else if (gain >= best * (1 - 1e-12) && out) {
        ties++;
        if (rng.int(ties) === 0) out = { dim: d, threshold: (v + next) / 2 };
      }
    }
  }
  return out;
}
