/**
 * Maximizing the acquisition over the encoded box (docs/hptuning.md, "Maximizing the acquisition", with the defaults of docs/differences.md, "BO never suggests a configuration twice"):
 * 1. `nWarmup` uniform random candidates, scored;
 * 2. `nIter` local maximizations with the bounded quasi-Newton of lbfgsb.ts and the analytic
 *    gradient of the score (acquisition.ts slopes × posterior gradients, posterior.ts): half of
 *    them start from the best warm-up candidates, then from the caller's `starts` (bo.ts
 *    passes the incumbent), the rest from fresh uniform points (Polyaxon started all of them from
 *    random points; starting at the best candidates refines what the warm-up found);
 * 3. every local optimum and warm-up candidate is returned, best first, so the caller can
 *    skip the ones that decode to an already observed or running configuration (docs/differences.md, "BO never suggests a configuration twice").
 */
import type { Rng } from '../rng.ts';
import type { Steps } from './cooperative.ts';
import type { Posterior } from './posterior.ts';
import { score, scoreBound, type AcquisitionConfig } from './acquisition.ts';
import { minimizeBox } from './lbfgsb.ts';

export interface Candidate {
  readonly x: Float64Array;
  /** The acquisition's score; for a warm-up candidate skipped by the bound, that bound. */
  readonly score: number;
  /** False for a warm-up candidate whose σ was never computed (its score is an upper bound). */
  readonly exact?: false;
}

const CHUNK = 64;

export interface MaximizeOptions {
  readonly nWarmup: number;
  readonly nIter: number;
  readonly rng: Rng;
  /** Points that also start a local maximization (e.g. the incumbent), taking the place of random starts. */
  readonly starts?: readonly Float64Array[];
  /** Iteration cap of each local maximization. */
  readonly maxIter?: number;
  /** Skip warm-up candidates whose score bound cannot reach the starts (default true; false scores all). */
  readonly prune?: boolean;
}

/** The score of the acquisition at x under the posterior. */
export function scoreAt(post: Posterior, acq: AcquisitionConfig, x: ArrayLike<number>, scratch = new Float64Array(2)): number {
  post.predict(x, scratch);
  return score(acq, scratch[0], scratch[1]);
}

export function* maximizeAcquisition(
  post: Posterior,
  acq: AcquisitionConfig,
  lo: Float64Array,
  hi: Float64Array,
  opts: MaximizeOptions,
): Steps<Candidate[]> {
  const d = lo.length;
  const draw = (out: Float64Array, at: number): void => {
    for (let j = 0; j < d; j++) out[at + j] = lo[j] + opts.rng.next() * (hi[j] - lo[j]);
  };
  const uniform = (): Float64Array => {
    const x = new Float64Array(d);
    draw(x, 0);
    return x;
  };
  const scratch = new Float64Array(2);
  const nFromBest = Math.min(Math.ceil(opts.nIter / 2), opts.nWarmup);
  const warm = yield* warmUp(post, acq, opts.nWarmup, draw, opts.prune !== false ? Math.max(nFromBest, 1) : opts.nWarmup);
  const starts: Float64Array[] = [];
  for (let i = 0; i < nFromBest; i++) starts.push(warm[i].x);
  for (const s of opts.starts ?? []) if (starts.length < opts.nIter) starts.push(Float64Array.from(s));
  while (starts.length < opts.nIter) starts.push(uniform());

  const gMean = new Float64Array(d);
  const gStd = new Float64Array(d);
  const slopes = new Float64Array(2);
  const negScore = (x: Float64Array, g: Float64Array): number => {
    post.predictWithGradient(x, scratch, gMean, gStd);
    const s = score(acq, scratch[0], scratch[1], slopes);
    for (let j = 0; j < d; j++) g[j] = -(slopes[0] * gMean[j] + slopes[1] * gStd[j]);
    return -s;
  };
  const local: Candidate[] = [];
  for (const s of starts) {
    const res = yield* minimizeBox(negScore, s, lo, hi, { maxIter: opts.maxIter ?? 20, pgtol: 1e-6, ftol: 1e-7 });
    if (Number.isFinite(res.f)) local.push({ x: res.x, score: -res.f });
  }
  const exact = local.concat(warm.filter((c) => c.exact !== false));
  const order = exact.map((c, i) => i).sort((a, b) => exact[b].score - exact[a].score || a - b);
  return order.map((i) => exact[i]).concat(warm.filter((c) => c.exact === false));
}

/**
 * Scores `count` uniform candidates, best first. Their means cost O(n·d) each, their σ a
 * forward substitution, O(n²/2). When `keep` is below `count`, σ is computed only where it can
 * matter: σ is at most the σ given the nearest observation alone, √(σ_f² − k_max²/K_ii)
 * (conditioning on more points never raises the posterior variance), which bounds each
 * candidate's score (acquisition.ts `scoreBound`); candidates are taken by decreasing bound
 * and the rest skipped once a bound falls below the `keep`-th best exact score, since none of
 * them can enter the best `keep`. Skipped candidates come last, by bound, marked `exact: false`.
 */
function* warmUp(post: Posterior, acq: AcquisitionConfig, count: number, draw: (out: Float64Array, at: number) => void, keep: number): Steps<Candidate[]> {
  const { n, d } = post;
  const xs = new Float64Array(count * d);
  for (let c = 0; c < count; c++) draw(xs, c * d);
  const point = (c: number) => xs.subarray(c * d, c * d + d);
  const Kx = new Float64Array(count * n);
  const means = new Float64Array(count);
  const sds = new Float64Array(count);
  const bound = new Float64Array(count);
  const amp = post.amplitude;
  const diag = post.diagonal;
  for (let start = 0; start < count; start += CHUNK) {
    const m = Math.min(CHUNK, count - start);
    post.kernelRows(xs.subarray(start * d, (start + m) * d), m, Kx.subarray(start * n, (start + m) * n), means.subarray(start, start + m));
    for (let c = start; c < start + m; c++) {
      let kMax = 0;
      for (let i = 0; i < n; i++) kMax = Math.max(kMax, Kx[c * n + i]);
      bound[c] = scoreBound(acq, means[c], Math.sqrt(Math.max(amp - (kMax * kMax) / diag, 0)));
    }
    yield;
  }
  const order = Uint32Array.from({ length: count }, (_, i) => i).sort((a, b) => bound[b] - bound[a] || a - b);
  const best: number[] = []; // the `keep` best exact scores, descending
  const scores = new Float64Array(count);
  let done = 0;
  while (done < count) {
    if (best.length >= keep && bound[order[done]] < best[keep - 1]) break;
    const to = Math.min(done + 4, count); // sdRows' block: the bound is checked between blocks
    post.sdRows(Kx, order, done, to, sds);
    for (let t = done; t < to; t++) {
      const c = order[t];
      scores[c] = score(acq, means[c], sds[c]);
      if (best.length < keep || scores[c] > best[keep - 1]) {
        let at = Math.min(best.length, keep - 1);
        while (at > 0 && best[at - 1] < scores[c]) at--;
        best.splice(at, 0, scores[c]);
        if (best.length > keep) best.pop();
      }
    }
    done = to;
    if (done % CHUNK === 0) yield;
  }
  const exact = Array.from(order.subarray(0, done)).sort((a, b) => scores[b] - scores[a] || a - b);
  const out: Candidate[] = exact.map((c) => ({ x: point(c), score: scores[c] }));
  for (let t = done; t < count; t++) out.push({ x: point(order[t]), score: bound[order[t]], exact: false });
  return out;
}
