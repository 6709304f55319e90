/**
 * The TrialRunner behind the ask/tell API
 * (docs/library.md, "How ask/tell runs on the engine"): the engine's own effect loop (group/driver.ts) starts trials as usual, and this
 * runner hands each one to the next `ask()` instead of running it; `tell` answers the
 * runner's promise. So an ask/tell group is an ordinary group: the same events through
 * `reduce`, the same store writes, early stopping and Hyperband acting on the reports.
 */
import type { AbortSignalLike, Decision, ReportFn, TrialJob, TrialOutcome, TrialRunner } from '../runner.ts';

/** One trial the engine started, from the runner's side. */
export interface Slot {
  readonly job: TrialJob;
  readonly report: ReportFn;
  /** Ends the runner's call: the engine then records the trial's end. */
  readonly end: (outcome: TrialOutcome) => void;
  asked: boolean;
  told: boolean;
  /** The engine answered a report with `stop` or `pause`, or aborted the trial: later reports are not sent. */
  halted?: Exclude<Decision, 'continue'>;
  lastStep?: number;
}

export class CallerRunner implements TrialRunner {
  readonly callerRuns = true;
  /** Every trial the engine started in this session, by number (a trial started again replaces its slot). */
  readonly slots = new Map<number, Slot>();
  /** Started, not yet asked, in start order. */
  private readonly ready: Slot[] = [];
  private readonly takers: { resolve: (s: Slot | undefined) => void; reject: (e: unknown) => void }[] = [];
  private closed: { error?: unknown } | undefined;

  run(job: TrialJob, report: ReportFn, signal: AbortSignalLike): Promise<TrialOutcome> {
    return new Promise<TrialOutcome>((resolve) => {
      let open = true;
      const onAbort = () => {
        // Stopped by the group (a stop, a threshold another trial met, a storage fault):
        // an unasked trial is withdrawn, an asked one learns it at its next report or tell.
        const i = this.ready.indexOf(slot);
        if (i >= 0) this.ready.splice(i, 1);
        slot.halted ??= 'stop';
        slot.end({ kind: 'halted', decision: 'stop' });
      };
      const slot: Slot = {
        job,
        report,
        asked: false,
        told: false,
        end: (outcome) => {
          if (!open) return;
          open = false;
          signal.removeEventListener('abort', onAbort);
          resolve(outcome);
        },
      };
      this.slots.set(job.trial, slot);
      signal.addEventListener('abort', onAbort);
      if (signal.aborted) return onAbort();
      const taker = this.takers.shift();
      if (taker) taker.resolve(slot);
      else this.ready.push(slot);
    });
  }

  /** The next started trial, waiting for one when none is ready; undefined once the group has ended. */
  take(): Promise<Slot | undefined> {
    const slot = this.ready.shift();
    if (slot) return Promise.resolve(slot);
    if (this.closed) return this.closed.error === undefined ? Promise.resolve(undefined) : Promise.reject(this.closed.error);
    return new Promise((resolve, reject) => this.takers.push({ resolve, reject }));
  }

  /** The group's run has ended (with `error` when it threw): waiting and later takes get nothing. */
  finish(error?: unknown): void {
    this.closed = error === undefined ? {} : { error };
    for (const t of this.takers.splice(0)) (error === undefined ? t.resolve(undefined) : t.reject(error));
  }
}
