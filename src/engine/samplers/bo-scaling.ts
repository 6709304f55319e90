/**
 * Helpers of a BO step around the encoded space (space/encoding.ts): the map between encoded
 * points and the GP's inputs, the enumeration of a finite space, and the distance rule.
 */
import type { ParamValue } from '../types.ts';
import { paramsKey } from '../space/params-key.ts';
import type { BoSpace } from '../space/encoding.ts';
import { mixedRadixDigits } from '../space/mixed-radix.ts';

/**
 * Minimum Euclidean distance, in the unit-scaled encoded box, between a suggestion and every
 * earlier trial (docs/differences.md, "BO never suggests a configuration twice").
 */
export const MIN_DISTANCE = 1e-4;

/** Encoded points ↔ GP inputs: the unit box [0, 1]^d for hptune's model, as is for the plain one. */
export interface GpScaling {
  toGp(e: ArrayLike<number>, out: Float64Array, at?: number): void;
  fromGp(g: ArrayLike<number>): Float64Array;
  /** The encoded point scaled to the unit box (for the distance rule, whatever the model). */
  unitOf(e: ArrayLike<number>): Float64Array;
}

export function gpScaling(space: BoSpace, unit: boolean): GpScaling {
  const d = space.dim;
  const span = Float64Array.from(space.hi, (h, j) => h - space.lo[j] || 1);
  return {
    toGp(e, out, at = 0) {
      for (let j = 0; j < d; j++) out[at + j] = unit ? (e[j] - space.lo[j]) / span[j] : e[j];
    },
    fromGp: (g) => Float64Array.from({ length: d }, (_, j) => (unit ? space.lo[j] + g[j] * span[j] : g[j])),
    unitOf: (e) => Float64Array.from({ length: d }, (_, j) => (e[j] - space.lo[j]) / span[j]),
  };
}

/** Every configuration of a finite space (distinct values per feature), in feature order. */
export function* enumerate(space: BoSpace): Generator<Record<string, ParamValue>> {
  const lists = space.features.map((f) => {
    if (f.kind === 'uniform') throw new RangeError(`enumerate needs a finite space, got uniform \`${f.name}\``);
    const seen = new Set<string>();
    return f.values.filter((v) => {
      const key = paramsKey({ v });
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  });
  const sizes = lists.map((l) => l.length);
  const size = sizes.reduce((s, l) => s * l, 1);
  const digits: number[] = [];
  for (let index = 0; index < size; index++) {
    mixedRadixDigits(index, sizes, digits);
    const params: Record<string, ParamValue> = {};
    for (let j = 0; j < lists.length; j++) params[space.features[j].name] = lists[j][digits[j]];
    yield params;
  }
}

