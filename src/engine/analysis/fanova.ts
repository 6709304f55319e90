/**
 * Parameter importance by functional ANOVA over a random forest: Hutter, Hoos, Leyton-Brown
 * 2014, "An Efficient Approach for Assessing Hyperparameter Importance" (ICML), as Optuna's
 * FanovaImportanceEvaluator computes it. Each tree is a piecewise-constant function on the
 * unit cube; its variance over the uniform measure splits exactly into the variances of its
 * marginals (the paper's Theorem 1 and Algorithm 1, done here on the leaves' boxes). A
 * parameter's importance is the variance of its one-parameter marginal over the tree's
 * total variance, averaged over the trees, then normalized to sum to 1 (Optuna's
 * normalization); the unnormalized fractions are kept too (what the paper reports: the
 * rest of the variance is in interactions).
 *
 * `pairMarginal` is the forest's prediction for two parameters with every other one
 * averaged out (the paper's pairwise marginal): the contour plot's surface.
 */
import type { Leaf } from './forest.ts';

export interface Importance {
  /** Per dimension, normalized to sum to 1 (all 0 when the forest is flat). */
  readonly share: readonly number[];
  /** Per dimension, the fraction of each tree's variance its marginal explains alone, averaged over the trees. */
  readonly fraction: readonly number[];
  /** Per dimension, the standard deviation of that fraction over the trees. */
  readonly sd: readonly number[];
}

function volume(l: Leaf): number {
  let v = 1;
  for (let d = 0; d < l.lo.length; d++) v *= l.hi[d]! - l.lo[d]!;
  return v;
}

/** The variance fraction of each dimension's marginal in one tree; undefined for a constant tree. */
export function treeFractions(leaves: readonly Leaf[], dims: number): number[] | undefined {
  const vols = leaves.map(volume);
  let m = 0;
  leaves.forEach((l, k) => (m += l.value * vols[k]!));
  let total = 0;
  leaves.forEach((l, k) => (total += vols[k]! * (l.value - m) ** 2));
  if (!(total > 1e-300)) return undefined;
  const out: number[] = [];
  for (let d = 0; d < dims; d++) {
    // The marginal along d is constant between the leaves' boundaries in d: a sweep adds
    // each leaf's value × its volume in the other dimensions over its interval in d.
    const cuts = [...new Set(leaves.flatMap((l) => [l.lo[d]!, l.hi[d]!]))].sort((a, b) => a - b);
    const at = new Map(cuts.map((c, i) => [c, i]));
    const diff = new Float64Array(cuts.length);
    leaves.forEach((l, k) => {
      const w = l.hi[d]! - l.lo[d]!;
      if (w <= 0) return;
      const c = (l.value * vols[k]!) / w;
      diff[at.get(l.lo[d]!)!]! += c;
      diff[at.get(l.hi[d]!)!]! -= c;
    });
    let run = 0;
    let v = 0;
    for (let i = 0; i < cuts.length - 1; i++) {
      run += diff[i]!;
      v += (cuts[i + 1]! - cuts[i]!) * (run - m) ** 2;
    }
    out.push(Math.min(1, v / total));
  }
  return out;
}

/** fANOVA main-effect importance of each of `dims` dimensions, from a forest's leaves. */
export function fanovaImportance(forest: readonly (readonly Leaf[])[], dims: number): Importance {
  return importanceOf(forest.map((t) => treeFractions(t, dims)), dims);
}

/** The importance from each tree's fractions (`treeFractions`, computed tree by tree by a caller that slices its work). */
export function importanceOf(perTree: readonly (readonly number[] | undefined)[], dims: number): Importance {
  const per = perTree.filter((f): f is readonly number[] => f !== undefined);
  const fraction: number[] = [];
  const sd: number[] = [];
  for (let d = 0; d < dims; d++) {
    const xs = per.map((f) => f[d]!);
    const mu = xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
    fraction.push(mu);
    sd.push(xs.length ? Math.sqrt(xs.reduce((a, b) => a + (b - mu) ** 2, 0) / xs.length) : 0);
  }
  const sum = fraction.reduce((a, b) => a + b, 0);
  return { share: fraction.map((f) => (sum > 0 ? f / sum : 0)), fraction, sd };
}

/**
 * The forest's mean prediction on a `size` × `size` grid of cell centres over dimensions
 * `i` (columns) and `j` (rows), every other dimension averaged out; row-major, row 0 at j's low end.
 */
export function pairMarginal(forest: readonly (readonly Leaf[])[], i: number, j: number, size: number): Float64Array {
  const it = pairMarginalSteps(forest, i, j, size);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

/** `pairMarginal`, yielding after each tree. */
export function* pairMarginalSteps(forest: readonly (readonly Leaf[])[], i: number, j: number, size: number): Generator<number, Float64Array> {
  const out = new Float64Array(size * size);
  const cell = (v: number) => Math.min(size, Math.max(0, Math.ceil(v * size - 0.5)));
  for (const tree of forest) {
    yield 0;
    // A 2-D difference array: each leaf adds value × volume elsewhere / area over the cells
    // whose centres lie in its box.
    const diff = new Float64Array((size + 1) * (size + 1));
    for (const l of tree) {
      const wi = l.hi[i]! - l.lo[i]!;
      const wj = l.hi[j]! - l.lo[j]!;
      if (wi <= 0 || wj <= 0) continue;
      const c = (l.value * volume(l)) / (wi * wj);
      const [x0, x1, y0, y1] = [cell(l.lo[i]!), cell(l.hi[i]!), cell(l.lo[j]!), cell(l.hi[j]!)];
      if (x0 === x1 || y0 === y1) continue;
      diff[y0 * (size + 1) + x0]! += c;
      diff[y0 * (size + 1) + x1]! -= c;
      diff[y1 * (size + 1) + x0]! -= c;
      diff[y1 * (size + 1) + x1]! += c;
    }
    for (let y = 0; y <= size; y++)
      for (let x = 0; x <= size; x++) {
        const k = y * (size + 1) + x;
        diff[k]! += (x ? diff[k - 1]! : 0) + (y ? diff[k - size - 1]! : 0) - (x && y ? diff[k - size - 2]! : 0);
      }
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) out[y * size + x]! += diff[y * (size + 1) + x]! / forest.length;
  }
  return out;
}
