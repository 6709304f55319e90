/**
 * The engine facade: the one object the UI and the CLI call (docs/architecture.md, "Layers").
 * Composition roots give it a Store and a TrialRunner; it parses specs, creates groups
 * (recording the seed actually used, docs/differences.md, "Seed 0 is a seed, and every group has one") and drives them with a GroupDriver.
 */
import type { ParseResult, SpecIssue } from './spec/types.ts';
import type { GroupRecord, Store, StoredReport } from './store/store.ts';
import type { TrialRunner } from './runner.ts';
import type { MetricReport, TrialRecord } from './types.ts';
import { parseSpec } from './parse-spec.ts';
import { drawGroupSeed } from './rng.ts';
import { GroupDriver, type DriverObserver, type ReportRule } from './group/driver.ts';
import { reduce } from './group/reduce.ts';
import { loadState } from './group/replay.ts';
import { Watching, type WatchOptions } from './watching.ts';
import type { GroupSnapshot, SnapshotListener } from './group/snapshot.ts';
import { createAlgorithm, needsCheckpoints, type AlgorithmOptions } from './create-algorithm.ts';
import { evaluatePolicies } from './schedulers/stopping/policies.ts';
import { finalStep } from './schedulers/stopping/final-step.ts';
import { freshGroupId } from './group-id.ts';
import { exportGroupFile, exportTrialsCsv, importGroupFile, type GroupFile, type GroupFileOptions, type ImportFileResult } from './export/group-file.ts';

export interface EngineDeps {
  readonly store: Store;
  readonly runner: TrialRunner;
  readonly now?: () => number;
}

export interface CreateOptions {
  readonly name?: string;
  /** Overrides `hptuning.seed`. */
  readonly seed?: number;
  /** Overrides `hptuning.concurrency`. */
  readonly concurrency?: number;
  /** Group id; by default derived from the creation time and the seed. */
  readonly id?: string;
}

export type CreateResult =
  | { readonly ok: true; readonly group: GroupRecord; readonly warnings: readonly SpecIssue[] }
  | { readonly ok: false; readonly issues: readonly SpecIssue[] };

/** What the engine pushes to subscribers (the UI's live views) while groups run. */
export type EngineEvent =
  | { readonly type: 'group'; readonly group: GroupRecord }
  | { readonly type: 'trial'; readonly trial: TrialRecord }
  | { readonly type: 'report'; readonly groupId: string; readonly trial: number; readonly report: MetricReport };

export interface RunOptions {
  readonly observer?: DriverObserver;
  readonly algorithm?: AlgorithmOptions;
  /**
   * Run a group that met an early-stopping threshold again, past it: the thresholds are
   * not applied in this run. Without it, `run` on such a group ends at once, with the reason.
   */
  readonly continueAnyway?: boolean;
}

export class Engine {
  private readonly drivers = new Map<string, GroupDriver>();
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  /** Groups whose driver is being built, with the commands that arrived meanwhile. */
  private readonly starting = new Map<string, ((d: GroupDriver) => void)[]>();
  private readonly now: () => number;
  private readonly watching: Watching;
  /** Ids this engine gave to groups it created, so two creates at once never share one. */
  private readonly handedOut = new Set<string>();

  constructor(private readonly deps: EngineDeps) {
    this.now = deps.now ?? Date.now;
    this.watching = new Watching(
      deps.store,
      this.now,
      (id) => this.drivers.get(id)?.algorithm,
      (id) => this.drivers.get(id)?.current,
    );
  }

  check(source: string): ParseResult {
    return parseSpec(source);
  }

  async create(source: string, opts: CreateOptions = {}): Promise<CreateResult> {
    const parsed = parseSpec(source);
    if (!parsed.ok) return { ok: false, issues: parsed.issues };
    const { spec } = parsed;
    const createdAt = this.now();
    const seed = opts.seed ?? spec.hptuning.seed ?? drawGroupSeed(createdAt);
    const group: GroupRecord = {
      id: opts.id ?? (await freshGroupId(this.deps.store, createdAt, seed, this.handedOut)),
      name: opts.name ?? spec.name ?? `${spec.hptuning.algorithm.kind} group`,
      source,
      seed,
      concurrency: opts.concurrency ?? spec.hptuning.concurrency,
      algorithm: spec.hptuning.algorithm.kind,
      status: 'created',
      createdAt,
    };
    await this.deps.store.putGroup(group);
    return { ok: true, group, warnings: parsed.warnings };
  }

  /** Drives a group until it ends. A group runs at most once at a time. */
  async run(groupId: string, opts: RunOptions = {}): Promise<GroupRecord> {
    if (this.drivers.has(groupId) || this.starting.has(groupId)) throw new Error(`group ${groupId} is already running`);
    // Reserved before the first await, so two overlapping calls cannot both drive the group;
    // a stop or pause asked for meanwhile is applied as soon as the driver exists.
    this.starting.set(groupId, []);
    let driver: GroupDriver | undefined;
    try {
      driver = await this.prepare(groupId, opts);
    } catch (e) {
      this.starting.delete(groupId);
      throw e;
    }
    const early = this.starting.get(groupId) ?? [];
    this.starting.delete(groupId);
    if (!driver) return (await this.deps.store.getGroup(groupId))!; // met its threshold: ends at once
    this.drivers.set(groupId, driver);
    for (const command of early) command(driver);
    try {
      return await driver.run();
    } finally {
      this.drivers.delete(groupId);
      this.watching.changed(groupId, driver.current, false, []);
    }
  }

  /** The group's driver, or undefined when the group met its threshold and the caller did not continue anyway. */
  private async prepare(groupId: string, opts: RunOptions): Promise<GroupDriver | undefined> {
    const group = await this.deps.store.getGroup(groupId);
    if (!group) throw new Error(`no group ${groupId}`);
    if (group.status === 'stopped' && group.ended?.kind === 'threshold' && !opts.continueAnyway) return undefined;
    const parsed = parseSpec(group.source);
    if (!parsed.ok) throw new Error(`group ${groupId} has an invalid spec: ${parsed.issues[0]?.message}`);
    const { spec } = parsed;
    const items = spec.hptuning.earlyStopping;
    const rules: ReportRule[] = items.some((i) => i.policy) ? [(t, r, h) => evaluatePolicies(items, t, r, h, finalStep(spec, t))] : [];
    const algorithm = createAlgorithm(spec, group.seed, opts.algorithm);
    const outer = opts.observer;
    return new GroupDriver(group, spec, {
      store: this.deps.store,
      runner: this.deps.runner,
      algorithm,
      rules,
      keepCheckpoints: needsCheckpoints(spec),
      ignoreThresholds: opts.continueAnyway === true,
      now: this.now,
      onState: (state, trials) => this.watching.changed(groupId, state, true, trials),
      observer: {
        group: (g) => (outer?.group?.(g), this.emit({ type: 'group', group: g })),
        trial: (t) => (outer?.trial?.(t), this.emit({ type: 'trial', trial: t })),
        report: (n, r) => (outer?.report?.(n, r), this.emit({ type: 'report', groupId, trial: n, report: r })),
      },
    });
  }

  /** Applies a command to the group's driver, or queues it while the driver is being built. */
  private command(groupId: string, apply: (d: GroupDriver) => void): boolean {
    const d = this.drivers.get(groupId);
    if (d) {
      apply(d);
      return true;
    }
    const queued = this.starting.get(groupId);
    queued?.push(apply);
    return queued !== undefined;
  }

  /** Stops a running group (docs/hptuning.md, "Stopping, pausing and resuming"): running trials are stopped, the group ends `stopped`. */
  stop(groupId: string, message?: string): boolean {
    return this.command(groupId, (d) => d.stop(message));
  }

  /**
   * Stops a group no driver is running (a paused one: paused → stopped, docs/hptuning.md, "Group statuses"): its
   * pending trials become `stopped` and so does the group. Returns the new record, or
   * undefined when the group is running here or cannot be stopped.
   */
  async stopIdle(groupId: string, message = 'Stopped by user'): Promise<GroupRecord | undefined> {
    if (this.isRunning(groupId)) return undefined;
    const group = await this.deps.store.getGroup(groupId);
    if (this.isRunning(groupId)) return undefined; // started while reading
    if (!group) return undefined;
    // The same state machine as a live run: the stop, then the end, which stops the waiting trials.
    const before = await loadState(this.deps.store, group, true);
    const now = this.now();
    const after = reduce(reduce(before, { type: 'stop', time: now, kind: 'user-stop', message }), { type: 'group-ended', time: now });
    if (after.group === before.group || this.isRunning(groupId)) return undefined;
    for (const n of before.interrupted) {
      const trial = after.trials.get(n)!;
      await this.deps.store.putTrial(trial);
      this.emit({ type: 'trial', trial });
    }
    await this.deps.store.putGroup(after.group);
    this.emit({ type: 'group', group: after.group });
    this.watching.changed(groupId, after, false);
    return after.group;
  }

  /**
   * Calls `listener` with the group's snapshot at once (read from the store when this engine
   * does not run the group) and after every change, at most once per macrotask. Snapshots are
   * immutable. Returns the unsubscribe function.
   */
  watch(groupId: string, listener: SnapshotListener, opts?: WatchOptions): () => void {
    return this.watching.watch(groupId, listener, opts);
  }

  /** The group's snapshot now (undefined when there is no such group). */
  snapshot(groupId: string): Promise<GroupSnapshot | undefined> {
    return this.watching.load(groupId);
  }

  /** Re-reads a group this engine does not run and publishes it to its watchers (another tab changed it). */
  refresh(groupId: string): Promise<void> {
    return this.watching.refresh(groupId);
  }

  /** Pauses a running group: running trials hand back checkpoints; `run` continues it later. */
  pause(groupId: string): boolean {
    return this.command(groupId, (d) => d.pause());
  }

  /** Live events of every group this engine runs; returns the unsubscribe function. */
  subscribe(listener: (e: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: EngineEvent): void {
    for (const l of this.listeners) l(e);
  }

  /** Stops pending trials only (docs/differences.md, "Stop pending lets running trials finish"). */
  stopPending(groupId: string): boolean {
    return this.command(groupId, (d) => d.stopPending());
  }

  isRunning(groupId: string): boolean {
    return this.drivers.has(groupId) || this.starting.has(groupId);
  }

  group(groupId: string): Promise<GroupRecord | undefined> {
    return this.deps.store.getGroup(groupId);
  }
  groups(): Promise<readonly GroupRecord[]> {
    return this.deps.store.listGroups();
  }
  trials(groupId: string): Promise<readonly TrialRecord[]> {
    return this.deps.store.listTrials(groupId);
  }
  reports(groupId: string, trial?: number): Promise<readonly StoredReport[]> {
    return this.deps.store.listReports(groupId, trial);
  }

  /**
   * Deletes a group with its trials, reports and checkpoints; a group running here must be
   * stopped first. Its watchers' `gone` is called (engine.watch).
   */
  async deleteGroup(groupId: string): Promise<void> {
    if (this.isRunning(groupId)) throw new Error(`group ${groupId} is running: stop or pause it before deleting it`);
    await this.deps.store.deleteGroup(groupId);
    this.watching.gone(groupId);
  }
  /** The group's export file (JSON text and object), as `hptune show` and the app's import read it. */
  exportGroup(groupId: string, opts?: GroupFileOptions): Promise<GroupFile> {
    return exportGroupFile(this.deps.store, groupId, opts);
  }
  /** The group's trials as CSV. */
  exportTrialsCsv(groupId: string): Promise<{ readonly text: string; readonly fileName: string }> {
    return exportTrialsCsv(this.deps.store, groupId);
  }
  /**
   * Imports an export file's text; writes nothing unless it is valid and consistent (a taken
   * id imports as a copy). Watchers of the new group's id get its snapshot.
   */
  async importGroup(fileText: string): Promise<ImportFileResult> {
    const result = await importGroupFile(this.deps.store, fileText, this.now());
    if (result.ok) await this.watching.refresh(result.group.id);
    return result;
  }
}
