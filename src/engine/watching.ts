/**
 * `engine.watch` behind the facade: the spec-derived context of a group's snapshots (its
 * metric, the planned number of trials, the algorithm that explains itself) and the hub
 * that publishes them. A group this engine does not run is read from the store and
 * replayed through the same `reduce` as a live run (group/replay.ts).
 */
import type { GroupRecord, Store, StoredReport } from './store/store.ts';
import type { TrialRecord } from './types.ts';
import type { SearchAlgorithm } from './algorithm.ts';
import type { GroupSnapshot, SnapshotListener } from './group/snapshot.ts';
import type { GroupState } from './group/state.ts';
import type { SnapshotContext } from './group/snapshot-build.ts';
import { parseSpec } from './spec/parse.ts';
import { planGroup } from './plan.ts';
import { createAlgorithm } from './create-algorithm.ts';
import { groupMetric } from './group/metric.ts';
import { buildSnapshot } from './group/snapshot-build.ts';
import { SnapshotHub } from './group/watch.ts';
import { loadState, replay } from './group/replay.ts';

type Context = Omit<SnapshotContext, 'version' | 'live' | 'now'>;

export interface WatchOptions {
  /** Read the reports of a group not running here (default true); false for a list of groups. */
  readonly reports?: boolean;
  /**
   * Called when the group does not exist: at once when there is no such group, and when it
   * is deleted (by this engine, or found gone by `refresh`, e.g. another tab deleted it). The
   * watch stays: a group imported later under the same id is published to it.
   */
  readonly gone?: () => void;
}

export class Watching {
  private readonly hub = new SnapshotHub((state, live, version, changed) => this.snapshot(state, live, version, changed));
  private readonly contexts = new Map<string, { readonly source: string; readonly ctx: Context }>();
  /** Per group, how many watchers want the reports (learning curves) of a group read from the store. */
  private readonly curves = new Map<string, number>();
  /** Per group, the watchers' `gone` callbacks. */
  private readonly goneListeners = new Map<string, Set<() => void>>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    /** The algorithm driving a group in this engine (its `inspect` sees the live model), if any. */
    private readonly liveAlgorithm: (groupId: string) => SearchAlgorithm | undefined,
    /** The state of a group this engine drives, if any. */
    private readonly liveState: (groupId: string) => GroupState | undefined,
  ) {}

  /**
   * Calls `listener` with the group's snapshot now (or once read from the store) and after
   * every change. With `reports: false`, a group read from the store comes without its
   * reports (`snapshot.reports(n)` is empty; the summaries are there): enough for a list.
   */
  watch(groupId: string, listener: SnapshotListener, opts: WatchOptions = {}): () => void {
    let active = true;
    const curves = opts.reports !== false;
    if (curves) this.curves.set(groupId, (this.curves.get(groupId) ?? 0) + 1);
    const remove = this.hub.add(groupId, listener);
    const gone = opts.gone && (() => active && opts.gone!());
    if (gone) {
      let set = this.goneListeners.get(groupId);
      if (!set) this.goneListeners.set(groupId, (set = new Set()));
      set.add(gone);
    }
    const live = this.liveState(groupId);
    if (live) listener(this.hub.now(groupId, live, true));
    else {
      void this.read(groupId, curves).then((state) => {
        // A live snapshot may have been published meanwhile; the first one must not be older.
        if (!active || this.liveState(groupId)) return;
        if (state) listener(this.hub.now(groupId, state, false));
        else gone?.();
      });
    }
    return () => {
      if (active && curves) this.curves.set(groupId, this.curves.get(groupId)! - 1);
      active = false;
      remove();
      if (gone) this.goneListeners.get(groupId)?.delete(gone);
      if (this.goneListeners.get(groupId)?.size === 0) this.goneListeners.delete(groupId);
    };
  }

  /** A group's state changed (live, or written by the engine while idle); `trials`: the ones it touched, when known. */
  changed(groupId: string, state: GroupState, live: boolean, trials?: readonly number[]): void {
    this.hub.changed(groupId, state, live, trials);
  }

  /** Re-reads an idle group from the store and publishes it (e.g. another tab changed it). */
  async refresh(groupId: string): Promise<void> {
    if (!this.hub.watched(groupId) || this.liveState(groupId)) return;
    const state = await this.read(groupId, (this.curves.get(groupId) ?? 0) > 0);
    if (state) this.hub.changed(groupId, state, false);
    else this.gone(groupId);
  }

  /** The group no longer exists: a snapshot still pending for it is dropped, its watchers are told. */
  gone(groupId: string): void {
    this.hub.drop(groupId);
    for (const l of [...(this.goneListeners.get(groupId) ?? [])]) {
      try {
        l();
      } catch {
        // A watcher's error must not stop the others.
      }
    }
  }

  /** The snapshot of a group read from the store (undefined when there is no such group). */
  async load(groupId: string): Promise<GroupSnapshot | undefined> {
    const live = this.liveState(groupId);
    if (live) return this.hub.now(groupId, live, true);
    const state = await this.read(groupId);
    return state && this.hub.now(groupId, state, false);
  }

  private async read(groupId: string, reports = true): Promise<GroupState | undefined> {
    const group = await this.store.getGroup(groupId);
    return group && loadState(this.store, group, false, reports);
  }

  private snapshot(state: GroupState, live: boolean, version: number, changed?: readonly number[]): GroupSnapshot {
    const ctx = this.context(state.group);
    const algorithm = (live && this.liveAlgorithm(state.group.id)) || ctx.algorithm;
    return buildSnapshot(state, { ...ctx, ...(algorithm && { algorithm }), ...(changed && { changed }), version, live, now: this.now() });
  }

  /** The spec-derived part, kept per group while its source is the same. */
  private context(group: GroupRecord): Context {
    const known = this.contexts.get(group.id);
    if (known?.source === group.source) return known.ctx;
    const ctx = contextOf(group);
    this.contexts.set(group.id, { source: group.source, ctx });
    return ctx;
  }
}

/** What a group's snapshots take from its spec: the metric, the planned trials, the algorithm that explains itself. */
function contextOf(group: GroupRecord): Context {
  const parsed = parseSpec(group.source);
  if (!parsed.ok) return {};
  const { spec } = parsed;
  let planned: number | undefined;
  let plannedUnits: number | undefined;
  try {
    const plan = planGroup(spec);
    planned = plan.algorithm === 'random' && plan.requested === null ? undefined : plan.trials;
    if ('resource_total' in plan && 'resume' in spec.hptuning.algorithm) {
      plannedUnits = spec.hptuning.algorithm.resume ? plan.resource_total_resume : plan.resource_total;
    }
  } catch {
    planned = undefined; // a plan that cannot be computed (the group fails when it runs)
  }
  const metric = groupMetric(spec);
  return {
    ...(metric && { metric }),
    ...(planned !== undefined && { planned }),
    ...(plannedUnits !== undefined && { plannedUnits }),
    algorithm: createAlgorithm(spec, group.seed),
  };
}

/** The snapshot of stored records (e.g. an export file), replayed like a reopened group. */
export function snapshotOf(group: GroupRecord, trials: readonly TrialRecord[], reports: readonly StoredReport[], now = Date.now()): GroupSnapshot {
  return buildSnapshot(replay(group, trials, reports), { ...contextOf(group), version: 0, live: false, now });
}
