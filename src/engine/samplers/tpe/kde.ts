/**
 * BOHB's model (Falkner, Klein & Hutter 2018, "BOHB: Robust and Efficient Hyperparameter
 * Optimization at Scale", section 3.1 and Algorithm 2; HpBandSter's `config_generators/bohb.py` for
 * the details the paper leaves out): on the largest budget with enough observations, the
 * best `top_n_percent` form l(x) and the next ones g(x), each a multivariate kernel density
 * estimate with one bandwidth per dimension by the normal reference rule
 * 1.06 · sd · n^(−1/(d+4)), at least `min_bandwidth`. `num_samples` candidates are drawn from
 * l with bandwidths widened by `bandwidth_factor`, and the one with the largest l(x)/g(x)
 * is proposed. Numeric kernels are normals truncated to the range; categorical ones are
 * Aitchison–Aitken kernels (keep the value with probability 1 − bandwidth).
 */
import type { Rng } from '../../rng.ts';
import type { Dim } from './space.ts';
import type { Kernel, Mixture, Point } from './parzen.ts';
import { logPdf, sample } from './parzen.ts';

export interface KdeOptions {
  readonly minPointsInModel?: number;
  readonly topNPercent: number;
  readonly numSamples: number;
  readonly bandwidthFactor: number;
  readonly minBandwidth: number;
}

export interface BudgetObservation {
  readonly point: Point;
  readonly loss: number;
  readonly trial: number;
}

export interface Proposal {
  readonly budget: number;
  readonly points: number;
  readonly good: number;
  readonly bad: number;
  /** Candidates, best first, with log l(x)/g(x). */
  readonly candidates: readonly { readonly x: Point; readonly score: number }[];
}

/** The points a budget needs before it is modelled: min_points_in_model, or d + 1 (HpBandSter's default). */
export function minPoints(dims: readonly Dim[], o: KdeOptions): number {
  return o.minPointsInModel ?? dims.length + 1;
}

/** The good and bad sets of one budget's observations, or undefined when either is too small to estimate (more points than dimensions). */
export function split(dims: readonly Dim[], obs: readonly BudgetObservation[], o: KdeOptions) {
  const min = minPoints(dims, o);
  if (obs.length < min) return undefined;
  const n = obs.length;
  const nGood = Math.max(min, Math.floor((o.topNPercent * n) / 100));
  const nBad = Math.max(min, Math.floor(((100 - o.topNPercent) * n) / 100));
  const sorted = [...obs].sort((a, b) => a.loss - b.loss || a.trial - b.trial);
  const good = sorted.slice(0, nGood);
  const bad = sorted.slice(nGood, nGood + nBad);
  return good.length > dims.length && bad.length > dims.length ? { good, bad } : undefined;
}

/** The fewest observations on one budget that `split` accepts. */
export function pointsNeeded(dims: readonly Dim[], o: KdeOptions): number {
  const fake = (n: number) => Array.from({ length: n }, (_, i) => ({ point: [], loss: i, trial: i }));
  for (let n = minPoints(dims, o); n < 100_000; n++) if (split(dims, fake(n), o)) return n;
  return Infinity;
}

/** Normal-reference bandwidth of each dimension (population sd, as statsmodels computes it). */
function bandwidths(dims: readonly Dim[], rows: readonly Point[], o: KdeOptions): number[] {
  const n = rows.length;
  return dims.map((d, j) => {
    const col = rows.map((r) => r[j]!);
    const mean = col.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(col.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
    const bw = Math.max(o.minBandwidth, 1.06 * sd * n ** (-1 / (dims.length + 4)));
    // A categorical bandwidth is a probability of leaving the value; beyond (c−1)/c the kernel would invert.
    return d.kind === 'categorical' ? Math.min(bw, (d.values.length - 1) / d.values.length) : bw;
  });
}

/**
 * Equal-weight kernels on the rows. `keep` gives a categorical kernel's row: the pdf uses
 * Aitchison–Aitken (1 − λ on the value, λ/(c−1) elsewhere), sampling HpBandSter's draw
 * (the value with probability 1 − λ, else a uniform one).
 */
function kde(dims: readonly Dim[], rows: readonly Point[], bw: readonly number[], factor: number, forSampling: boolean): Mixture {
  const n = rows.length;
  const kernels = dims.map((d, j): Kernel => {
    if (d.kind === 'categorical') {
      const c = d.values.length;
      const l = bw[j]!;
      const probs = new Float64Array(n * c);
      rows.forEach((r, i) => {
        for (let v = 0; v < c; v++) probs[i * c + v] = forSampling ? l / c + (v === r[j] ? 1 - l : 0) : v === r[j] ? 1 - l : l / Math.max(1, c - 1);
      });
      return { kind: 'categorical', n: c, probs };
    }
    return { kind: 'numeric', low: d.low, high: d.high, mus: Float64Array.from(rows, (r) => r[j]!), sigmas: new Float64Array(n).fill(bw[j]! * factor) };
  });
  return { weights: new Float64Array(n).fill(1 / n), kernels };
}

/**
 * The model of the largest budget that has enough observations, and its candidates ranked by
 * l/g; undefined when no budget has enough. `snap` maps a draw to the value it decodes to.
 */
export function propose(
  dims: readonly Dim[],
  byBudget: ReadonlyMap<number, readonly BudgetObservation[]>,
  o: KdeOptions,
  rng: Rng,
  snap: (x: Point) => Point,
): Proposal | undefined {
  const budgets = [...byBudget.keys()].sort((a, b) => b - a);
  for (const budget of budgets) {
    const obs = byBudget.get(budget)!;
    const sets = split(dims, obs, o);
    if (!sets) continue;
    const goodRows = sets.good.map((g) => g.point);
    const badRows = sets.bad.map((b) => b.point);
    const bwGood = bandwidths(dims, goodRows, o);
    const l = kde(dims, goodRows, bwGood, 1, false);
    const g = kde(dims, badRows, bandwidths(dims, badRows, o), 1, false);
    const wide = kde(dims, goodRows, bwGood, o.bandwidthFactor, true);
    const candidates = Array.from({ length: o.numSamples }, () => snap(sample(wide, rng)))
      .map((x) => ({ x, score: logPdf(l, x) - logPdf(g, x) }))
      .sort((a, b) => b.score - a.score);
    return { budget, points: obs.length, good: sets.good.length, bad: sets.bad.length, candidates };
  }
  return undefined;
}
