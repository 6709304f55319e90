/**
 * Canonical strings for parameter values and suggestions, so that "an equal suggestion
 * was already kept" (docs/hptuning.md, "Random search" step 3: same keys, pairwise equal values) is a Set lookup.
 * Used for random-search dedup, distinct-value counting (docs/differences.md, "Random search is capped at the reachable configurations") and by BO (docs/differences.md, "BO never suggests a configuration twice").
 *
 * Equality is deep: arrays element-wise in order, objects by key set regardless of key
 * order (Python dict equality). Numbers compare with `===` except that NaN equals NaN
 * (so a NaN value cannot be "new" forever); 0 and −0 are equal. Types are not mixed:
 * `true` ≠ `1` and `1` ≠ `"1"` (docs/differences.md, "Sampled values keep their types" keeps types, and they render differently).
 */
import type { ParamValue, Params } from '../types.ts';

/**
 * Injective encoding of a value: `n`, `t`, `f`, `#<number>`, JSON-quoted strings,
 * `[...]` and `{"key":...}` with sorted keys. Number text never contains `,` `:` `[`
 * `]` `{` `}` or `"`, and strings are quoted and escaped, so the encoding parses back
 * unambiguously: equal strings ⇔ equal values.
 */
export function valueKey(v: ParamValue): string {
  if (v === null) return 'n';
  switch (typeof v) {
    case 'boolean':
      return v ? 't' : 'f';
    case 'number':
      return '#' + (v === 0 ? '0' : String(v));
    case 'string':
      return JSON.stringify(v);
    default:
      return isArray(v) ? '[' + v.map(valueKey).join(',') + ']' : objectKey(v);
  }
}

function isArray(v: ParamValue): v is readonly ParamValue[] {
  return Array.isArray(v);
}

/** One `name: value` part of an object's key. */
export function entryKey(name: string, v: ParamValue): string {
  return JSON.stringify(name) + ':' + valueKey(v);
}

/** An object's key from its `entryKey` parts, which must be in the order of their names under the default sort (UTF-16 code units). */
export function joinEntryKeys(parts: readonly string[]): string {
  return '{' + parts.join(',') + '}';
}

function objectKey(o: { readonly [k: string]: ParamValue }): string {
  return joinEntryKeys(
    Object.keys(o)
      .sort()
      .map((k) => entryKey(k, o[k])),
  );
}

/** Two suggestions are equal (same keys, pairwise deep-equal values, any key order) iff their keys are equal. */
export function paramsKey(params: Params): string {
  return objectKey(params);
}
