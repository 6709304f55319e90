/** The read-only History an algorithm sees, over the driver's live trial list and reports. */
import type { MetricReport, TrialRecord } from '../types.ts';
import type { History } from '../algorithm.ts';

const NONE: readonly MetricReport[] = [];

export class LiveHistory implements History {
  readonly trials: TrialRecord[] = [];
  private readonly byTrial = new Map<number, MetricReport[]>();

  reports(trial: number): readonly MetricReport[] {
    return this.byTrial.get(trial) ?? NONE;
  }
  addReport(trial: number, report: MetricReport): void {
    let list = this.byTrial.get(trial);
    if (!list) this.byTrial.set(trial, (list = []));
    list.push(report);
  }
  set(trial: TrialRecord): void {
    this.trials[trial.number] = trial;
  }
}
