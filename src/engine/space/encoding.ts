/**
 * BO's encoding of the matrix into a box of reals and back (docs/hptuning.md, "How BO encodes the search space" with docs/differences.md, "How BO encodes range-like options").
 *
 * Features are the matrix keys sorted ascending (docs/hptuning.md, "How BO encodes the search space"; plain code-unit order, which equals
 * Python's code-point order outside the astral planes). Per feature, in that order:
 * - categorical `values` (docs/hptuning.md, "values"): one dimension per element, bounds [0, 1], one-hot;
 *   decoded by the argmax of the slice, the first on ties;
 * - numeric discrete options (`values`, `range`, `linspace`, `logspace`, `geomspace`;
 *   booleans count as 0/1): one dimension holding the value itself, feasible set = the
 *   generated values (docs/differences.md, "How BO encodes range-like options"); decoded to the feasible value nearest in the encoded
 *   coordinate, the first on ties. Bounds are the min/max of docs/hptuning.md, "How options are classified" (so `range` keeps its
 *   exclusive stop, as Polyaxon's vectors say), widened to cover every generated value;
 * - docs/differences.md, "How BO encodes range-like options": `logspace`, `geomspace`, and any numeric discrete option whose values share a sign
 *   and span more than two decades, are encoded as log10 |v| (negated for negative values,
 *   so the order is kept), with bounds at the log of the extreme generated values. This
 *   replaces Polyaxon's `logspace` bounds quirk (bounds at the exponents, values at the powers);
 * - `uniform`: one dimension [low, high], the value as is; decoded clipped into the bounds.
 */
import type { ParamValue, Params } from '../types.ts';
import type { MatrixEntry, MatrixOption } from './types.ts';
import { generateValues } from './generate.ts';
import { isCategorical, optionMax, optionMin } from './predicates.ts';
import { valueKey } from './params-key.ts';

export type Transform = 'linear' | 'log' | 'neglog';

export type Feature =
  | { readonly kind: 'categorical'; readonly name: string; readonly offset: number; readonly values: readonly ParamValue[]; readonly keys: readonly string[] }
  | {
      readonly kind: 'discrete';
      readonly name: string;
      readonly offset: number;
      /** The generated values, as generated (types kept, docs/differences.md, "Sampled values keep their types"). */
      readonly values: readonly ParamValue[];
      /** Their encoded coordinates. */
      readonly encoded: Float64Array;
      readonly transform: Transform;
    }
  | { readonly kind: 'uniform'; readonly name: string; readonly offset: number; readonly low: number; readonly high: number };

export interface BoSpace {
  readonly features: readonly Feature[];
  readonly dim: number;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  /** Every feature is categorical or discrete (the space is finite). */
  readonly finite: boolean;
}

export type BoSpaceResult = { readonly ok: true; readonly space: BoSpace } | { readonly ok: false; readonly message: string };

const DECADES = 2;

function byName(a: MatrixEntry, b: MatrixEntry): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function asNumber(v: ParamValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

function chooseTransform(option: MatrixOption, nums: readonly number[]): Transform {
  if (nums.length === 0) return 'linear';
  const min = Math.min(...nums);
  const max = Math.max(...nums);
  const sameSign = min > 0 ? 1 : max < 0 ? -1 : 0;
  if (sameSign === 0) return 'linear';
  const small = Math.min(Math.abs(min), Math.abs(max));
  const large = Math.max(Math.abs(min), Math.abs(max));
  const wide = large / small > 10 ** DECADES;
  if (option.kind === 'logspace' || option.kind === 'geomspace' || wide) return sameSign > 0 ? 'log' : 'neglog';
  return 'linear';
}

export function applyTransform(t: Transform, v: number): number {
  return t === 'linear' ? v : t === 'log' ? Math.log10(v) : 0 - Math.log10(-v); // 0 − x: no −0
}

/** Builds the encoding of a `bo` matrix; options other than discrete ones and `uniform` are refused (docs/hptuning.md, "Which matrix options each algorithm takes"). */
export function buildBoSpace(matrix: readonly MatrixEntry[]): BoSpaceResult {
  const features: Feature[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (const { name, option } of [...matrix].sort(byName)) {
    const offset = lo.length;
    if (option.kind === 'uniform') {
      features.push({ kind: 'uniform', name, offset, low: option.low, high: option.high });
      lo.push(option.low);
      hi.push(option.high);
    } else if (option.kind === 'values' || option.kind === 'range' || option.kind === 'linspace' || option.kind === 'logspace' || option.kind === 'geomspace') {
      const values = generateValues(option);
      if (values.length === 0) return { ok: false, message: `matrix entry \`${name}\` generates no values, so BO cannot encode it` };
      if (isCategorical(option)) {
        features.push({ kind: 'categorical', name, offset, values, keys: values.map(valueKey) });
        for (let i = 0; i < values.length; i++) {
          lo.push(0);
          hi.push(1);
        }
        continue;
      }
      const nums = values.map((v) => asNumber(v) as number);
      const transform = chooseTransform(option, nums);
      const encoded = Float64Array.from(nums, (v) => applyTransform(transform, v));
      let a = Math.min(...encoded);
      let b = Math.max(...encoded);
      if (transform === 'linear') {
        a = Math.min(a, optionMin(option) ?? a);
        b = Math.max(b, optionMax(option) ?? b);
      }
      features.push({ kind: 'discrete', name, offset, values, encoded, transform });
      lo.push(a);
      hi.push(b);
    } else {
      return { ok: false, message: `\`${name}\` defines a non uniform distribution (${option.kind}), and it cannot be used with bayesian optimization` };
    }
  }
  return {
    ok: true,
    space: {
      features,
      dim: lo.length,
      lo: Float64Array.from(lo),
      hi: Float64Array.from(hi),
      finite: features.every((f) => f.kind !== 'uniform'),
    },
  };
}

/**
 * Encodes a trial's params (only the matrix keys are read) into out[offset …]. Returns false
 * when a value cannot be encoded (missing, not a number for a numeric feature, or not
 * positive/negative as its log encoding needs); such a trial is left out of the observations.
 */
export function encodeParams(space: BoSpace, params: Params, out: Float64Array, offset = 0): boolean {
  for (const f of space.features) {
    if (!Object.hasOwn(params, f.name)) return false;
    const v = params[f.name];
    const at = offset + f.offset;
    if (f.kind === 'categorical') {
      const key = valueKey(v);
      for (let i = 0; i < f.keys.length; i++) out[at + i] = f.keys[i] === key ? 1 : 0;
      continue;
    }
    const num = asNumber(v);
    if (num === undefined) return false;
    const e = f.kind === 'uniform' ? num : applyTransform(f.transform, num);
    if (!Number.isFinite(e)) return false;
    out[at] = e;
  }
  return true;
}

/** Decodes a point of the box into matrix params (docs/hptuning.md, "How BO encodes the search space"). */
export function decodePoint(space: BoSpace, x: ArrayLike<number>): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const f of space.features) {
    if (f.kind === 'categorical') {
      let best = 0;
      for (let i = 1; i < f.values.length; i++) if (x[f.offset + i] > x[f.offset + best]) best = i;
      params[f.name] = f.values[best];
    } else if (f.kind === 'discrete') {
      const t = x[f.offset];
      let best = 0;
      let bestDist = Math.abs(f.encoded[0] - t);
      for (let i = 1; i < f.encoded.length; i++) {
        const dist = Math.abs(f.encoded[i] - t);
        if (dist < bestDist) {
          best = i;
          bestDist = dist;
        }
      }
      params[f.name] = f.values[best];
    } else {
      params[f.name] = Math.min(f.high, Math.max(f.low, x[f.offset]));
    }
  }
  return params;
}
