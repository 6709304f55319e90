/** A minimal abort signal (the engine compiles without DOM types, and only needs this much). */
import type { AbortSignalLike } from '../runner.ts';

export class AbortFlag implements AbortSignalLike {
  aborted = false;
  private listeners: (() => void)[] = [];
  addEventListener(_type: 'abort', listener: () => void): void {
    this.listeners.push(listener);
  }
  removeEventListener(_type: 'abort', listener: () => void): void {
    this.listeners = this.listeners.filter((l) => l !== listener);
  }
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    for (const l of this.listeners) l();
    this.listeners = [];
  }
}
