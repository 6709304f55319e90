/**
 * The effect loop around the group's pure state machine (reduce.ts): the only code that
 * awaits (docs/architecture.md, "Group state and snapshots"; the shape of Ray Tune's
 * TuneController loop). It asks the algorithm for trials while a concurrency slot is free,
 * starts and stops them through the TrialRunner, writes the Store before acting on a
 * report (every report is committed before the decision that depends on it), applies the
 * early-stopping thresholds at every report and the per-report verdicts, and turns what
 * happens into events for `reduce`. A reopened group is first replayed from the store
 * through the same `reduce` (replay.ts).
 *
 * Determinism: trial n's params depend only on (seed, n) and on what the algorithm derives
 * from the history, never on timing, so the same spec and seed give the same trials
 * whatever the concurrency for grid and random search (docs/differences.md, "A seeded generator of our own, one stream per trial").
 */
import type { Spec } from '../spec/types.ts';
import type { GroupRecord } from '../store/store.ts';
import type { Checkpoint, Decision, TrialOutcome, TrialReport } from '../runner.ts';
import type { SearchAlgorithm, Suggestion } from '../algorithm.ts';
import type { MetricReport } from '../types.ts';
import type { GroupEvent } from './events.ts';
import { thresholdReached } from './thresholds.ts';
import { StateHistory } from './history.ts';
import { AbortFlag } from './signal.ts';
import { reduce, touched } from './reduce.ts';
import { loadState } from './replay.ts';
import { initialState, type GroupState } from './state.ts';
import { applyHalt, createdEvent, errorText, invalidReport, isStoreError, outcomeEvent, restartPoint, tracked, verdictOn, type DriverDeps, type Running } from './deps.ts';

export type { DriverDeps, DriverObserver, ReportRule } from './deps.ts';

export class GroupDriver {
  private state: GroupState;
  private readonly running = new Map<number, Running>();
  private readonly now: () => number;
  /** Commands that arrive before the group is loaded wait here, then apply in order. */
  private early: GroupEvent[] | undefined = [];
  private wake: (() => void) | undefined;

  constructor(
    group: GroupRecord,
    private readonly spec: Spec,
    private readonly deps: DriverDeps,
  ) {
    this.state = initialState(group);
    this.now = deps.now ?? Date.now;
  }

  /** The group's state now (immutable). */
  get current(): GroupState {
    return this.state;
  }
  get algorithm(): SearchAlgorithm {
    return this.deps.algorithm;
  }

  /** Stop the group: pending trials are not started, running ones are stopped, the group ends `stopped`. */
  stop(message = 'Stopped by user'): void {
    this.command({ type: 'stop', time: this.now(), kind: 'user-stop', message });
  }

  /** Pause: nothing new starts; running trials hand back a checkpoint at their next report and run again on resume. */
  pause(): void {
    this.command({ type: 'pause', time: this.now() });
  }

  /** Stop pending trials only: running trials finish, then the group completes `done`. */
  stopPending(): void {
    this.command({ type: 'stop-pending', time: this.now() });
  }

  /** Drives the group until it is done, stopped, paused or failed; returns the final group record. */
  async run(): Promise<GroupRecord> {
    const run = this.spec.run;
    const why = run ? this.deps.runner.unsupported?.(run) : this.deps.runner.callerRuns ? undefined : 'The spec has no `run` section: there is nothing to run.';
    if (why) {
      this.dispatch({ type: 'stop', time: this.now(), kind: 'failed', message: why });
      return this.finish();
    }
    try {
      this.state = await loadState(this.deps.store, this.state.group, true);
      this.dispatch({ type: 'resume', time: this.now() });
      for (const e of this.early!.splice(0)) this.dispatch(e);
      this.early = undefined;
      await this.putGroup();
      while (true) {
        const s = this.state;
        if (!s.halt && !s.pendingOnly && s.exhausted === undefined) await this.fill();
        if (this.running.size === 0) break;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          for (const r of this.running.values()) void r.done.then(resolve);
        });
        this.wake = undefined;
      }
    } catch (e) {
      this.early = undefined;
      this.fault(e);
      await Promise.allSettled([...this.running.values()].map((r) => r.done));
    }
    return this.finish();
  }

  private dispatch(e: GroupEvent): void {
    const prev = this.state;
    this.state = reduce(prev, e);
    if (this.state !== prev) this.deps.onState?.(this.state, touched(e, prev));
  }

  /** A command: applied now (its halt reaching every running trial), or once the group is loaded. */
  private command(e: GroupEvent): void {
    if (this.early) {
      this.early.push(e);
      return;
    }
    const before = this.state.halt;
    this.dispatch(e);
    if (this.state.halt !== before) for (const r of this.running.values()) applyHalt(this.state.halt!, r);
    this.wake?.();
  }

  /** A storage error pauses the group, keeping every report written before it; any other error is a bug: the group fails. */
  private fault(e: unknown): void {
    if (isStoreError(e)) {
      const message = `Paused by a storage error: ${errorText(e)}. Every report saved before it is kept; resume once storage works again.`;
      this.command({ type: 'storage-fault', time: this.now(), message });
    } else {
      this.command({ type: 'stop', time: this.now(), kind: 'failed', message: `Internal error: ${errorText(e)}` });
    }
  }

  /** Starts trials while a slot is free: interrupted ones first, then the algorithm's. */
  private async fill(): Promise<void> {
    // Trials a pause or a crash interrupted start again first.
    while (this.state.interrupted.length > 0) {
      if (this.running.size >= this.state.group.concurrency || this.state.halt) return;
      const t = this.state.trials.get(this.state.interrupted[0]!)!;
      const { checkpoint, skipUntil } = await restartPoint(this.deps.store, t);
      await this.start(t.number, checkpoint, skipUntil);
    }
    while (this.running.size < this.state.group.concurrency) {
      if (this.state.halt || this.state.pendingOnly) return;
      const s: Suggestion = await this.deps.algorithm.ask(new StateHistory(this.state));
      if (this.state.halt || this.state.pendingOnly) return;
      if (s.kind === 'wait') {
        if (this.running.size === 0) this.command({ type: 'stop', time: this.now(), kind: 'failed', message: 'The search algorithm is waiting for trials, but none is running.' });
        return;
      }
      if (s.kind === 'exhausted') return this.dispatch({ type: 'exhausted', ...(s.reason !== undefined && { reason: s.reason }) });
      if (s.kind === 'failed') return this.command({ type: 'stop', time: this.now(), kind: 'failed', message: s.message });
      await this.create(s);
    }
  }

  private async create(s: Extract<Suggestion, { kind: 'trial' }>): Promise<void> {
    const number = this.state.trials.size;
    const e = createdEvent(s, number, this.state.group.seed, this.spec.params, this.now());
    this.dispatch(e);
    const resumeFrom = e.trial.resumeFrom;
    const checkpoint = resumeFrom !== undefined ? await this.deps.store.getCheckpoint(this.state.group.id, resumeFrom) : undefined;
    await this.start(number, checkpoint);
  }

  private async start(n: number, checkpoint?: Checkpoint, skipUntil?: number): Promise<void> {
    this.dispatch({ type: 'trial-started', time: this.now(), trial: n });
    const entry: Running = { signal: new AbortFlag(), done: Promise.resolve(), ...(skipUntil !== undefined && { skipUntil }) };
    this.running.set(n, entry);
    try {
      await this.putTrial(n);
    } catch (e) {
      this.running.delete(n);
      this.dispatch({ type: 'trial-interrupted', time: this.now(), trial: n });
      throw e;
    }
    // A stop or pause that arrived while the record was being written applies to this trial too.
    if (this.state.halt) applyHalt(this.state.halt, entry);
    entry.done = this.execute(n, entry, checkpoint).finally(() => this.running.delete(n));
  }

  private async execute(n: number, entry: Running, checkpoint: Checkpoint | undefined): Promise<void> {
    const t = this.state.trials.get(n)!;
    let outcome: TrialOutcome;
    try {
      const job = { groupId: t.groupId, trial: n, params: t.params, seed: t.seed, groupSeed: this.state.group.seed, run: this.spec.run!, ...(checkpoint && { checkpoint }) };
      outcome = await this.deps.runner.run(job, tracked(entry, (r) => this.onReport(n, entry, r)), entry.signal);
    } catch (e) {
      // A report that could not be stored surfaces here through the runner: a storage fault.
      if (isStoreError(e)) this.fault(e);
      outcome = { kind: 'failed', name: 'RunnerError', message: errorText(e) };
    }
    await entry.reporting;
    try {
      await this.settle(n, entry, outcome);
    } catch (e) {
      this.fault(e);
    }
  }

  private async onReport(n: number, entry: Running, r: TrialReport): Promise<Decision> {
    if (entry.forced || entry.signal.aborted) return 'stop';
    const invalid = invalidReport(r.step, r.values);
    if (invalid) {
      entry.forced = { status: 'failed', message: invalid };
      return 'stop';
    }
    if (entry.skipUntil !== undefined && r.step <= entry.skipUntil) return entry.pausing ? 'pause' : 'continue';
    const report: MetricReport = { step: r.step, values: { ...r.values }, time: this.now() };
    // Every report is committed before the decision based on it is acted upon.
    try {
      await this.deps.store.addReports(this.state.group.id, n, [report]);
    } catch (e) {
      this.fault(e);
      return 'stop';
    }
    this.dispatch({ type: 'trial-reported', trial: n, report });
    this.deps.observer?.report?.(n, report);
    const trial = this.state.trials.get(n)!;

    // Group-level thresholds at every report (docs/differences.md, "Early stopping is checked at every report").
    const hit = this.deps.ignoreThresholds ? undefined : thresholdReached(this.spec.hptuning.earlyStopping, trial.metrics);
    // Acted on even while pausing (a stop overrides a pause), so a paused and resumed group
    // stops exactly where a straight run does.
    if (hit && (!this.state.halt || this.state.halt.status === 'paused')) {
      entry.forced = { status: 'stopped', message: `Reached the early-stopping threshold: ${hit}` };
      this.command({ type: 'stop', time: report.time, kind: 'threshold', message: `Early stopping: trial ${n} reached ${hit}`, trial: n });
    }
    if (entry.pausing && !entry.forced) return 'pause';
    if (this.state.halt) return 'stop';

    const verdict = verdictOn(this.deps, this.state, trial, report);
    if (verdict.decision !== 'continue') {
      const message = verdict.reason ?? `stopped by ${this.deps.algorithm.name}`;
      entry.forced = { status: 'stopped', message, event: { time: report.time, kind: 'pruned', message } };
    }
    return verdict.decision;
  }

  private async settle(n: number, entry: Running, outcome: TrialOutcome): Promise<void> {
    const { store } = this.deps;
    const id = this.state.group.id;
    const time = this.now();
    // Paused by the user (the runner answered `pause`), or cut short by a storage fault.
    const paused = !entry.forced && outcome.kind === 'halted' && ((entry.pausing && outcome.decision === 'pause') || this.state.halt?.status === 'paused');
    if (paused) {
      // Back to created: the group continues this trial from its checkpoint when it runs again.
      if (outcome.checkpoint) await store.putCheckpoint(id, n, outcome.checkpoint);
      const step = this.state.trials.get(n)!.step;
      const at = step === undefined ? 'before its first report' : `at step ${step}`;
      this.dispatch({ type: 'trial-interrupted', time, trial: n, note: `paused ${at}${outcome.checkpoint ? ', checkpoint kept' : ''}` });
      return this.putTrial(n);
    }
    if (outcome.kind !== 'failed' && outcome.checkpoint && this.deps.keepCheckpoints) await store.putCheckpoint(id, n, outcome.checkpoint);
    const event = outcomeEvent(n, time, entry.forced, outcome);
    const before = this.state;
    this.dispatch(event);
    if (this.state !== before) await this.putTrial(n);
  }

  private async putTrial(n: number): Promise<void> {
    const t = this.state.trials.get(n)!;
    await this.deps.store.putTrial(t);
    this.deps.observer?.trial?.(t);
  }

  private async putGroup(): Promise<void> {
    const g = this.state.group;
    try {
      await this.deps.store.putGroup(g);
    } finally {
      // Observers learn the status even when storage refused it (e.g. the quota was reached).
      this.deps.observer?.group?.(g);
    }
  }

  /** The group takes its final (or paused) status; trials left waiting are stopped with it. */
  private async finish(): Promise<GroupRecord> {
    const before = this.state;
    this.dispatch({ type: 'group-ended', time: this.now() });
    if (this.state === before) return this.state.group;
    try {
      for (const n of before.interrupted) if (this.state.trials.get(n) !== before.trials.get(n)) await this.putTrial(n);
      await this.putGroup();
    } catch {
      // The final status could not be stored; the state in memory (and the observers) have it.
    }
    return this.state.group;
  }
}
