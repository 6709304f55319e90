/**
 * LC4, the synthetic learning-curve benchmark (docs/benchmarks.md, "LC4: learning curves"),
 * bit for bit: x ∈ [0,1]^4, r = resource in epochs (real, > 0),
 * seed = integer in [0, 2^32).
 *
 *   loss(x, r, seed) = f(x) + c(x) · r^(−alpha(x)) + 0.01 · z(x, r, seed)
 *
 * z is a standard normal derived from a 32-bit integer hash of (seed, r, x), so the
 * same (x, r, seed) always gives the same loss, in any language.
 */

import { fmix32 } from '../../engine/index.ts';

/** combine(h, v) = fmix32((h XOR v) + 0x9E3779B9 + (h<<6) + (h>>>2)), the sum mod 2^32. */
function combine(h: number, v: number): number {
  // Each term is < 2^32, so the sum is exact in a double before the mod.
  return fmix32((((h ^ v) >>> 0) + 0x9e3779b9 + ((h << 6) >>> 0) + (h >>> 2)) >>> 0);
}

const words = new DataView(new ArrayBuffer(8));

/** Feeds the low then the high 32-bit word of v's IEEE-754 float64 bit pattern. */
function combineFloat(h: number, v: number): number {
  words.setFloat64(0, v, true);
  h = combine(h, words.getUint32(0, true));
  return combine(h, words.getUint32(4, true));
}

const TWO_32 = 4294967296;

/**
 * The deterministic noise z(x, r, seed) ~ N(0, 1): the hash of (seed, r, x1..x4), then
 * Box–Muller on two uniforms in (0, 1). `seed` is taken mod 2^32; r is hashed as a
 * float64, so 3 and 3.0 are the same.
 */
export function lc4Noise(x: readonly number[], r: number, seed: number): number {
  let h = fmix32(seed >>> 0);
  h = combineFloat(h, r);
  for (let i = 0; i < 4; i++) h = combineFloat(h, x[i]);
  const u1 = (combine(h, 1) + 0.5) / TWO_32;
  const u2 = (combine(h, 2) + 0.5) / TWO_32;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** The true asymptotic loss f(x); its unique minimum is 0.10 at (0.7, 0.3, 0.5, 0.2). */
export function lc4True(x: readonly number[]): number {
  const [x1, x2, x3, x4] = x;
  return (
    0.1 +
    0.6 * (x1 - 0.7) ** 2 +
    0.4 * (x2 - 0.3) ** 2 +
    0.3 * (x1 - 0.7) * (x2 - 0.3) +
    0.2 * (x3 - 0.5) ** 2 +
    0.1 * (x4 - 0.2) ** 2 +
    0.03 * (1 - Math.cos(6 * Math.PI * (x4 - 0.2)))
  );
}

/** The loss observed after r units of resource: f + c r^(−alpha) + 0.01 z. */
export function lc4Loss(x: readonly number[], r: number, seed: number): number {
  const c = 0.3 + 0.7 * x[1]; // initial excess loss
  const alpha = 0.4 + 0.8 * x[0]; // learning-curve decay rate
  return lc4True(x) + c * r ** -alpha + 0.01 * lc4Noise(x, r, seed);
}
