/**
 * hptune's one seeded PRNG: xoshiro128** (Blackman & Vigna 2018, "Scrambled linear
 * pseudorandom number generators"), seeded through splitmix32 from a hash of a list of
 * integer keys. `rngFor(groupSeed, trialNumber)` gives every trial its own stream, so
 * draws do not depend on timing or on the number of workers (docs/differences.md, "A
 * seeded generator of our own, one stream per trial"). Nothing in the engine draws from
 * the platform's unseeded generator, and the workers key their streams (weight init,
 * shuffles, dropout, datasets) with this module too, through src/engine/index.ts.
 */

export interface Rng {
  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  uint32(): number;
  /** Uniform integer in [0, n), n ≥ 1, without modulo bias (rejection). */
  int(n: number): number;
  /** Standard normal N(0, 1) (Marsaglia polar method). */
  normal(): number;
}

/** MurmurHash3's 32-bit finalizer. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a key list (any finite numbers: integers up to 2^53 keep all their bits) to 128 bits of state. */
function seedState(keys: readonly number[]): Uint32Array {
  let h = 0x2545f491;
  for (const k of keys) {
    if (!Number.isFinite(k)) throw new RangeError(`rng key must be finite, got ${k}`);
    const lo = k >>> 0;
    const hi = Math.floor(k / 4294967296) >>> 0;
    h = fmix32((h ^ lo) + 0x9e3779b9 + (h << 6) + (h >>> 2));
    h = fmix32((h ^ hi) + 0x9e3779b9 + (h << 6) + (h >>> 2));
  }
  // splitmix32 expands the hash into the 4 state words (never all zero).
  const s = new Uint32Array(4);
  let x = h;
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    s[i] = (z ^ (z >>> 15)) >>> 0;
  }
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return s;
}

class Xoshiro128 implements Rng {
  private readonly s: Uint32Array;
  private spare: number | undefined;
  constructor(keys: readonly number[]) {
    this.s = seedState(keys);
  }
  uint32(): number {
    const s = this.s;
    const r = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return r;
  }
  next(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }
  int(n: number): number {
    if (!(n >= 1) || !Number.isInteger(n)) throw new RangeError(`int(n) needs an integer n >= 1, got ${n}`);
    if (n <= 4294967296) {
      const limit = 4294967296 - (4294967296 % n);
      for (;;) {
        const u = this.uint32();
        if (u < limit) return u % n;
      }
    }
    return Math.floor(this.next() * n);
  }
  normal(): number {
    if (this.spare !== undefined) {
      const v = this.spare;
      this.spare = undefined;
      return v;
    }
    for (;;) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const m = Math.sqrt((-2 * Math.log(s)) / s);
        this.spare = v * m;
        return u * m;
      }
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A stream keyed by a list of integers, e.g. `rngFor(groupSeed, trialNumber)`. */
export function rngFor(...keys: number[]): Rng {
  return new Xoshiro128(keys);
}

/** Stream purposes, so that two uses of one (seed, trial) never share draws. */
export const STREAM = { params: 1, trialSeed: 2, groupSeed: 3, bo: 4, tpe: 5, bohb: 6 } as const;

/** The seed handed to trial `n`'s own code (weight init, shuffling, objective noise), in [0, 2^32). */
export function trialSeed(groupSeed: number, trial: number): number {
  return rngFor(groupSeed, STREAM.trialSeed, trial).uint32();
}

/** A fresh group seed drawn from an entropy value (the clock) when the spec gives none (docs/differences.md, "Seed 0 is a seed, and every group has one"). */
export function drawGroupSeed(entropy: number): number {
  return rngFor(entropy, STREAM.groupSeed).uint32();
}

/** A permutation of 0..n-1 drawn from `rng` (Fisher–Yates, Knuth TAOCP vol. 2, Algorithm P). */
export function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
