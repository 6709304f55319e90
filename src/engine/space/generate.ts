/**
 * The value lists of the discrete matrix options (docs/hptuning.md, "Generated values"): `values` verbatim and
 * the range-like options computed the way numpy computes them, so that grids and
 * samples hold the same doubles Polyaxon produced.
 *
 * Every range-like option is exposed as a length and an element-at-index function,
 * so that sampling (docs/hptuning.md, "Sampling": "generate the full list, then pick one element") and
 * counting never need to materialize a long list.
 */
import type { ParamValue } from '../types.ts';
import type { MatrixOption } from './types.ts';
import { exactPow } from './pow.ts';

type RangeLike = Extract<MatrixOption, { kind: 'range' | 'linspace' | 'logspace' | 'geomspace' }>;
type Discrete = Extract<MatrixOption, { kind: 'values' | 'range' | 'linspace' | 'logspace' | 'geomspace' }>;

export function isRangeLike(o: MatrixOption): o is RangeLike {
  return o.kind === 'range' || o.kind === 'linspace' || o.kind === 'logspace' || o.kind === 'geomspace';
}

/** Whether `o` has a value list (docs/hptuning.md, "Matrix options"): `values` and the range-like options. */
export function isEnumerable(o: MatrixOption): o is Discrete {
  return o.kind === 'values' || isRangeLike(o);
}

function checkNum(o: RangeLike & { num: number }): number {
  if (!Number.isInteger(o.num) || o.num < 0) {
    throw new RangeError(`${o.kind} num must be an integer >= 0 (numpy rejects others), got ${o.num}`);
  }
  return o.num;
}

/**
 * numpy `arange` length: ceil((stop − start) / step), 0 when that is ≤ 0; a quotient
 * that underflows to 0 while stop ≠ start still gives one element (numpy's rule).
 */
function rangeLength(o: Extract<MatrixOption, { kind: 'range' }>): number {
  const delta = o.stop - o.start;
  const q = delta / o.step;
  if (!Number.isFinite(q)) throw new RangeError(`range step must be non-zero and finite, got start ${o.start}, stop ${o.stop}, step ${o.step}`);
  if (q === 0 && delta !== 0) return Object.is(q, -0) ? 0 : 1;
  return Math.max(0, Math.ceil(q));
}

/** geomspace works on |start|, |stop| and mirrors the sign when both are negative (numpy). */
function geomSign(o: Extract<MatrixOption, { kind: 'geomspace' }>): number {
  if (!(o.start * o.stop > 0)) {
    throw new RangeError(`geomspace needs start and stop of the same sign and non-zero, got start ${o.start}, stop ${o.stop}`);
  }
  return o.start < 0 ? -1 : 1;
}

/** Number of points of a range-like option (docs/hptuning.md, "How options are classified" `length`). */
export function rangeLikeLength(o: RangeLike): number {
  if (o.kind === 'range') return rangeLength(o);
  if (o.kind === 'geomspace') geomSign(o);
  if (o.kind === 'logspace' && !(o.base > 0)) throw new RangeError(`logspace base must be > 0, got ${o.base}`);
  return checkNum(o);
}

/**
 * numpy `linspace(start, stop, num)[i]`: `i·step + start` with `step = (stop − start)/(num − 1)`,
 * the last point set to `stop` exactly; when `step` underflows to 0 numpy computes
 * `(i/(num − 1))·delta + start` instead (numpy gh-5437).
 */
function linspaceAt(start: number, stop: number, num: number, i: number): number {
  if (num === 1) return start;
  if (i === num - 1) return stop;
  const div = num - 1;
  const delta = stop - start;
  const step = delta / div;
  return step === 0 ? (i / div) * delta + start : i * step + start;
}

/** Element `i` (0 ≤ i < length) of a range-like option, exactly as numpy computes it. */
export function rangeLikeAt(o: RangeLike, i: number): number {
  switch (o.kind) {
    case 'range': {
      // numpy arange stores start and start + step, then fills x_i = start + i·((start + step) − start)
      // (its `fill` loop). This is why range 1.2:1.8:0.1 gives 1.4000000000000001, not 1.4 (docs/hptuning.md, "Generated values").
      if (i === 0) return o.start;
      const second = o.start + o.step;
      return i === 1 ? second : o.start + i * (second - o.start);
    }
    case 'linspace':
      return linspaceAt(o.start, o.stop, o.num, i);
    case 'logspace':
      // numpy: base ** linspace(start, stop, num); the exponents are the arguments (docs/differences.md, "logspace takes exponents").
      return exactPow(o.base, linspaceAt(o.start, o.stop, o.num, i));
    case 'geomspace': {
      // numpy: 10 ** linspace(log10|start|, log10|stop|, num), endpoints forced to start/stop, sign mirrored.
      const sign = geomSign(o);
      if (i === 0) return o.start;
      if (i === o.num - 1) return o.stop;
      const a = Math.abs(o.start);
      const b = Math.abs(o.stop);
      return sign * exactPow(10, linspaceAt(Math.log10(a), Math.log10(b), o.num, i));
    }
  }
}

/** The value list of a discrete option: `values` verbatim, range-like options per docs/hptuning.md, "Generated values". */
export function generateValues(option: MatrixOption): readonly ParamValue[] {
  if (option.kind === 'values') return option.values;
  if (!isRangeLike(option)) {
    throw new RangeError(`only values, range, linspace, logspace and geomspace have a value list, got ${option.kind}`);
  }
  const n = rangeLikeLength(option);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = rangeLikeAt(option, i);
  return out;
}
