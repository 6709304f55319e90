/**
 * The group driver: the one module that awaits I/O (DESIGN.md, "group"). It asks the
 * search algorithm for trials while a concurrency slot is free (spec §10.3), hands
 * jobs to the TrialRunner, writes every change through the Store before acting on it,
 * applies the group-level thresholds of §9 at every report (D24) and the algorithm's
 * per-report verdicts, and moves the group and its trials through the statuses of §10.
 *
 * Determinism (D3): trial n's params depend only on (seed, n) and on what the algorithm
 * derives from the history, never on timing, so the same spec and seed give the same
 * trials whatever the concurrency for grid and random search.
 */
import type { Spec } from '../spec/types.ts';
import type { GroupRecord, Store } from '../store/store.ts';
import type { Checkpoint, Decision, TrialOutcome, TrialReport, TrialRunner } from '../runner.ts';
import type { SearchAlgorithm, Suggestion, Verdict } from '../algorithm.ts';
import type { GroupStatus, MetricReport, TrialEvent, TrialRecord, TrialStatus } from '../types.ts';
import { TRIAL_DONE } from '../types.ts';
import { trialSeed } from '../rng.ts';
import { canMoveGroup, canMoveTrial } from './status.ts';
import { summarize, summarizeAll } from './metrics.ts';
import { thresholdReached } from './thresholds.ts';
import { LiveHistory } from './history.ts';
import { AbortFlag } from './signal.ts';

export interface DriverObserver {
  group?(group: GroupRecord): void;
  trial?(trial: TrialRecord): void;
  report?(trial: number, report: MetricReport): void;
}

/** Extra per-report rules applied after the algorithm's own (e.g. early-stopping policies, D25). */
export type ReportRule = (trial: TrialRecord, report: MetricReport, history: LiveHistory) => Verdict;

export interface DriverDeps {
  readonly store: Store;
  readonly runner: TrialRunner;
  readonly algorithm: SearchAlgorithm;
  readonly rules?: readonly ReportRule[];
  readonly observer?: DriverObserver;
  /** Clock in ms (tests pass a fake one). */
  readonly now?: () => number;
  /** Keep each finished trial's checkpoint in the store (needed by `resume: true`, D13). */
  readonly keepCheckpoints?: boolean;
}

interface Running {
  record: TrialRecord;
  readonly signal: AbortFlag;
  /** Set when the engine decided the trial's fate before the runner returned. */
  forced?: { status: TrialStatus; message: string };
  /** The group is pausing: answer `pause` at the next report and keep the trial's checkpoint. */
  pausing?: boolean;
  /**
   * A trial re-run from scratch after an interruption repeats steps already stored; reports
   * up to this step are not stored again (the run is deterministic, so they are the same).
   */
  skipUntil?: number;
  done: Promise<void>;
}

const CONTINUE: Verdict = { decision: 'continue' };
const PAUSED_BY_USER = 'Paused by user';

export class GroupDriver {
  private group: GroupRecord;
  private readonly history = new LiveHistory();
  private readonly running = new Map<number, Running>();
  private readonly now: () => number;
  private exhausted: string | undefined;
  private halt: { status: GroupStatus; message: string } | undefined;
  private pendingOnly = false;
  /** Trials a previous session left unfinished, re-run before anything new. */
  private readonly interrupted: TrialRecord[] = [];
  private wake: (() => void) | undefined;

  constructor(
    group: GroupRecord,
    private readonly spec: Spec,
    private readonly deps: DriverDeps,
  ) {
    this.group = group;
    this.now = deps.now ?? Date.now;
  }

  /** Stop the group: pending trials are not started, running ones are stopped, the group ends `stopped` (spec §11.2). */
  stop(message = 'Stopped by user'): void {
    this.haltGroup('stopped', message);
  }

  /**
   * Pause the group: nothing new starts, running trials are asked to pause at their next
   * report and hand back a checkpoint; they go back to `created` and continue from it when
   * the group runs again. The group ends `paused`.
   */
  pause(): void {
    if (this.halt) return;
    this.halt = { status: 'paused', message: PAUSED_BY_USER };
    for (const r of this.running.values()) this.applyHalt(r);
    this.wake?.();
  }

  /** Stop pending trials only: running trials finish, then the group completes normally (D12). */
  stopPending(): void {
    this.pendingOnly = true;
    this.exhausted ??= 'User stopped pending trials';
    this.wake?.();
  }

  /** Drives the group until it is done, stopped or failed; returns the final group record. */
  async run(): Promise<GroupRecord> {
    if (!this.spec.run) return this.finish('failed', 'The spec has no `run` section: there is nothing to run.');
    const why = this.deps.runner.unsupported?.(this.spec.run);
    if (why) return this.finish('failed', why);
    try {
      await this.load();
      await this.setGroup('running', { startedAt: this.group.startedAt ?? this.now() });
      while (true) {
        if (!this.halt && !this.pendingOnly && this.exhausted === undefined) await this.fill();
        if (this.running.size === 0) break;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          for (const r of this.running.values()) void r.done.then(resolve);
        });
        this.wake = undefined;
      }
      if (this.halt) return await this.finish(this.halt.status, this.halt.message);
      return await this.finish('done', this.exhausted);
    } catch (e) {
      this.fault(e);
      await Promise.allSettled([...this.running.values()].map((r) => r.done));
      return this.finish(this.halt!.status, this.halt!.message);
    }
  }

  /**
   * A storage error pauses the group (issue 6: the group pauses instead of losing reports):
   * every report written before it is kept, running trials go back to `created`, and the
   * group continues when it runs again. Any other error is a bug: the group fails with it.
   */
  private fault(e: unknown): void {
    if (isStoreError(e)) {
      this.haltGroup('paused', `Paused by a storage error: ${errorText(e)}. Every report saved before it is kept; resume once storage works again.`);
    } else {
      this.haltGroup('failed', `Internal error: ${errorText(e)}`);
    }
  }

  /**
   * Rebuilds the history from the store, so a reopened group continues (trials cut short
   * are re-run). A finished trial's record holds its final metrics, so only unfinished
   * trials' reports are read — unless per-report rules (policies) need everyone's curves.
   */
  private async load(): Promise<void> {
    const trials = await this.deps.store.listTrials(this.group.id);
    if (trials.length === 0) return;
    const unfinished = trials.filter((t) => !TRIAL_DONE.has(t.status));
    const reports =
      (this.deps.rules?.length ?? 0) > 0
        ? await this.deps.store.listReports(this.group.id)
        : (await Promise.all(unfinished.map((t) => this.deps.store.listReports(this.group.id, t.number)))).flat();
    for (const r of reports) this.history.addReport(r.trial, { step: r.step, values: r.values, time: r.time });
    for (const t of trials) {
      if (TRIAL_DONE.has(t.status) && this.history.reports(t.number).length === 0) {
        this.history.set(t);
        continue;
      }
      // Reports are written one by one and the trial record less often, so the reports are
      // the truth about how far a trial got.
      const reports = this.history.reports(t.number);
      const last = reports.at(-1)?.step;
      const record = { ...t, metrics: summarizeAll(reports), ...(last !== undefined && { step: last }) };
      this.history.set(record);
      if (!TRIAL_DONE.has(t.status)) this.interrupted.push(record);
    }
  }

  /** Starts trials while a slot is free and the algorithm has one. */
  private async fill(): Promise<void> {
    // Trials a pause or a crash interrupted are started again first: from their own
    // checkpoint when a pause left one, else from the start (or their parent's checkpoint).
    while (this.interrupted.length > 0) {
      if (this.running.size >= this.group.concurrency || this.halt) return;
      const t = this.interrupted.shift()!;
      const own = t.step !== undefined ? await this.deps.store.getCheckpoint(this.group.id, t.number) : undefined;
      const checkpoint = own ?? (t.resumeFrom !== undefined ? await this.deps.store.getCheckpoint(this.group.id, t.resumeFrom) : undefined);
      // Steps already stored beyond the checkpoint (a pause, then a crash later) are not stored again.
      const skip = t.step !== undefined && (own?.step ?? -Infinity) < t.step ? t.step : undefined;
      await this.start(t, checkpoint, skip);
    }
    while (this.running.size < this.group.concurrency && !this.halt && !this.pendingOnly) {
      const s: Suggestion = await this.deps.algorithm.ask(this.history);
      if (this.halt || this.pendingOnly) return;
      if (s.kind === 'wait') {
        if (this.running.size === 0) this.haltGroup('failed', 'The search algorithm is waiting for trials, but none is running.');
        return;
      }
      if (s.kind === 'exhausted') {
        this.exhausted = s.reason ?? '';
        return;
      }
      if (s.kind === 'failed') {
        this.haltGroup('failed', s.message);
        return;
      }
      await this.create(s);
    }
  }

  private async create(s: Extract<Suggestion, { kind: 'trial' }>): Promise<void> {
    const number = this.history.trials.length;
    const events: TrialEvent[] = s.note ? [{ time: this.now(), kind: 'note', message: s.note }] : [];
    const record: TrialRecord = {
      groupId: this.group.id,
      number,
      // spec §4: the group's `params` win over the matrix (D7: `check` warns about clashes).
      params: { ...s.params, ...this.spec.params },
      status: 'created',
      seed: trialSeed(this.group.seed, number),
      createdAt: this.now(),
      metrics: {},
      ...(s.resource !== undefined && { resource: s.resource }),
      ...(s.parent !== undefined && { parent: s.parent }),
      ...(s.resume && s.parent !== undefined && { resumeFrom: s.parent }),
      ...(s.tags && { tags: s.tags }),
      ...(events.length > 0 && { events }),
    };
    this.history.set(record);
    const checkpoint = s.resume && s.parent !== undefined ? await this.deps.store.getCheckpoint(this.group.id, s.parent) : undefined;
    await this.start(record, checkpoint);
  }

  private async start(trial: TrialRecord, checkpoint?: Checkpoint, skipUntil?: number): Promise<void> {
    const record: TrialRecord = { ...trial, status: 'running', startedAt: trial.startedAt ?? this.now() };
    await this.putTrial(record);
    const entry: Running = { record, signal: new AbortFlag(), done: Promise.resolve(), ...(skipUntil !== undefined && { skipUntil }) };
    this.running.set(record.number, entry);
    // A stop or pause that arrived while the record was being written applies to this trial too.
    if (this.halt) this.applyHalt(entry);
    entry.done = this.execute(entry, checkpoint).finally(() => this.running.delete(record.number));
  }

  private async execute(entry: Running, checkpoint: Checkpoint | undefined): Promise<void> {
    const t = entry.record;
    let outcome: TrialOutcome;
    try {
      outcome = await this.deps.runner.run(
        {
          groupId: this.group.id,
          trial: t.number,
          params: t.params,
          seed: t.seed,
          groupSeed: this.group.seed,
          run: this.spec.run!,
          ...(checkpoint && { checkpoint }),
        },
        (r) => this.onReport(entry, r),
        entry.signal,
      );
    } catch (e) {
      // A report that could not be stored surfaces here through the runner: a storage fault.
      if (isStoreError(e)) this.fault(e);
      outcome = { kind: 'failed', name: 'RunnerError', message: errorText(e) };
    }
    try {
      await this.settle(entry, outcome);
    } catch (e) {
      this.fault(e);
    }
  }

  private async onReport(entry: Running, r: TrialReport): Promise<Decision> {
    if (entry.forced || entry.signal.aborted) return 'stop';
    const bad = Object.entries(r.values).find(([, v]) => typeof v !== 'number' || !Number.isFinite(v));
    if (bad || !Number.isFinite(r.step)) {
      entry.forced = {
        status: 'failed',
        message: bad ? `metric ${bad[0]} is not a finite number at step ${r.step}: ${String(bad[1])}` : `step is not a finite number: ${r.step}`,
      };
      return 'stop';
    }
    if (entry.skipUntil !== undefined && r.step <= entry.skipUntil) return entry.pausing ? 'pause' : 'continue';
    const report: MetricReport = { step: r.step, values: { ...r.values }, time: this.now() };
    // Every report is committed before the decision based on it is acted upon (DESIGN.md, Persistence).
    try {
      await this.deps.store.addReports(this.group.id, entry.record.number, [report]);
    } catch (e) {
      this.fault(e);
      return 'stop';
    }
    this.history.addReport(entry.record.number, report);
    entry.record = { ...entry.record, metrics: summarize(entry.record.metrics, report), step: report.step };
    this.history.set(entry.record);
    this.deps.observer?.report?.(entry.record.number, report);

    // D24: group-level thresholds at every report.
    const hit = thresholdReached(this.spec.hptuning.earlyStopping, entry.record.metrics);
    // The threshold is acted on even while pausing (a stop overrides a pause), so a paused and
    // resumed group stops exactly where a straight run does.
    if (hit && (!this.halt || this.halt.status === 'paused')) {
      entry.forced = { status: 'stopped', message: `Reached the early-stopping threshold: ${hit}` };
      this.haltGroup('stopped', `Early stopping: trial ${entry.record.number} reached ${hit}`);
    }
    if (entry.pausing && !entry.forced) return 'pause';
    if (this.halt) return 'stop';

    const verdict = this.verdict(entry.record, report);
    if (verdict.decision !== 'continue') {
      const message = verdict.reason ?? `stopped by ${this.deps.algorithm.name}`;
      entry.forced = { status: 'stopped', message };
      entry.record = addEvent(entry.record, { time: report.time, kind: 'pruned', message });
      this.history.set(entry.record);
    }
    return verdict.decision;
  }

  private verdict(trial: TrialRecord, report: MetricReport): Verdict {
    const own = this.deps.algorithm.onReport?.(trial, report, this.history) ?? CONTINUE;
    if (own.decision !== 'continue') return own;
    for (const rule of this.deps.rules ?? []) {
      const v = rule(trial, report, this.history);
      if (v.decision !== 'continue') return v;
    }
    return CONTINUE;
  }

  private async settle(entry: Running, outcome: TrialOutcome): Promise<void> {
    let status: TrialStatus;
    let message: string | undefined;
    // Paused by the user (the runner answered `pause`), or cut short by a storage fault.
    const paused =
      !entry.forced &&
      outcome.kind === 'halted' &&
      ((entry.pausing && outcome.decision === 'pause') || this.halt?.status === 'paused');
    if (paused) {
      // Back to created: the group continues this trial from its checkpoint when it runs again.
      if (outcome.checkpoint) await this.deps.store.putCheckpoint(this.group.id, entry.record.number, outcome.checkpoint);
      const at = entry.record.step === undefined ? 'before its first report' : `at step ${entry.record.step}`;
      const record = addEvent(
        { ...this.history.trials[entry.record.number]!, status: 'created' },
        { time: this.now(), kind: 'note', message: `paused ${at}${outcome.checkpoint ? ', checkpoint kept' : ''}` },
      );
      this.interrupted.push(record);
      await this.putTrial(record);
      return;
    }
    if (entry.forced) ({ status, message } = entry.forced);
    else if (outcome.kind === 'completed') status = 'succeeded';
    else if (outcome.kind === 'halted') [status, message] = ['stopped', `halted (${outcome.decision})`];
    else [status, message] = ['failed', `${outcome.name}: ${outcome.message}`];

    if (outcome.kind !== 'failed' && outcome.checkpoint && this.deps.keepCheckpoints) {
      await this.deps.store.putCheckpoint(this.group.id, entry.record.number, outcome.checkpoint);
    }
    const backend = outcome.kind !== 'failed' ? outcome.backend : undefined;
    let record = this.history.trials[entry.record.number] ?? entry.record;
    if (!canMoveTrial(record.status, status)) return;
    record = {
      ...record,
      status,
      finishedAt: this.now(),
      ...(message !== undefined && { message }),
      ...(backend !== undefined && { backend }),
    };
    if (status === 'failed' && message) record = addEvent(record, { time: this.now(), kind: 'failed', message });
    await this.putTrial(record);
  }

  /** Ends the group with `status` after the running trials stop (early stopping, user stop, failure). */
  private haltGroup(status: GroupStatus, message: string): void {
    // A stop or a failure overrides a pause; nothing overrides a stop, a failure or the first pause.
    if (this.halt && (this.halt.status !== 'paused' || status === 'paused')) return;
    this.halt = { status, message };
    for (const r of this.running.values()) this.applyHalt(r);
    this.wake?.();
  }

  /** What a halt means for one running trial: stopped (or, for a paused group, interrupted) and aborted. */
  private applyHalt(r: Running): void {
    const { status, message } = this.halt!;
    if (status === 'paused' && message === PAUSED_BY_USER) {
      r.pausing = true; // cooperative: the trial hands back a checkpoint at its next report
      return;
    }
    // A paused group's trials are interrupted, not stopped: they run again on resume.
    if (status !== 'paused') r.forced ??= { status: 'stopped', message: message.startsWith('Early stopping') ? 'Early stopping' : message };
    r.signal.abort();
  }

  private async putTrial(record: TrialRecord): Promise<void> {
    this.history.set(record);
    await this.deps.store.putTrial(record);
    this.deps.observer?.trial?.(record);
  }

  private async setGroup(status: GroupStatus, patch: Partial<GroupRecord> = {}): Promise<GroupRecord> {
    if (!canMoveGroup(this.group.status, status)) return this.group;
    this.group = { ...this.group, ...patch, status };
    try {
      await this.deps.store.putGroup(this.group);
    } finally {
      // Observers learn the status even when storage refused it (e.g. the quota was reached).
      this.deps.observer?.group?.(this.group);
    }
    return this.group;
  }

  private async finish(status: GroupStatus, message: string | undefined): Promise<GroupRecord> {
    const patch: Partial<GroupRecord> = status === 'paused' ? {} : { finishedAt: this.now() };
    if (message) Object.assign(patch, { message });
    try {
      return await this.setGroup(status, patch);
    } catch {
      // The final status could not be stored; the group record in memory (and the observers) have it.
      return this.group;
    }
  }
}

function addEvent(t: TrialRecord, e: TrialEvent): TrialRecord {
  return { ...t, events: [...(t.events ?? []), e] };
}

/** Store implementations that need a platform API throw errors named `StoreError` (src/store/errors.ts). */
function isStoreError(e: unknown): boolean {
  return e instanceof Error && e.name === 'StoreError';
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
