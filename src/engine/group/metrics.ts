/** Per-metric summaries of a trial's reports: last, min, max, count (docs/differences.md, "The last reported value decides"; Polyaxon #418). */
import type { MetricReport, MetricSummary } from '../types.ts';

export type Summaries = Readonly<Record<string, MetricSummary>>;

/** The summaries after one more report; `last` follows report order (docs/hptuning.md, "Metrics": latest write wins). */
export function summarize(prev: Summaries, report: MetricReport): Summaries {
  return summarizeMore(prev, [report]);
}

/** The summaries after `reports`, in order: what `summarize` one by one gives, with one copy of the record. */
export function summarizeMore(prev: Summaries, reports: readonly MetricReport[]): Summaries {
  const next: Record<string, MetricSummary> = { ...prev };
  for (const report of reports) {
    for (const [name, v] of Object.entries(report.values)) {
      const p = next[name];
      next[name] = p ? { last: v, min: Math.min(p.min, v), max: Math.max(p.max, v), count: p.count + 1 } : { last: v, min: v, max: v, count: 1 };
    }
  }
  return next;
}

export function summarizeAll(reports: readonly MetricReport[]): Summaries {
  return summarizeMore({}, reports);
}
