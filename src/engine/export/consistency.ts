/**
 * A group export's summaries must be what its reports give: every trial's per-metric last,
 * min, max and count, the last step it reported, and the best trial the file names. The
 * summaries are redundant (the reports alone determine them), so a file where they disagree
 * was edited by hand or by a broken tool; trusting the summary would show a trial as best
 * that its own reports contradict. Such a file is refused, naming the first field that
 * disagrees, with the value stored and the value the reports give (docs/hptuning.md,
 * "Metrics": a trial's summary is over its reports, `last` in report order).
 */
import type { MetricSummary } from '../types.ts';
import type { GroupExportFile } from './format.ts';
import type { ExportIssue } from './parse.ts';
import { summarizeAll } from '../group/metrics.ts';
import { groupMetric } from '../group/metric.ts';
import { parseSpec } from '../spec/parse.ts';
import { bestTrial } from './export.ts';

const FIELDS = ['last', 'min', 'max', 'count'] as const satisfies readonly (keyof MetricSummary)[];

/** Equal as stored numbers: NaN equals NaN (a diverged metric), and 0 equals -0. */
const same = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b));

const show = (v: unknown): string => (v === undefined ? 'nothing' : typeof v === 'number' ? String(v) : JSON.stringify(v));

const disagree = (path: string, stored: unknown, fromReports: unknown, what = "the trial's reports give"): ExportIssue => ({
  path,
  message: `the file stores ${show(stored)}, but ${what} ${show(fromReports)}; a file whose summaries disagree with its reports is refused`,
});

/** Property access as the file's paths spell it: `metrics.val_loss`, `metrics["val/loss"]`. */
const key = (name: string): string => (/^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`);

/** The first summary of `file` that its reports contradict, or undefined when all agree. */
export function firstInconsistency(file: GroupExportFile): ExportIssue | undefined {
  const byTrial = new Map<number, GroupExportFile['reports'][number][]>();
  for (const r of file.reports) {
    const list = byTrial.get(r.trial);
    if (list) list.push(r);
    else byTrial.set(r.trial, [r]);
  }
  for (const [i, t] of file.trials.entries()) {
    const reports = byTrial.get(t.number) ?? [];
    const derived = summarizeAll(reports);
    const names = [...new Set([...Object.keys(t.metrics), ...Object.keys(derived)])];
    for (const name of names) {
      const path = `trials[${i}].metrics${key(name)}`;
      const stored = t.metrics[name];
      const want = derived[name];
      if (!stored) return disagree(path, undefined, want, `the reports of trial ${t.number} give`);
      if (!want) return disagree(path, stored, undefined, `trial ${t.number} has no report of ${JSON.stringify(name)}, so its reports give`);
      for (const f of FIELDS) {
        if (!same(stored[f], want[f])) return disagree(`${path}.${f}`, stored[f], want[f], `the reports of trial ${t.number} give`);
      }
    }
    const lastStep = reports.at(-1)?.step;
    if (t.step !== undefined && lastStep !== undefined && !same(t.step, lastStep)) {
      return disagree(`trials[${i}].step`, t.step, lastStep, `the last report of trial ${t.number} gives`);
    }
  }
  return file.best ? bestInconsistency(file) : undefined;
}

/** The stored best trial against the one the (now verified) summaries give under the group's metric. */
function bestInconsistency(file: GroupExportFile): ExportIssue | undefined {
  const best = file.best!;
  const parsed = parseSpec(file.group.source);
  // A spec this version cannot parse names no metric to rank by; the best trial stays unchecked.
  if (!parsed.ok) return undefined;
  const metric = groupMetric(parsed.spec);
  if (metric?.name !== best.metric) return disagree('best.metric', best.metric, metric?.name, "the group's spec ranks trials by");
  const want = bestTrial(file.trials, metric);
  const what = `the trials' ${metric.name} (${metric.optimization}) give`;
  if (!want) return disagree('best.trial', best.trial, undefined, `no trial has a value of ${metric.name}, so ${what}`);
  if (best.trial !== want.trial) return disagree('best.trial', best.trial, want.trial, what);
  if (!same(best.value, want.value)) return disagree('best.value', best.value, want.value, what);
  return undefined;
}
