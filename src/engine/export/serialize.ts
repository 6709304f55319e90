/**
 * Writing a group export: the in-memory GroupExport → the file's JSON data and text.
 * Non-finite metric values become the strings of format.ts NON_FINITE, since
 * JSON.stringify would silently write them as `null` and the file would no longer load.
 */
import type { MetricSummary } from '../types.ts';
import type { GroupExport, NON_FINITE } from './format.ts';

type FileNumber = number | (typeof NON_FINITE)[number];

const metricValue = (v: number): FileNumber => (Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity');

const mapValues = <A, B>(o: Readonly<Record<string, A>>, f: (a: A) => B): Record<string, B> => {
  const out: Record<string, B> = {};
  for (const k of Object.keys(o)) out[k] = f(o[k]!);
  return out;
};

const summary = (s: MetricSummary) => ({ ...s, last: metricValue(s.last), min: metricValue(s.min), max: metricValue(s.max) });

/** The JSON data of the file, as `JSON.parse` of the written text gives it back. */
export function toFileData(value: GroupExport): unknown {
  return {
    ...value,
    trials: value.trials.map((t) => ({ ...t, metrics: mapValues(t.metrics, summary) })),
    reports: value.reports.map((r) => ({ ...r, values: mapValues(r.values, metricValue) })),
    ...(value.best ? { best: { ...value.best, value: metricValue(value.best.value) } } : {}),
  };
}

/** The file's text; `indent` as JSON.stringify's (default: compact, since reports dominate the size). */
export function stringifyGroupExport(value: GroupExport, indent?: number): string {
  return JSON.stringify(toFileData(value), null, indent);
}
