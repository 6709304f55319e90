/**
 * The worker pool: a TrialRunner (src/engine/runner.ts) that runs each job in a Worker
 * through the trial API. Environment-neutral: the caller passes how to
 * spawn one worker (browser-pool.ts: module Worker; node-pool.ts: worker_threads).
 *
 * - size workers at most, started lazily, reused across trials, jobs queued FIFO;
 * - abort ⇒ the worker is terminated and the trial ends halted (stop); a fresh worker is
 *   spawned by the next job (Squoosh: abort = terminate, the next call starts a new one);
 * - crash (uncaught error, exit) or hang (no report within hangTimeoutMs, the engine's own
 *   time answering a report excluded; a worker's start-up is timed separately) ⇒ the trial fails with the reason, and the worker
 *   is replaced;
 * - a worker idle for idleTimeoutMs is terminated; close() terminates all.
 */
import * as Comlink from 'comlink';
import type {
  AbortSignalLike,
  Decision,
  ReportFn,
  RunSpec,
  TrialJob,
  TrialOutcome,
  TrialReport,
  TrialRunner,
} from '../engine/index.ts';
import type { TrialWorkerApi } from './trial-api.ts';
import { CMD_ELSEWHERE } from './cmd-message.ts';

/** One spawned worker, as the pool sees it. */
export interface WorkerHandle {
  readonly api: Comlink.Remote<TrialWorkerApi>;
  /** Resolves with a reason when the worker dies on its own (uncaught error, exit); never after terminate(). */
  readonly crashed: Promise<string>;
  terminate(): void;
  /** Node: an idle worker must not keep the process alive (unref), a busy one must (ref). */
  setBusy?(busy: boolean): void;
}

export type SpawnWorker = () => WorkerHandle;

/** The wanted size and the timeouts (what the Node and browser factories take). */
export interface PoolFactoryOptions {
  /** Most workers alive at once; the factories cap the group's concurrency by the cores. */
  readonly size: number;
  /** A busy worker that sends no report for this long is declared hung. Default 10 min: one epoch of a CNN on full MNIST on a busy 2-core cpu can take minutes. */
  readonly hangTimeoutMs?: number;
  /** A new worker that has not loaded its modules after this long is declared hung. Default 2 min. */
  readonly startTimeoutMs?: number;
  /** An idle worker is terminated after this long. Default 30 s. */
  readonly idleTimeoutMs?: number;
}

export interface PoolOptions extends PoolFactoryOptions {
  readonly spawn: SpawnWorker;
}

/** A pool of min(size, cores) workers. */
export function cappedPool(spawn: SpawnWorker, cores: number, options: PoolFactoryOptions): WorkerPool {
  return new WorkerPool({ ...options, spawn, size: Math.max(1, Math.min(options.size, cores)) });
}

export const DEFAULT_HANG_TIMEOUT_MS = 600_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
export const DEFAULT_START_TIMEOUT_MS = 120_000;

interface Slot {
  handle?: WorkerHandle;
  /** Resolves when the worker has started (its modules loaded). */
  started?: Promise<unknown>;
  busy: boolean;
  idleTimer?: ReturnType<typeof setTimeout>;
  /** Ends the running trial (crash, close). */
  end?: (outcome: TrialOutcome) => void;
}

interface Waiter {
  readonly grant: (slot: Slot | undefined) => void;
}

const unrefTimer = (t: ReturnType<typeof setTimeout>) => (t as unknown as { unref?: () => void }).unref?.();

export class WorkerPool implements TrialRunner {
  private readonly slots: Slot[];
  private readonly waiting: Waiter[] = [];
  private readonly hangTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly startTimeoutMs: number;
  private closed = false;
  /** Workers spawned so far (replacements included). */
  spawned = 0;

  constructor(private readonly options: PoolOptions) {
    if (!(Number.isInteger(options.size) && options.size >= 1)) throw new RangeError(`pool size must be an integer ≥ 1; got ${options.size}`);
    this.slots = Array.from({ length: options.size }, () => ({ busy: false }));
    this.hangTimeoutMs = options.hangTimeoutMs ?? DEFAULT_HANG_TIMEOUT_MS;
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Workers currently alive. */
  get live(): number {
    return this.slots.filter((s) => s.handle).length;
  }

  unsupported(run: RunSpec): string | undefined {
    return run.kind === 'cmd' ? CMD_ELSEWHERE : undefined;
  }

  async run(job: TrialJob, report: ReportFn, signal: AbortSignalLike): Promise<TrialOutcome> {
    if (this.closed) return { kind: 'failed', name: 'PoolClosed', message: 'the worker pool is closed' };
    const stopped: TrialOutcome = { kind: 'halted', decision: 'stop' };
    if (signal.aborted) return stopped;
    const slot = await this.acquire(signal);
    if (!slot) return stopped;
    try {
      return await this.runIn(slot, job, report, signal);
    } finally {
      this.release(slot);
    }
  }

  private runIn(slot: Slot, job: TrialJob, report: ReportFn, signal: AbortSignalLike): Promise<TrialOutcome> {
    const handle = slot.handle ?? this.spawnInto(slot);
    handle.setBusy?.(true);
    return new Promise<TrialOutcome>((resolve) => {
      let done = false;
      let hangTimer: ReturnType<typeof setTimeout> | undefined;
      let startTimer: ReturnType<typeof setTimeout> | undefined;
      const finish = (outcome: TrialOutcome, kill: boolean) => {
        if (done) return;
        done = true;
        slot.end = undefined;
        if (hangTimer !== undefined) clearTimeout(hangTimer);
        if (startTimer !== undefined) clearTimeout(startTimer);
        signal.removeEventListener('abort', onAbort);
        if (kill && slot.handle === handle) {
          handle.terminate();
          slot.handle = undefined; // replaced by the next job's lazy spawn
        }
        resolve(outcome);
      };
      const armHang = () => {
        if (hangTimer !== undefined) clearTimeout(hangTimer);
        hangTimer = setTimeout(
          () => finish({ kind: 'failed', name: 'WorkerHang', message: `no report within ${this.hangTimeoutMs} ms; the worker was terminated and replaced` }, true),
          this.hangTimeoutMs,
        );
      };
      const onAbort = () => finish({ kind: 'halted', decision: 'stop' }, true);
      signal.addEventListener('abort', onAbort);
      slot.end = (outcome) => finish(outcome, true);

      // The hang clock stops while any report is being answered (the engine's time is not the
      // trial's) and restarts when the last one in flight is answered: user code may send
      // several reports without awaiting them, and one timer must never outlive another.
      let inFlight = 0;
      const forward = async (r: TrialReport): Promise<Decision> => {
        inFlight += 1;
        if (hangTimer !== undefined) clearTimeout(hangTimer);
        hangTimer = undefined;
        try {
          return await report(r);
        } finally {
          inFlight -= 1;
          if (!done && inFlight === 0) armHang();
        }
      };
      // Starting a worker (tsx, tfjs) is timed by startTimeoutMs, then the trial by hangTimeoutMs.
      startTimer = setTimeout(
        () => finish({ kind: 'failed', name: 'WorkerHang', message: `the worker did not start within ${this.startTimeoutMs} ms; it was terminated` }, true),
        this.startTimeoutMs,
      );
      void (slot.started ?? Promise.resolve())
        .then((): Promise<TrialOutcome> | undefined => {
          clearTimeout(startTimer);
          if (done) return undefined;
          armHang();
          return handle.api.run(job, Comlink.proxy(forward));
        })
        .then(
          (outcome) => outcome && finish(outcome, false),
          (e: unknown) => finish({ kind: 'failed', name: 'WorkerError', message: e instanceof Error ? e.message : String(e) }, true),
        );
    });
  }

  private spawnInto(slot: Slot): WorkerHandle {
    const handle = this.options.spawn();
    this.spawned++;
    slot.handle = handle;
    slot.started = handle.api.ready();
    handle.crashed.then((reason) => {
      if (slot.handle !== handle) return; // terminated on purpose or already replaced
      if (slot.end) slot.end({ kind: 'failed', name: 'WorkerCrash', message: `${reason}; the worker was replaced` });
      else {
        // Died while idle (a browser Worker's error event does not end it): end it for good;
        // the next job spawns a fresh one.
        handle.terminate();
        slot.handle = undefined;
      }
    });
    return handle;
  }

  private acquire(signal: AbortSignalLike): Promise<Slot | undefined> {
    // Prefer a live idle worker (warm tfjs, cached datasets) over spawning one.
    const free = this.slots.find((s) => !s.busy && s.handle) ?? this.slots.find((s) => !s.busy);
    if (free) return Promise.resolve(this.take(free));
    return new Promise((resolve) => {
      const onAbort = () => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve(undefined);
      };
      const waiter: Waiter = {
        grant: (slot) => {
          signal.removeEventListener('abort', onAbort);
          resolve(slot && this.take(slot));
        },
      };
      this.waiting.push(waiter);
      signal.addEventListener('abort', onAbort);
    });
  }

  private take(slot: Slot): Slot {
    slot.busy = true;
    if (slot.idleTimer !== undefined) clearTimeout(slot.idleTimer);
    slot.idleTimer = undefined;
    return slot;
  }

  private release(slot: Slot): void {
    slot.busy = false;
    const next = this.waiting.shift();
    if (next) return next.grant(slot);
    const handle = slot.handle;
    if (!handle) return;
    handle.setBusy?.(false);
    slot.idleTimer = setTimeout(() => {
      if (slot.busy || slot.handle !== handle) return;
      handle.terminate();
      slot.handle = undefined;
    }, this.idleTimeoutMs);
    unrefTimer(slot.idleTimer);
  }

  /** Terminates every worker; running trials end halted (stop), later runs fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.grant(undefined);
    for (const slot of this.slots) {
      slot.end?.({ kind: 'halted', decision: 'stop' });
      if (slot.idleTimer !== undefined) clearTimeout(slot.idleTimer);
      slot.handle?.terminate();
      slot.handle = undefined;
    }
  }
}
