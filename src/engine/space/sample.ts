/**
 * One random draw per matrix option (docs/hptuning.md, "Sampling"), from hptune's seeded PRNG (docs/differences.md, "A seeded generator of our own, one stream per trial"):
 * the formulas of docs/hptuning.md, "Matrix options" with the fixes of docs/differences.md, "Sampled values keep their types" (values: pick an index, keep the element's
 * type) and docs/differences.md, "Quantized options round down as in Polyaxon; qlognormal is fixed" (q-options floor like Polyaxon; qlognormal = quantize(exp(N(loc, scale)), q)).
 */
import type { ParamValue } from '../types.ts';
import type { MatrixEntry, MatrixOption } from './types.ts';
import type { Rng } from '../rng.ts';
import { isRangeLike, rangeLikeAt, rangeLikeLength } from './generate.ts';
import { quantize } from './quantize.ts';

/**
 * `f(U[low, high))` with numpy's formula `low + (high − low)·u`. Rounding can carry a
 * draw up to `high` itself (about half the draws when high is the next double
 * after low), and `exp` can round up to `exp(high)`; such a draw is drawn again, so
 * the support is half-open as docs/hptuning.md, "Sampling" states. When `f(low) === f(high)` there is no
 * half-open interval to keep and the draw stands.
 */
function uniformOf(low: number, high: number, f: (x: number) => number, rng: Rng): number {
  const top = f(high);
  const bottom = f(low);
  for (;;) {
    const v = f(low + (high - low) * rng.next());
    if (v < top || !(bottom < top)) return v;
  }
}

const identity = (x: number): number => x;

/** numpy `normal(loc, scale)` = `loc + scale·N(0, 1)`. */
function normal(loc: number, scale: number, rng: Rng): number {
  return loc + scale * rng.normal();
}

function pickIndex(length: number, kind: string, rng: Rng): number {
  if (length === 0) throw new RangeError(`cannot sample from an empty ${kind} list (it generates no values)`);
  return rng.int(length);
}

/**
 * docs/hptuning.md, "pvalues": numpy's legacy `multinomial(1, p)` gives item i < k−1 probability p_i and the
 * last item the remainder 1 − (p_0 + … + p_{k−2}); the last item's own probability is
 * ignored. Realized with one U[0,1) draw against the running sum of p_0..p_{k−2}.
 */
export function pvaluesIndex(probs: readonly number[], u: number): number {
  let cum = 0;
  for (let i = 0; i < probs.length - 1; i++) {
    cum += probs[i];
    if (u < cum) return i;
  }
  return probs.length - 1;
}

/**
 * Which pvalues items `pvaluesIndex` can return, exactly: item i is reachable iff some
 * U[0,1) draw (a multiple of 2^-53, rng.ts `next`) lies in [cum_{i−1}, cum_i), the last
 * item iff cum_{k−2} < 1. So a zero probability, or one lost to rounding in the running
 * sum, is unreachable, as is the last item when the others already sum to 1 (docs/hptuning.md, "pvalues").
 */
export function pvaluesReachable(probs: readonly number[]): boolean[] {
  const SCALE = 9007199254740992; // 2^53: scaling by it is exact
  const out: boolean[] = [];
  let cum = 0;
  for (let i = 0; i < probs.length; i++) {
    const lo = cum;
    const hi = i < probs.length - 1 ? (cum += probs[i]) : 1;
    out.push(Math.ceil(lo * SCALE) < hi * SCALE);
  }
  return out;
}

/**
 * One value of `o` (docs/hptuning.md, "Matrix options" and "Sampling"; docs/differences.md,
 * "Sampled values keep their types" and "Quantized options round down as in Polyaxon;
 * qlognormal is fixed").
 */
export function sampleOption(o: MatrixOption, rng: Rng): ParamValue {
  if (isRangeLike(o)) return rangeLikeAt(o, pickIndex(rangeLikeLength(o), o.kind, rng));
  switch (o.kind) {
    case 'values':
      return o.values[pickIndex(o.values.length, o.kind, rng)];
    case 'pvalues': {
      if (o.values.length === 0) throw new RangeError('cannot sample from an empty pvalues list');
      const i = pvaluesIndex(
        o.values.map((p) => p[1]),
        rng.next(),
      );
      return o.values[i][0];
    }
    case 'uniform':
      return uniformOf(o.low, o.high, identity, rng);
    case 'quniform':
      return quantize(uniformOf(o.low, o.high, identity, rng), o.q);
    case 'loguniform':
      // low/high are natural-log bounds (docs/hptuning.md, "Matrix options").
      return uniformOf(o.low, o.high, Math.exp, rng);
    case 'qloguniform':
      return quantize(uniformOf(o.low, o.high, Math.exp, rng), o.q);
    case 'normal':
      return normal(o.loc, o.scale, rng);
    case 'qnormal':
      return quantize(normal(o.loc, o.scale, rng), o.q);
    case 'lognormal':
      return Math.exp(normal(o.loc, o.scale, rng));
    case 'qlognormal':
      // docs/differences.md, "Quantized options round down as in Polyaxon; qlognormal is fixed": Polyaxon computed exp(exp(N)) and ignored q; we quantize one lognormal draw.
      return quantize(Math.exp(normal(o.loc, o.scale, rng)), o.q);
  }
}

/** One suggestion: a value per matrix key, drawn in matrix (declaration) order (docs/hptuning.md, "Random search" step 3, docs/differences.md, "Matrix keys keep their declared order"). */
export function sampleParams(matrix: readonly MatrixEntry[], rng: Rng): Record<string, ParamValue> {
  // Object.fromEntries defines own properties, so even a key named `__proto__` stays a plain key.
  return Object.fromEntries(matrix.map((e) => [e.name, sampleOption(e.option, rng)]));
}
