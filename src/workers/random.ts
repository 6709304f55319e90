/**
 * The seeded randomness of a trial inside a worker: weight-init seeds, the shuffle of each
 * epoch, dropout masks and the synthetic datasets all derive from the trial's seed
 * (docs/architecture.md, "Numerics"). The generator is the engine's (`rngFor`, exported by
 * src/engine/index.ts); this module holds only what is particular to workers: their stream
 * purposes, tfjs's seed convention and the Math.random swap. Streams are keyed by integer
 * lists, e.g. `rngFor(seed, PURPOSE.shuffle, 3)`, so the draws of epoch 3 do not depend on
 * whether epochs 1–2 ran in this worker or before a checkpoint.
 */
import type { Rng } from '../engine/index.ts';

/** Purposes of a trial's streams, so that two uses of one seed never share draws. */
export const PURPOSE = { init: 1, shuffle: 2, dropout: 3, dataset: 4, code: 5 } as const;

/** A nonzero 31-bit seed for a tfjs initializer (tfjs treats seed 0 as "unseeded": `seed ? seed : Math.random()`). */
export function tfSeed(rng: Rng): number {
  return (rng.uint32() >>> 1) || 1;
}

/**
 * Runs `fn` with `Math.random` replaced by `rng`. tfjs draws dropout masks (and nothing
 * else we use) from `Math.random` when no layer seed is set, and a fixed layer seed would
 * repeat one mask on every batch; so each epoch runs under its own keyed stream. Workers
 * run one trial at a time, so no other code observes the swap; it is restored even on error.
 */
export async function withRandom<T>(rng: Rng, fn: () => Promise<T>): Promise<T> {
  const original = Math.random;
  Math.random = () => rng.next();
  try {
    return await fn();
  } finally {
    Math.random = original;
  }
}
