/**
 * Publishes group snapshots to watchers (`engine.watch`), coalesced: however many events a
 * group goes through within one macrotask, its watchers get one snapshot of the latest
 * state. Nothing is built for a group nobody watches, so an unwatched run pays nothing.
 */
import type { GroupSnapshot, SnapshotListener } from './snapshot.ts';
import type { GroupState } from './state.ts';

/** Builds the snapshot of a state (the engine supplies the spec-derived context). */
export type SnapshotBuilder = (state: GroupState, live: boolean, version: number, changed?: readonly number[]) => GroupSnapshot;

export class SnapshotHub {
  private readonly watchers = new Map<string, Set<SnapshotListener>>();
  private readonly versions = new Map<string, number>();
  private readonly pending = new Map<string, { state: GroupState; live: boolean; changed: Set<number> | undefined }>();
  private scheduled = false;

  constructor(private readonly build: SnapshotBuilder) {}

  watched(groupId: string): boolean {
    return (this.watchers.get(groupId)?.size ?? 0) > 0;
  }

  add(groupId: string, listener: SnapshotListener): () => void {
    let set = this.watchers.get(groupId);
    if (!set) this.watchers.set(groupId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.watchers.get(groupId) === set) this.watchers.delete(groupId);
    };
  }

  /** The snapshot of a state now, for one listener (a new watcher's first snapshot). */
  now(groupId: string, state: GroupState, live: boolean): GroupSnapshot {
    return this.build(state, live, this.versions.get(groupId) ?? 0);
  }

  /**
   * A group changed: its watchers get the latest state's snapshot at the end of this
   * macrotask, with the trials that changed since the last one (`trials`: those this change
   * touched; undefined when any may have changed, e.g. a group read again from the store).
   */
  changed(groupId: string, state: GroupState, live: boolean, trials?: readonly number[]): void {
    if (!this.watched(groupId)) return;
    const before = this.pending.get(groupId);
    let changed = before ? before.changed : new Set<number>();
    if (trials === undefined) changed = undefined;
    else for (const n of trials) changed?.add(n);
    this.pending.set(groupId, { state, live, changed });
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => this.flush(), 0);
  }

  /** Forgets a snapshot not yet published for the group (it was deleted). */
  drop(groupId: string): void {
    this.pending.delete(groupId);
  }

  private flush(): void {
    this.scheduled = false;
    const batch = [...this.pending];
    this.pending.clear();
    for (const [groupId, { state, live, changed }] of batch) {
      const listeners = this.watchers.get(groupId);
      if (!listeners) continue;
      const version = (this.versions.get(groupId) ?? 0) + 1;
      this.versions.set(groupId, version);
      const snapshot = this.build(state, live, version, changed && [...changed].sort((a, b) => a - b));
      for (const l of [...listeners]) {
        try {
          l(snapshot);
        } catch {
          // A watcher's error must not stop the others or the group.
        }
      }
    }
  }
}
