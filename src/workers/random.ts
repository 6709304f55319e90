/**
 * The seeded randomness of a trial inside a worker: weight-init seeds, the shuffle of each
 * epoch, dropout masks and the synthetic datasets (DESIGN.md "Numerics": everything random
 * derives from the trial's seed). `src/workers` may import the engine only as types, so
 * this is a separate, small generator: sfc32 (Chris Doty-Humphrey's "Small Fast Counting"
 * generator, PractRand), keyed through MurmurHash3's finalizer like the engine's rng.ts.
 * Streams are keyed by integer lists, e.g. `streamFor(seed, EPOCH, 3)`, so the draws of
 * epoch 3 do not depend on whether epochs 1–2 ran in this worker or before a checkpoint.
 */

export interface Stream {
  /** Uniform double in [0, 1) (32 random bits). */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  uint32(): number;
  /** Standard normal N(0, 1) (Box–Muller). */
  normal(): number;
}

/** Purposes of a trial's streams, so that two uses of one seed never share draws. */
export const PURPOSE = { init: 1, shuffle: 2, dropout: 3, dataset: 4, code: 5 } as const;

/** MurmurHash3's 32-bit finalizer (also LC4's hash: bench/PROBLEMS.md). */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A stream keyed by finite numbers (integers up to 2^53 keep all their bits). */
export function streamFor(...keys: number[]): Stream {
  let h = 0x6a09e667;
  for (const k of keys) {
    if (!Number.isFinite(k)) throw new RangeError(`stream key must be a finite number, got ${k}`);
    h = fmix32((h ^ (k >>> 0)) + 0x9e3779b9);
    h = fmix32((h ^ (Math.floor(k / 4294967296) >>> 0)) + 0x9e3779b9);
  }
  let a = h;
  let b = fmix32(h ^ 0x243f6a88);
  let c = fmix32(h ^ 0xb7e15162);
  let d = 1;
  const uint32 = (): number => {
    // sfc32 step
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) uint32(); // warm-up, as the reference implementation does
  const next = (): number => uint32() / 4294967296;
  return {
    uint32,
    next,
    normal(): number {
      const u = 1 - next(); // (0, 1]: log(u) finite
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
  };
}

/** A permutation of 0..n-1 (Fisher–Yates, Knuth TAOCP vol. 2 Alg. P). */
export function permutation(n: number, stream: Stream): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(stream.next() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** A nonzero 31-bit seed for a tfjs initializer (tfjs treats seed 0 as "unseeded": `seed ? seed : Math.random()`). */
export function tfSeed(stream: Stream): number {
  return (stream.uint32() >>> 1) || 1;
}

/**
 * Runs `fn` with `Math.random` replaced by `stream`. tfjs draws dropout masks (and nothing
 * else we use) from `Math.random` when no layer seed is set, and a fixed layer seed would
 * repeat one mask on every batch; so each epoch runs under its own keyed stream. Workers
 * run one trial at a time, so no other code observes the swap; it is restored even on error.
 */
export async function withRandom<T>(stream: Stream, fn: () => Promise<T>): Promise<T> {
  const original = Math.random;
  Math.random = stream.next;
  try {
    return await fn();
  } finally {
    Math.random = original;
  }
}
