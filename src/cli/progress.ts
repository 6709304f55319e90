/**
 * A one-line progress bar on stderr (only when it is a terminal), drawn from the engine's
 * group snapshots: done, planned, running, elapsed and the estimated time left all come
 * from the snapshot; nothing is counted here.
 */
import type { Engine, GroupSnapshot } from '../engine/index.ts';
import type { Io } from './main.ts';

/** Seconds, or minutes from two minutes on, to 4 significant digits. */
function duration(ms: number): string {
  const s = ms / 1000;
  return s < 120 ? `${Number(s.toPrecision(4))} s` : `${Number((s / 60).toPrecision(4))} min`;
}

export class Progress {
  private lastDraw = 0;

  constructor(private readonly io: Io) {}

  /** Draws every snapshot of the group (at most every 100 ms, and always the last); returns the unsubscribe function. */
  watch(engine: Engine, groupId: string): () => void {
    return engine.watch(groupId, (s) => this.draw(s));
  }

  private draw(s: GroupSnapshot): void {
    const { done, running, planned, elapsedMs, remainingMs } = s.progress;
    const now = Date.now();
    const total = planned ?? done + running;
    if (now - this.lastDraw < 100 && done < total) return;
    this.lastDraw = now;
    const width = 30;
    const filled = total > 0 ? Math.round((width * done) / total) : 0;
    const left = remainingMs === undefined ? '' : `, about ${duration(remainingMs)} left`;
    this.io.progress(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} trials, ${running} running, ${duration(elapsedMs)}${left}`);
  }

  end(): void {
    this.io.progress('');
  }
}
