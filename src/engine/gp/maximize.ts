/**
 * Maximizing the acquisition over the encoded box (spec §8.6 with D11's defaults):
 * 1. `nWarmup` uniform random candidates, scored;
 * 2. `nIter` local maximizations with the bounded quasi-Newton of lbfgsb.ts and the analytic
 *    gradient of the score (acquisition.ts slopes × posterior gradients, posterior.ts): half of
 *    them start from the best warm-up candidates, then from the caller's `starts` (bo.ts
 *    passes the incumbent), the rest from fresh uniform points (REF started all of them from
 *    random points; starting at the best candidates refines what the warm-up found);
 * 3. every local optimum and warm-up candidate is returned, best first, so the caller can
 *    skip the ones that decode to an already observed or running configuration (D11).
 */
import type { Rng } from '../rng.ts';
import type { Steps } from './cooperative.ts';
import type { Posterior } from './posterior.ts';
import { score, type AcquisitionConfig } from './acquisition.ts';
import { minimizeBox } from './lbfgsb.ts';

export interface Candidate {
  readonly x: Float64Array;
  readonly score: number;
}

export interface MaximizeOptions {
  readonly nWarmup: number;
  readonly nIter: number;
  readonly rng: Rng;
  /** Points that also start a local maximization (e.g. the incumbent), taking the place of random starts. */
  readonly starts?: readonly Float64Array[];
  /** Iteration cap of each local maximization. */
  readonly maxIter?: number;
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
  const uniform = (): Float64Array => {
    const x = new Float64Array(d);
    for (let j = 0; j < d; j++) x[j] = lo[j] + opts.rng.next() * (hi[j] - lo[j]);
    return x;
  };
  const scratch = new Float64Array(2);
  const warm: Candidate[] = [];
  const CHUNK = 64;
  const xs = new Float64Array(CHUNK * d);
  const pred = new Float64Array(2 * CHUNK);
  for (let start = 0; start < opts.nWarmup; start += CHUNK) {
    const m = Math.min(CHUNK, opts.nWarmup - start);
    const points: Float64Array[] = [];
    for (let i = 0; i < m; i++) {
      const x = uniform();
      points.push(x);
      xs.set(x, i * d);
    }
    post.predictBatch(xs, m, pred);
    for (let i = 0; i < m; i++) warm.push({ x: points[i], score: score(acq, pred[2 * i], pred[2 * i + 1]) });
    yield;
  }
  const ranked = warm.map((c, i) => i).sort((a, b) => warm[b].score - warm[a].score || a - b);
  const nFromBest = Math.min(Math.ceil(opts.nIter / 2), ranked.length);
  const starts: Float64Array[] = [];
  for (let i = 0; i < nFromBest; i++) starts.push(warm[ranked[i]].x);
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
  const all = local.concat(warm);
  const order = all.map((c, i) => i).sort((a, b) => all[b].score - all[a].score || a - b);
  return order.map((i) => all[i]);
}
