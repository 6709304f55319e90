/**
 * One driver per group across tabs (docs/architecture.md, "Persistence": "two tabs
 * must not drive the same group at once"). A tab drives a group only while it holds the
 * Web Lock `hptune-group-<id>`; the lock is released when the run ends or the tab closes.
 *
 * - start(): take the lock if it is free and run the group here; false if another tab has it.
 * - adopt(): queue for the lock; when granted, continue the group if it is still `running`
 *   (resume after a reload or crash; take-over when the driving tab closes).
 * - commands for a group another tab drives are forwarded to it over the feed's channel.
 */
import type { Engine, GroupRecord, RunOptions } from '../../engine/index.ts';
import type { GroupCommand } from '../components/events.ts';
import type { LiveFeed } from './feed.ts';

export const lockName = (groupId: string) => `hptune-group-${groupId}`;

/** Statuses in which a group is being driven by some tab (or was, until it crashed). */
export const DRIVEN: ReadonlySet<string> = new Set(['running', 'stopping']);

interface LockManagerLike {
  request(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<unknown>): Promise<unknown>;
}

export class GroupDrivers {
  private readonly driving = new Set<string>();
  private readonly waiting = new Set<string>();
  private readonly locks: LockManagerLike | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly feed: LiveFeed,
    private readonly onRunError: (groupId: string, error: unknown) => void,
    locks: LockManagerLike | undefined = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks,
  ) {
    this.locks = locks;
    feed.onCommand((groupId, command) => {
      if (this.driving.has(groupId)) this.apply(groupId, command);
    });
    // Another tab started or resumed a group: queue for it, to take over if that tab closes.
    feed.subscribe((e, remote) => {
      if (remote && e.type === 'group' && DRIVEN.has(e.group.status)) this.adopt(e.group.id);
    });
  }

  /** True while this tab runs the group. */
  drives(groupId: string): boolean {
    return this.driving.has(groupId);
  }

  /**
   * Starts or resumes a group here unless another tab drives it; resolves once decided.
   * `continueAnyway` runs a group that met its early-stopping threshold again, past it.
   */
  start(groupId: string, opts: Pick<RunOptions, 'continueAnyway'> = {}): Promise<boolean> {
    if (this.driving.has(groupId)) return Promise.resolve(true);
    if (!this.locks) {
      void this.runHere(groupId, opts);
      return Promise.resolve(true);
    }
    return new Promise<boolean>((decided, refused) => {
      this.locks!.request(lockName(groupId), { ifAvailable: true }, async (lock) => {
        if (!lock) return decided(false);
        decided(true);
        await this.runHere(groupId, opts);
      }).catch(refused); // a refused lock request must not leave Start waiting forever
    });
  }

  /** Queues for the group's lock; once granted, continues the group if it is still running. */
  adopt(groupId: string): void {
    if (this.waiting.has(groupId) || this.driving.has(groupId)) return;
    this.waiting.add(groupId);
    const take = async () => {
      this.waiting.delete(groupId);
      const g = await this.engine.group(groupId);
      if (g && DRIVEN.has(g.status)) await this.runHere(groupId);
    };
    if (!this.locks) void take();
    else void this.locks.request(lockName(groupId), {}, take);
  }

  /** Continues every group a closed tab or a reload left `running`. */
  adoptInterrupted(groups: readonly GroupRecord[]): void {
    for (const g of groups) if (DRIVEN.has(g.status)) this.adopt(g.id);
  }

  /** pause / stop / stop-pending: applied here when this tab drives the group, else forwarded. */
  command(groupId: string, command: GroupCommand): void {
    if (this.driving.has(groupId)) this.apply(groupId, command);
    else this.feed.sendCommand(groupId, command);
  }

  private apply(groupId: string, command: GroupCommand): void {
    if (command === 'pause') this.engine.pause(groupId);
    else if (command === 'stop') this.engine.stop(groupId, 'Stopped by user');
    else if (command === 'stop-pending') this.engine.stopPending(groupId);
  }

  private async runHere(groupId: string, opts: Pick<RunOptions, 'continueAnyway'> = {}): Promise<void> {
    this.driving.add(groupId);
    try {
      await this.engine.run(groupId, opts);
    } catch (e) {
      this.onRunError(groupId, e);
    } finally {
      this.driving.delete(groupId);
    }
  }
}
