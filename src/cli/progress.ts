/** A one-line progress bar on stderr (only when it is a terminal). */
import { TRIAL_DONE, type DriverObserver, type TrialRecord } from '../engine/index.ts';
import type { Io } from './main.ts';

export class Progress {
  private done = 0;
  private running = 0;
  private readonly started = Date.now();
  private lastDraw = 0;

  constructor(
    private readonly planned: number,
    private readonly io: Io,
  ) {}

  observer(): DriverObserver {
    return { trial: (t) => this.update(t) };
  }

  private update(t: TrialRecord): void {
    if (t.status === 'running') this.running += 1;
    else if (TRIAL_DONE.has(t.status)) [this.done, this.running] = [this.done + 1, Math.max(0, this.running - 1)];
    const now = Date.now();
    if (now - this.lastDraw < 100 && this.done < this.planned) return;
    this.lastDraw = now;
    const total = Math.max(this.planned, this.done + this.running);
    const width = 30;
    const filled = total > 0 ? Math.round((width * this.done) / total) : 0;
    const secs = ((now - this.started) / 1000).toFixed(1);
    this.io.progress(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${total} trials, ${this.running} running, ${secs}s`);
  }

  end(): void {
    this.io.progress('');
  }
}
