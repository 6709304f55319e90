/**
 * Trials as CSV: one row per trial, a column per param and a column per metric
 * holding its last reported value (docs/differences.md, "The last reported value decides"). RFC 4180: comma-separated, CRLF line ends, a field
 * that holds a comma, a quote, CR or LF is quoted and its quotes doubled.
 * Numbers use JavaScript's shortest round-trip form (docs/differences.md, "Numbers are shown in JavaScript's shortest form"); NaN and ±Infinity are spelled
 * out; a missing value is an empty field; null is `null`; lists and dicts are JSON.
 */
import type { MetricReport, ParamValue, TrialRecord } from '../types.ts';
import type { StoredReport } from '../store/store.ts';

const FIXED = ['trial', 'status'] as const;

/**
 * `reports` (optional, e.g. a group's listReports) give each metric's last value in report
 * order; without them the trials' metric summaries are used. A param and a metric with the
 * same name (or named like a fixed column) get the headers `param:NAME` and `metric:NAME`.
 */
export function trialsToCsv(trials: readonly TrialRecord[], reports?: readonly StoredReport[]): string {
  const sorted = [...trials].sort((a, b) => a.number - b.number);
  const params = unique(sorted.flatMap((t) => Object.keys(t.params)));
  const lastByTrial = reports ? lastValues(reports) : undefined;
  const metrics = unique([
    ...sorted.flatMap((t) => Object.keys(t.metrics)),
    ...(reports ?? []).flatMap((r: MetricReport) => Object.keys(r.values)),
  ]);
  const taken = new Set<string>(FIXED);
  const paramSet = new Set(params);
  const metricSet = new Set(metrics);
  const header = [
    ...FIXED,
    ...params.map((p) => (taken.has(p) || metricSet.has(p) ? `param:${p}` : p)),
    ...metrics.map((m) => (taken.has(m) || paramSet.has(m) ? `metric:${m}` : m)),
  ];
  const rows = sorted.map((t) => {
    const last = lastByTrial?.get(t.number);
    return [
      String(t.number),
      t.status,
      ...params.map((p) => (Object.hasOwn(t.params, p) ? formatValue(t.params[p]!) : '')),
      ...metrics.map((m) => {
        const v = last?.get(m) ?? t.metrics[m]?.last;
        return v === undefined ? '' : formatValue(v);
      }),
    ];
  });
  return [header, ...rows].map((cells) => cells.map(quote).join(',') + '\r\n').join('');
}

function lastValues(reports: readonly StoredReport[]): Map<number, Map<string, number>> {
  const out = new Map<number, Map<string, number>>();
  for (const r of reports) {
    let m = out.get(r.trial);
    if (!m) out.set(r.trial, (m = new Map()));
    for (const [k, v] of Object.entries(r.values)) m.set(k, v);
  }
  return out;
}

function formatValue(v: ParamValue): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || v === null) return String(v);
  return JSON.stringify(v);
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}
