/**
 * Follows every job of a group with one `squeue` call per poll (docs/slurm.md, "How jobs
 * are followed"), not one per job: a controller serves many users. A job squeue no longer
 * lists (Slurm forgets ended jobs after MinJobAge) is looked up with `sacct`, or
 * `sacct --completion` on clusters without accounting.
 *
 * When the controller cannot be reached, the poll backs off (doubling up to `maxMs`) and
 * `onStatus` says so; trials keep waiting, none fails for it. The first answer after that
 * clears the status.
 */
import type { SlurmCommands } from './commands.ts';
import { hasEnded, parseStates, type JobState } from './states.ts';

export interface MonitorOptions {
  /** Between polls while the controller answers. */
  readonly pollMs: number;
  /** The longest wait between polls while it does not. */
  readonly maxMs: number;
  readonly onStatus: (message: string | undefined) => void;
}

export class SlurmMonitor {
  private readonly states = new Map<string, JobState | 'unknown'>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private polling: Promise<void> | undefined;
  private delay: number;
  private down = false;
  private closed = false;

  constructor(
    private readonly slurm: SlurmCommands,
    private readonly opts: MonitorOptions,
  ) {
    this.delay = opts.pollMs;
  }

  track(id: string): void {
    this.states.set(id, { id, state: 'PENDING', reason: '' });
    this.schedule();
  }

  untrack(id: string): void {
    this.states.delete(id);
  }

  /** The last state seen; 'unknown' when neither squeue nor sacct knows the job. */
  state(id: string): JobState | 'unknown' | undefined {
    return this.states.get(id);
  }

  /** Whether the controller failed to answer the last poll. */
  get unreachable(): boolean {
    return this.down;
  }

  /** Polls now (e.g. when a job's exit file appeared with a non-zero code); one poll at a time. */
  poke(): Promise<void> {
    this.polling ??= this.poll().finally(() => {
      this.polling = undefined;
      this.schedule();
    });
    return this.polling;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.closed || this.timer || this.states.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.poke();
    }, this.delay);
    this.timer.unref?.();
  }

  private async poll(): Promise<void> {
    const ids = [...this.states.keys()];
    if (ids.length === 0) return;
    const r = await this.slurm.run('squeue', ['--noheader', '--states=all', `--jobs=${ids.join(',')}`, '--format=%i|%T|%r']);
    // squeue refuses the whole call when none of the ids is known any more.
    const seen = r.ok ? parseStates(r.stdout) : /invalid job id/i.test(r.message) ? new Map<string, JobState>() : undefined;
    if (!seen) {
      if (!r.ok && r.unreachable) return this.unreachableNow(r.message);
      return; // another squeue problem: try again at the next poll
    }
    this.reachableNow();
    const missing = ids.filter((id) => !seen.has(id));
    if (missing.length > 0) for (const [id, s] of await this.accounting(missing)) seen.set(id, s);
    for (const id of ids) {
      if (!this.states.has(id)) continue;
      const s = seen.get(id);
      this.states.set(id, s ?? (missing.includes(id) ? 'unknown' : this.states.get(id)!));
    }
  }

  /** sacct for jobs squeue forgot; `--completion` reads the job completion log when there is no accounting database. */
  private async accounting(ids: readonly string[]): Promise<Map<string, JobState>> {
    const args = ['--noheader', '--parsable2', '--allocations', `--jobs=${ids.join(',')}`, '--format=JobID,State,Reason'];
    let r = await this.slurm.run('sacct', args);
    if (!r.ok && /accounting storage is disabled/i.test(r.message)) r = await this.slurm.run('sacct', ['--completion', ...args]);
    const found = r.ok ? parseStates(r.stdout) : new Map<string, JobState>();
    return new Map([...found].filter(([, s]) => hasEnded(s)));
  }

  private unreachableNow(message: string): void {
    this.delay = this.down ? Math.min(this.opts.maxMs, this.delay * 2) : this.opts.pollMs;
    this.down = true;
    this.opts.onStatus(`Slurm controller unreachable (${message}); retrying in ${Math.round(this.delay / 1000)} s, the group waits`);
  }

  private reachableNow(): void {
    this.delay = this.opts.pollMs;
    if (!this.down) return;
    this.down = false;
    this.opts.onStatus(undefined);
  }
}
