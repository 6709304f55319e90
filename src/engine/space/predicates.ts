/**
 * Classification of matrix options: Polyaxon `MatrixConfig`'s predicates (docs/hptuning.md, "How options are classified"),
 * checked against the table of docs/hptuning.md, "How options are classified".
 */
import type { MatrixOption } from './types.ts';
import { isRangeLike, rangeLikeLength } from './generate.ts';

/** pvalues and the 8 continuous options (docs/hptuning.md, "How options are classified" `is_distribution`). */
export function isDistribution(o: MatrixOption): boolean {
  return o.kind === 'pvalues' || isContinuous(o);
}

/** uniform, quniform, loguniform, qloguniform, normal, qnormal, lognormal, qlognormal. */
export function isContinuous(o: MatrixOption): boolean {
  switch (o.kind) {
    case 'uniform':
    case 'quniform':
    case 'loguniform':
    case 'qloguniform':
    case 'normal':
    case 'qnormal':
    case 'lognormal':
    case 'qlognormal':
      return true;
    default:
      return false;
  }
}

/** `not is_continuous`: values, pvalues, range, linspace, logspace, geomspace. */
export function isDiscrete(o: MatrixOption): boolean {
  return !isContinuous(o);
}

/** range, linspace, logspace, geomspace. */
export function isRange(o: MatrixOption): boolean {
  return isRangeLike(o);
}

export function isUniform(o: MatrixOption): boolean {
  return o.kind === 'uniform';
}

/**
 * A number in Polyaxon's sense (docs/hptuning.md, "values"): Python int/float, and bool since `bool ⊂ int`.
 * null (Python None), strings, lists and objects are not.
 */
function isNumeric(v: unknown): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

/** `values` with at least one non-numeric element (docs/hptuning.md, "values"): `[ok, nook]`, `[[1,2],[2,4]]`; not `[true, false]`. */
export function isCategorical(o: MatrixOption): boolean {
  return o.kind === 'values' && !o.values.every(isNumeric);
}

/**
 * docs/hptuning.md, "How options are classified" `min`: range-like → the raw `start` argument (not a generated value); numeric
 * `values` → the least element (booleans as 0/1); `uniform` → `low`; everything else null.
 */
export function optionMin(o: MatrixOption): number | null {
  return bound(o, 'min');
}

/** docs/hptuning.md, "How options are classified" `max`: range-like → the raw `stop` argument (exclusive for `range`, an exponent for `logspace`). */
export function optionMax(o: MatrixOption): number | null {
  return bound(o, 'max');
}

function bound(o: MatrixOption, which: 'min' | 'max'): number | null {
  if (isRangeLike(o)) return which === 'min' ? o.start : o.stop;
  if (o.kind === 'uniform') return which === 'min' ? o.low : o.high;
  if (o.kind === 'values' && o.values.length > 0 && !isCategorical(o)) {
    const pick = which === 'min' ? Math.min : Math.max;
    return o.values.reduce<number>((acc, v) => pick(acc, Number(v)), Number(o.values[0]));
  }
  return null;
}

/**
 * docs/hptuning.md, "How options are classified" `length`: values/pvalues → the list length (duplicates counted), range-like →
 * the number of generated points. Continuous options have none: Polyaxon raises, so do we.
 */
export function optionLength(o: MatrixOption): number {
  if (o.kind === 'values' || o.kind === 'pvalues') return o.values.length;
  if (isRangeLike(o)) return rangeLikeLength(o);
  throw new RangeError(`a continuous option has no length, got ${o.kind}`);
}
