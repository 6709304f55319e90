/**
 * The GP view's parameters: how each matrix key is laid out on a chart axis and how a point
 * on that axis becomes an encoded point the GP can be evaluated at (BO's encoding:
 * docs/hptuning.md, "How BO encodes the search space").
 *
 * A chart axis follows the parameter's matrix option (param-axis.ts, shared by every chart):
 * log for `logspace`/`geomspace`, one column per category for `values`, linear otherwise. Points on
 * an axis are raw parameter values (or category indices); each is encoded the way BO encodes
 * it (log10 for a log-encoded dimension, one-hot for a categorical one), so the curves show
 * what the GP believes at the values a trial would really get.
 */
import type { BoDimension, MatrixEntry, ParamValue } from '../../engine/index.ts';
import { optionAxis, type ParamAxisKind } from './param-axis.ts';
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3-scale';
import { formatParam } from './format.ts';
import { continuousTicks, type Tick } from './axis.ts';

/** The axis a parameter is drawn on: the rule every chart shares (param-axis.ts). */
export type GpAxisKind = ParamAxisKind;

/** How BO encoded one parameter's dimension (space/encoding.ts). */
type Transform = 'linear' | 'log' | 'neglog' | 'one-hot';

export interface GpParam {
  readonly name: string;
  readonly axis: GpAxisKind;
  /** The first encoded dimension, and how many (a one-hot categorical spans one per value). */
  readonly offset: number;
  readonly width: number;
  readonly transform: Transform;
  /** The categories of a categorical axis, in encoding order. */
  readonly values?: readonly ParamValue[];
  /** The raw range of a linear or log axis. */
  readonly domain: readonly [number, number];
  /** Why there is nothing to draw along this parameter (it has a single value). */
  readonly single?: string;
}

function untransform(t: Transform, e: number): number {
  return t === 'log' ? 10 ** e : t === 'neglog' ? -(10 ** -e) : e;
}

function transformOf(t: Transform, v: number): number {
  return t === 'log' ? Math.log10(v) : t === 'neglog' ? -Math.log10(-v) : v;
}

const asNumber = (v: ParamValue): number => (typeof v === 'boolean' ? (v ? 1 : 0) : Number(v));

/**
 * The parameters of a BO space, in encoding order, from the snapshot's dimensions and the
 * spec's matrix (for each key's option; without it the encoding decides).
 */
export function gpParams(dims: readonly BoDimension[], matrix?: readonly MatrixEntry[]): GpParam[] {
  const out: GpParam[] = [];
  for (let j = 0; j < dims.length; ) {
    const d = dims[j]!;
    let width = 1;
    while (d.kind === 'categorical' && dims[j + width]?.name === d.name && dims[j + width]?.kind === 'categorical') width++;
    const option = matrix?.find((e) => e.name === d.name)?.option.kind;
    const transform: Transform =
      d.kind === 'categorical' ? 'one-hot' : d.kind === 'log' ? (asNumber((d.values?.[0] as ParamValue | undefined) ?? 1) < 0 ? 'neglog' : 'log') : 'linear';
    const fallback: GpAxisKind = d.kind === 'categorical' ? 'categorical' : d.kind === 'log' ? 'log' : 'linear';
    // A one-hot dimension can only be drawn by category, whatever the option says.
    const axis = transform === 'one-hot' ? 'categorical' : option ? optionAxis(option) : fallback;
    const values = d.values ? [...new Map((d.values as readonly ParamValue[]).map((v) => [JSON.stringify(v), v])).values()] : undefined;
    const domain: [number, number] =
      transform === 'one-hot' ? [0, Math.max(0, (values?.length ?? 1) - 1)] : [untransform(transform, d.bounds[0]), untransform(transform, d.bounds[1])];
    const lo = Math.min(...domain);
    const hi = Math.max(...domain);
    const count = values ? values.length : lo === hi ? 1 : Infinity;
    const single =
      count <= 1
        ? `\`${d.name}\` has a single value (${values ? formatParam(values[0]) : formatParam(lo)}), so the GP has nothing to vary along it: there is nothing to draw.`
        : undefined;
    out.push({
      name: d.name,
      axis: axis === 'categorical' && !values ? 'linear' : axis,
      offset: j,
      width,
      transform,
      ...(axis === 'categorical' && values ? { values } : {}),
      domain: [lo, hi],
      ...(single ? { single } : {}),
    });
    j += width;
  }
  return out;
}

/**
 * `n` positions along a parameter's axis: category indices for a categorical axis, else raw
 * values evenly spaced on the axis (geometrically on a log axis), from end to end or, with
 * `centers`, at the centres of n equal cells (a heatmap's).
 */
export function axisSamples(p: GpParam, n: number, centers = false): number[] {
  if (p.axis === 'categorical') return (p.values ?? []).map((_, i) => i);
  const [lo, hi] = p.domain;
  const at = (i: number) => (centers ? (i + 0.5) / n : n === 1 ? 0.5 : i / (n - 1));
  const log = p.axis === 'log' && lo * hi > 0;
  return Array.from({ length: n }, (_, i) => (log ? lo * (hi / lo) ** at(i) : lo + (hi - lo) * at(i)));
}

/** Sets p's coordinates in `x` (an encoded point) to the axis position `s` (a raw value or a category index). */
export function place(p: GpParam, s: number, x: number[]): void {
  if (p.transform === 'one-hot') {
    for (let i = 0; i < p.width; i++) x[p.offset + i] = i === s ? 1 : 0;
    return;
  }
  const v = p.axis === 'categorical' ? asNumber(p.values![s]!) : s;
  x[p.offset] = transformOf(p.transform, v);
}

/** The axis position of an encoded point along p: the raw value, or the index of its category. */
export function positionOf(p: GpParam, x: readonly number[]): number {
  if (p.transform === 'one-hot') {
    let best = 0;
    for (let i = 1; i < p.width; i++) if (x[p.offset + i]! > x[p.offset + best]!) best = i;
    return best;
  }
  const v = untransform(p.transform, x[p.offset]!);
  if (p.axis !== 'categorical') return v;
  // The category whose value is nearest (decoding as BO does).
  let best = 0;
  const vals = p.values!.map(asNumber);
  for (let i = 1; i < vals.length; i++) if (Math.abs(vals[i]! - v) < Math.abs(vals[best]! - v)) best = i;
  return best;
}

/** An axis position as text: the value, or the category's value. */
export function positionText(p: GpParam, s: number): string {
  return p.axis === 'categorical' ? formatParam(p.values?.[Math.round(s)]) : formatParam(s);
}

/**
 * Encoded points along the given axes, every other coordinate taken from `base` (the
 * incumbent's point): one point per sample for one axis; for two, x varies fastest
 * (row-major, row 0 = the first y sample).
 */
export function slicePoints(base: readonly number[], px: GpParam, xs: readonly number[], py?: GpParam, ys?: readonly number[]): number[][] {
  const out: number[][] = [];
  for (const sy of py && ys ? ys : [undefined]) {
    for (const sx of xs) {
      const x = base.slice();
      if (py && sy !== undefined) place(py, sy, x);
      place(px, sx, x);
      out.push(x);
    }
  }
  return out;
}

/** A parameter's axis on screen: where an axis position goes, the ticks and the title. */
export interface ParamScale {
  (s: number): number;
  readonly ticks: readonly Tick[];
  readonly title: string;
  /** The width of one category's cell (0 for a continuous axis). */
  readonly cell: number;
}

/** Maps p's axis positions onto [a, b] (pixels; b < a for a vertical axis): categories at the centres of equal cells. */
export function paramScale(p: GpParam, a: number, b: number, count = 6): ParamScale {
  if (p.axis === 'categorical') {
    const k = Math.max(1, p.values?.length ?? 1);
    const cell = (b - a) / k;
    const f = (s: number) => a + (s + 0.5) * cell;
    const ticks = (p.values ?? []).map((v, i) => ({ pos: f(i), label: formatParam(v) }));
    return Object.assign(f, { ticks, title: `${p.name} (categories)`, cell: Math.abs(cell) });
  }
  const [lo, hi] = p.domain;
  const log = p.axis === 'log' && lo * hi > 0;
  const scale: ScaleContinuousNumeric<number, number> = (log ? scaleLog() : scaleLinear()).domain(lo === hi ? [lo - 1, hi + 1] : [lo, hi]).range([a, b]);
  const f = (s: number) => scale(s);
  return Object.assign(f, { ticks: continuousTicks(scale, count, log), title: log ? `${p.name} (log)` : p.name, cell: 0 });
}
