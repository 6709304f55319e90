/**
 * The live feed the views subscribe to: this tab's engine events, the same events from
 * other tabs (BroadcastChannel: a tab that does not drive a group still
 * shows it live), and `groups` when the list changed (created, deleted, imported).
 * Commands for a group another tab drives travel on the same channel (drivers.ts).
 */
import type { Engine, EngineEvent } from '../../engine/index.ts';
import type { GroupCommand } from '../components/events.ts';

export type FeedEvent = EngineEvent | { readonly type: 'groups' };

/** What crosses the channel between tabs of one origin. */
export type ChannelMessage =
  | { readonly kind: 'event'; readonly event: FeedEvent }
  | { readonly kind: 'command'; readonly groupId: string; readonly command: GroupCommand };

export const CHANNEL_NAME = 'hptune-events';

export class LiveFeed {
  private readonly listeners = new Set<(e: FeedEvent, remote: boolean) => void>();
  private readonly commandListeners = new Set<(groupId: string, command: GroupCommand) => void>();
  private readonly channel: BroadcastChannel | undefined;

  constructor(engine: Engine, channelName: string = CHANNEL_NAME) {
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(channelName) : undefined;
    this.channel?.addEventListener('message', (m: MessageEvent<ChannelMessage>) => {
      const data = m.data;
      if (data?.kind === 'event') this.deliver(data.event, true);
      else if (data?.kind === 'command') for (const l of this.commandListeners) l(data.groupId, data.command);
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
  }

  private deliver(event: FeedEvent, remote: boolean): void {
    for (const l of this.listeners) l(event, remote);
  }
}
