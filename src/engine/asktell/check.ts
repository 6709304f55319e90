/**
 * What `tell` and `report` accept (docs/library.md, "Errors"): checked whole before anything
 * is sent to the engine, so a bad call changes nothing.
 */
import type { MetricSpec } from '../spec/types.ts';
import { show } from '../spec/issues.ts';
import { AskTellError } from './errors.ts';

/** One intermediate or final report: the step (epoch, resource used…) and the metric values at it. */
export interface Report {
  readonly step: number;
  readonly values: Readonly<Record<string, number>>;
}

/** What a trial is told with: its final metric value, or its reports in order. */
export type TellResult = number | readonly Report[];

/** The reports a result stands for (a bare number is the group metric's value at `step`). */
export function toReports(trial: number, result: unknown, metric: MetricSpec | undefined, step: number): readonly Report[] {
  const where = `tell(trial ${trial})`;
  if (typeof result === 'number') {
    if (!metric) {
      throw new AskTellError('no-metric', `${where}: a bare number needs the group's metric (the algorithm's metric or an early_stopping item's); tell [{step, values: {name: value}}] instead, received ${show(result)}`, trial);
    }
    finite(trial, `${where}: the value of ${metric.name}`, result);
    return [{ step, values: { [metric.name]: result } }];
  }
  if (!Array.isArray(result)) {
    throw new AskTellError('bad-report', `${where}: the result must be a number or a list of {step, values} reports, received ${show(result)}`, trial);
  }
  return result.map((r: unknown, i) => checkReport(trial, `${where}: reports[${i}]`, r));
}

/** A report as given to `report` or in `tell`'s list, checked. */
export function checkReport(trial: number, where: string, r: unknown): Report {
  if (typeof r !== 'object' || r === null) throw new AskTellError('bad-report', `${where} must be {step, values}, received ${show(r)}`, trial);
  const { step, values } = r as { step?: unknown; values?: unknown };
  finite(trial, `${where}.step`, step);
  if (typeof values !== 'object' || values === null || Array.isArray(values) || Object.keys(values).length === 0) {
    throw new AskTellError('bad-report', `${where}.values must be a mapping of metric names to numbers, received ${show(values)}`, trial);
  }
  for (const [name, v] of Object.entries(values)) finite(trial, `${where}.values.${name}`, v);
  return { step: step as number, values: values as Record<string, number> };
}

function finite(trial: number, what: string, v: unknown): void {
  if (typeof v !== 'number') throw new AskTellError('bad-report', `${what} must be a number, received ${show(v)}`, trial);
  if (!Number.isFinite(v)) throw new AskTellError('non-finite', `${what} must be a finite number, received ${String(v)}`, trial);
}
