/**
 * The analysis plots' input: the finished trials with the group's metric, and for each
 * parameter that varies a column placed in [0, 1] along its axis (param-axis.ts: linear,
 * log10, or one equal slot per category in the matrix's order). fANOVA measures variance
 * over the uniform measure of that cube, so a log-uniform learning rate is weighed by
 * decades, as it was sampled; a parameter's range is the span of its values in the trials.
 */
import { TRIAL_DONE, type MatrixEntry, type MetricSpec, type ParamValue, type TrialRecord } from '../../engine/index.ts';
import { paramAxisKind, type ParamAxisKind } from './param-axis.ts';
import { scaleLinear, scaleLog, scalePoint } from 'd3-scale';
import { formatParam, paramText } from './format.ts';
import { continuousTicks, type Tick } from './axis.ts';

export interface AnalysisColumn {
  readonly name: string;
  readonly kind: ParamAxisKind;
  /** Linear and log: the raw span [min, max] of the values. */
  readonly domain: readonly [number, number];
  /** Categorical: the categories in order (the matrix's when it lists them). */
  readonly categories: readonly ParamValue[];
  /** A value's place in [0, 1]. */
  unit(v: ParamValue): number;
}

export interface AnalysisData {
  readonly columns: readonly AnalysisColumn[];
  readonly trials: readonly TrialRecord[];
  /** The metric of each trial (same order as `trials`). */
  readonly y: Float64Array;
  /** Each trial's point in the unit cube, one coordinate per column. */
  readonly x: readonly Float64Array[];
}

function categoriesOf(name: string, matrix: readonly MatrixEntry[] | undefined, values: readonly ParamValue[]): ParamValue[] {
  const o = matrix?.find((e) => e.name === name)?.option;
  const listed = o?.kind === 'values' ? o.values : o?.kind === 'pvalues' ? o.values.map((p) => p[0]) : [];
  const seen = new Map<string, ParamValue>(listed.map((v) => [paramText(v), v]));
  for (const v of values) if (!seen.has(paramText(v))) seen.set(paramText(v), v);
  return [...seen.values()];
}

export function column(name: string, matrix: readonly MatrixEntry[] | undefined, values: readonly ParamValue[]): AnalysisColumn {
  const kind = paramAxisKind(name, matrix, values);
  if (kind === 'categorical') {
    const categories = categoriesOf(name, matrix, values);
    const index = new Map(categories.map((c, i) => [paramText(c), i]));
    return { name, kind, domain: [0, categories.length - 1], categories, unit: (v) => ((index.get(paramText(v)) ?? 0) + 0.5) / categories.length };
  }
  const nums = values as readonly number[];
  const lo = Math.min(...nums);
  const hi = Math.max(...nums);
  const f = kind === 'log' ? Math.log10 : (v: number) => v;
  const [a, b] = [f(lo), f(hi)];
  return { name, kind, domain: [lo, hi], categories: [], unit: (v) => (b > a ? Math.min(1, Math.max(0, (f(v as number) - a) / (b - a))) : 0.5) };
}

/** The finished trials with a finite metric, and a column for every parameter that varies among them and is set in each. */
export function analysisData(trials: readonly TrialRecord[], metric: MetricSpec | undefined, matrix: readonly MatrixEntry[] | undefined): AnalysisData {
  const done = metric ? trials.filter((t) => TRIAL_DONE.has(t.status) && Number.isFinite(t.metrics[metric.name]?.last)) : [];
  const names = [...new Set(done.flatMap((t) => Object.keys(t.params)))];
  const columns: AnalysisColumn[] = [];
  for (const name of names) {
    if (done.some((t) => t.params[name] === undefined)) continue;
    const values = done.map((t) => t.params[name]!);
    if (new Set(values.map(paramText)).size < 2) continue;
    columns.push(column(name, matrix, values));
  }
  // Matrix keys first, in declared order; then the rest (a Hyperband resource) by name.
  const rank = (n: string) => matrix?.findIndex((e) => e.name === n) ?? -1;
  columns.sort((p, q) => (rank(p.name) < 0 ? 1e9 : rank(p.name)) - (rank(q.name) < 0 ? 1e9 : rank(q.name)) || p.name.localeCompare(q.name));
  const y = Float64Array.from(done, (t) => t.metrics[metric!.name]!.last);
  const x = done.map((t) => Float64Array.from(columns, (c) => c.unit(t.params[c.name]!)));
  return { columns, trials: done, y, x };
}

/**
 * A column's position scale onto pixel range [a, b], with its ticks (4 significant digits).
 * Without `nice`, a continuous scale spans exactly the column's domain, so a place `u` in
 * [0, 1] is at a + u·(b − a) (the contour's cells line up with it); a categorical one always does.
 */
export function columnScale(c: AnalysisColumn, a: number, b: number, nice = true): { pos: (v: ParamValue) => number; ticks: Tick[] } {
  if (c.kind === 'categorical') {
    const s = scalePoint<string>().domain(c.categories.map(paramText)).range([a, b]).padding(0.5);
    return { pos: (v) => s(paramText(v)) ?? a, ticks: c.categories.map((v) => ({ pos: s(paramText(v)) ?? a, label: formatParam(v) })) };
  }
  const [lo, hi] = c.domain;
  const s = (c.kind === 'log' ? scaleLog() : scaleLinear()).domain(lo === hi ? [lo - 1, hi + 1] : [lo, hi]).range([a, b]);
  if (nice) s.nice();
  return { pos: (v) => s(v as number), ticks: continuousTicks(s, 4, c.kind === 'log') };
}
