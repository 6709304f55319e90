/**
 * The History an algorithm sees: a view of one immutable group state. A later event makes
 * a new state and a new view, so an algorithm holding an old History never sees later
 * changes through it. `size` and `trial(n)` are cheap; the `trials` list is built on first
 * read and kept (grid and random search read only the newest trials, so their cost per ask
 * does not grow with the group).
 */
import type { History } from '../algorithm.ts';
import type { MetricReport, TrialRecord } from '../types.ts';
import type { GroupState } from './state.ts';

const NONE: readonly MetricReport[] = [];

export class StateHistory implements History {
  private list: readonly TrialRecord[] | undefined;

  constructor(private readonly state: GroupState) {}

  get size(): number {
    return this.state.trials.size;
  }
  trial(n: number): TrialRecord | undefined {
    return this.state.trials.get(n);
  }
  get trials(): readonly TrialRecord[] {
    return (this.list ??= Object.freeze(this.state.trials.toArray()));
  }
  reports(trial: number): readonly MetricReport[] {
    return this.state.reports.get(trial)?.list() ?? NONE;
  }
}
