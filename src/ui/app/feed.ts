/**
 * The live feed between tabs: this tab's engine events, the same events from other tabs
 * (BroadcastChannel), and `groups` when the list changed (created, deleted, imported).
 * Commands for a group another tab drives travel on the same channel (drivers.ts).
 *
 * Views render the engine's snapshots (`engine.watch`), never these events. An event from
 * another tab is a change notice: the driving tab has written the change to the shared
 * store before it sends it, so this tab's engine re-reads the group and publishes its
 * snapshot to the watchers here, replayed through the same reducer as a live run. The
 * re-reads of a group are spaced by at least FOLLOW_MS, and by four times the last one's
 * duration, so a big group followed from another tab costs this tab a bounded share of time.
 */
import type { Engine, EngineEvent } from '../../engine/index.ts';
import type { GroupCommand } from '../components/events.ts';

/** `groups`: the list changed; `groupId` names the group deleted or imported, so other tabs re-read it. */
export type FeedEvent = EngineEvent | { readonly type: 'groups'; readonly groupId?: string };

/** What crosses the channel between tabs of one origin. */
export type ChannelMessage =
  | { readonly kind: 'event'; readonly event: FeedEvent }
  | { readonly kind: 'command'; readonly groupId: string; readonly command: GroupCommand };

export const CHANNEL_NAME = 'hptune-events';

/** Shortest gap between two re-reads of a group another tab changes. */
export const FOLLOW_MS = 250;

/** The group an event is about, if any. */
function groupOf(e: FeedEvent): string | undefined {
  if (e.type === 'group') return e.group.id;
  if (e.type === 'trial') return e.trial.groupId;
  if (e.type === 'report') return e.groupId;
  return e.type === 'groups' ? e.groupId : undefined;
}

export class LiveFeed {
  private readonly listeners = new Set<(e: FeedEvent, remote: boolean) => void>();
  private readonly commandListeners = new Set<(groupId: string, command: GroupCommand) => void>();
  private readonly channel: BroadcastChannel | undefined;
  /** Groups another tab changed: the pending re-read, whether one runs, and the gap before the next. */
  private readonly following = new Map<string, { timer?: ReturnType<typeof setTimeout>; busy: boolean; again: boolean; gap: number }>();

  constructor(
    private readonly engine: Engine,
    channelName: string = CHANNEL_NAME,
  ) {
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(channelName) : undefined;
    this.channel?.addEventListener('message', (m: MessageEvent<ChannelMessage>) => {
      const data = m.data;
      if (data?.kind === 'event') {
        const id = groupOf(data.event);
        if (id !== undefined) this.follow(id);
        this.deliver(data.event, true);
      } else if (data?.kind === 'command') for (const l of this.commandListeners) l(data.groupId, data.command);
    });
    engine.subscribe((e) => this.publish(e));
  }

  /** Delivers an event here and to the other tabs. */
  publish(event: FeedEvent): void {
    this.deliver(event, false);
    this.channel?.postMessage({ kind: 'event', event } satisfies ChannelMessage);
  }

  /** Asks the tab that drives `groupId` to apply `command`. */
  sendCommand(groupId: string, command: GroupCommand): void {
    this.channel?.postMessage({ kind: 'command', groupId, command } satisfies ChannelMessage);
  }

  /** `remote` is true for events from another tab. Returns the unsubscribe function. */
  subscribe(listener: (e: FeedEvent, remote: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onCommand(listener: (groupId: string, command: GroupCommand) => void): () => void {
    this.commandListeners.add(listener);
    return () => this.commandListeners.delete(listener);
  }

  close(): void {
    this.channel?.close();
    for (const f of this.following.values()) clearTimeout(f.timer);
    this.following.clear();
  }

  /** Another tab changed the group: re-read it soon (the engine skips a group nobody here watches or one it drives). */
  private follow(groupId: string): void {
    let f = this.following.get(groupId);
    if (!f) this.following.set(groupId, (f = { busy: false, again: false, gap: FOLLOW_MS }));
    if (f.busy) f.again = true;
    else f.timer ??= setTimeout(() => void this.reread(groupId), f.gap);
  }

  private async reread(groupId: string): Promise<void> {
    const f = this.following.get(groupId);
    if (!f) return;
    f.timer = undefined;
    f.busy = true;
    const t0 = performance.now();
    try {
      await this.engine.refresh(groupId);
    } catch {
      // The group was deleted meanwhile, or storage failed: the next notice tries again.
    }
    f.gap = Math.max(FOLLOW_MS, 4 * (performance.now() - t0));
    f.busy = false;
    if (f.again) {
      f.again = false;
      this.follow(groupId);
    }
  }

  private deliver(event: FeedEvent, remote: boolean): void {
    for (const l of this.listeners) l(event, remote);
  }
}
