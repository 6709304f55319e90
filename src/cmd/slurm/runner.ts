/**
 * Command trials as Slurm batch jobs (`hptune run FILE --on slurm`; docs/slurm.md): a
 * TrialRunner that writes each trial's batch script to its folder on the shared
 * filesystem, submits it with sbatch, follows the job (squeue/sacct through SlurmMonitor,
 * the metrics and exit files by polling), answers reports, and stops a job with scancel:
 * TERM to every process of the job, then, after the grace period, Slurm's own cancel.
 *
 * `concurrency` is the number of jobs in flight: the engine runs that many trials at once.
 * A controller that cannot be reached never fails a trial: sbatch and squeue are retried
 * with backoff and `onStatus` says why the group waits.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AbortSignalLike, ReportFn, RunSpec, TrialJob, TrialOutcome, TrialRunner } from '../../engine/index.ts';
import { PYTHON_DIR, outputsCheckpoint, outputsFor, trialEnv, trialPaths } from '../env.ts';
import { MetricsDecoder, STDOUT_PREFIX } from '../protocol.ts';
import { renderTrialCommand } from '../render.ts';
import { FileTail } from '../tail.ts';
import { slurmCommands, type SlurmCommands } from './commands.ts';
import { SlurmMonitor } from './monitor.ts';
import { batchScript, parseExitFile } from './script.ts';
import { appendNote, folderWaker, logTail, readNumber, readText, sleep } from './files.ts';
import { hasEnded, parseJobId, slurmEnding } from './states.ts';

export interface SlurmRunnerOptions {
  /** Where trial folders go (`trials/<n>/`); it must be on a filesystem the nodes share. */
  readonly runDir: string;
  /** The polyaxonfile's folder: each job's working directory. */
  readonly specDir: string;
  /** sbatch options from `environment.resources` (resources.ts). */
  readonly sbatchOptions?: readonly string[];
  /** Added to the environment of Slurm's commands (e.g. SLURM_CONF); jobs inherit it too. */
  readonly env?: Readonly<Record<string, string>>;
  /** Seconds between the TERM and Slurm's cancel when a trial is stopped; the spec's `run.grace_period` wins. */
  readonly gracePeriod?: number;
  /** Why the group waits (controller unreachable), or undefined when it no longer does. */
  readonly onStatus?: (message: string | undefined) => void;
  /** squeue poll while the controller answers (ms). */
  readonly pollMs?: number;
  /** The longest wait between retries while it does not (ms). */
  readonly maxBackoffMs?: number;
  /** Poll of the metrics and exit files (ms), for filesystems that do not report changes (NFS). */
  readonly fileMs?: number;
  /** Metrics the spec acts on, each with the field naming it: a trial that never reports one fails. */
  readonly requiredMetrics?: readonly { readonly name: string; readonly field: string }[];
  readonly commands?: SlurmCommands;
}

export const SLURM_DEFAULTS = { pollMs: 2000, maxBackoffMs: 30_000, fileMs: 200, gracePeriod: 10 } as const;

/** Timestamps of one trial (epoch ms), for `hptune bench --slurm`. */
export interface SlurmTiming {
  readonly trial: number;
  readonly called: number;
  readonly submitting: number;
  readonly submitted: number;
  readonly started?: number;
  readonly ended?: number;
  readonly returned: number;
}

type CmdRun = Extract<RunSpec, { kind: 'cmd' }>;

export class SlurmRunner implements TrialRunner {
  private readonly slurm: SlurmCommands;
  private readonly monitor: SlurmMonitor;
  private readonly o: Required<Omit<SlurmRunnerOptions, 'commands' | 'onStatus' | 'env' | 'sbatchOptions' | 'requiredMetrics'>> & SlurmRunnerOptions;
  /** Per trial, for the benchmark. */
  readonly timings: SlurmTiming[] = [];
  private readonly live = new Set<() => void>();
  private readonly inFlight = new Set<string>();
  /** Ctrl-C was pressed: a trial handed over from now on is handed back, and a job submitted meanwhile is cancelled at once. */
  private interrupted = false;

  constructor(opts: SlurmRunnerOptions) {
    this.o = { ...SLURM_DEFAULTS, ...opts };
    this.slurm = opts.commands ?? slurmCommands(opts.env ?? {});
    this.monitor = new SlurmMonitor(this.slurm, { pollMs: this.o.pollMs, maxMs: this.o.maxBackoffMs, onStatus: (m) => this.status(m) });
  }

  unsupported(run: RunSpec): string | undefined {
    return run.kind === 'cmd' ? undefined : `--on slurm runs command trials (run.cmd); this spec's run section is ${run.kind}`;
  }

  async run(job: TrialJob, report: ReportFn, signal: AbortSignalLike): Promise<TrialOutcome> {
    const called = Date.now();
    if (job.run.kind !== 'cmd') return failed('SlurmError', this.unsupported(job.run)!);
    const run: CmdRun = job.run;
    const rendered = renderTrialCommand(run, job.params);
    if (!rendered.ok) return failed('RenderError', rendered.message);
    const paths = trialPaths(this.o.runDir, job.trial);
    const out = outputsFor(job, paths.outputs);
    const exitFile = join(paths.dir, 'exit');
    const startedFile = join(paths.dir, 'started');
    const scriptFile = join(paths.dir, 'job.sh');
    await mkdir(out.outputs, { recursive: true });
    await Promise.all([rm(exitFile, { force: true }), rm(startedFile, { force: true }), writeFile(paths.metrics, '')]);
    const { PYTHONPATH: _own, ...env } = trialEnv(job, paths, {});
    await writeFile(
      scriptFile,
      batchScript({
        title: `hptune trial ${job.trial} of group ${job.groupId}: submit again with \`sbatch ${scriptFile}\``,
        jobName: `hptune-${job.groupId.replace(/[^\w.-]/g, '_')}-${job.trial}`,
        chdir: this.o.specDir,
        log: paths.log,
        options: this.o.sbatchOptions ?? [],
        env,
        pythonPath: PYTHON_DIR,
        line: rendered.line,
        startedFile,
        exitFile,
      }),
      { mode: 0o755 },
    );

    // Not submitted after a Ctrl-C: the job would run unattended until its first report.
    if (this.interrupted) return { kind: 'halted', decision: 'pause' };
    const submitting = Date.now();
    const id = await this.submit(scriptFile, signal);
    if (typeof id !== 'string') return id;
    const submitted = Date.now();
    this.monitor.track(id);
    this.inFlight.add(id);
    try {
      const outcome = await this.follow(id, job, run, paths, exitFile, report, signal);
      const returned = Date.now();
      const started = await readNumber(startedFile);
      const ended = parseExitFile(await readText(exitFile))?.endedAt;
      this.timings.push({ trial: job.trial, called, submitting, submitted, ...(started !== undefined && { started }), ...(ended !== undefined && { ended }), returned });
      return outcome;
    } finally {
      this.inFlight.delete(id);
      this.monitor.untrack(id);
    }
  }

  /**
   * Ctrl-C: cancel every job in flight; each trial ends halted with `pause`, so the group can
   * continue later. A job whose sbatch is still running is cancelled as soon as it has an id.
   */
  interrupt(): void {
    this.interrupted = true;
    for (const pause of [...this.live]) pause();
  }

  /** A second Ctrl-C: Slurm's cancel at once, without the grace period. */
  kill(): void {
    for (const id of this.inFlight) void this.slurm.run('scancel', [id]);
  }

  async close(): Promise<void> {
    this.interrupt();
    this.monitor.close();
  }

  private status(message: string | undefined): void {
    this.o.onStatus?.(message);
  }

  /** sbatch, retried with backoff while the controller cannot be reached; the job id, or the outcome when it cannot be submitted. */
  private async submit(script: string, signal: AbortSignalLike): Promise<string | TrialOutcome> {
    let delay = this.o.pollMs;
    let waited = false;
    for (;;) {
      if (signal.aborted) return { kind: 'halted', decision: 'stop' };
      const r = await this.slurm.run('sbatch', ['--parsable', script]);
      if (r.ok) {
        const id = parseJobId(r.stdout);
        if (waited && !this.monitor.unreachable) this.status(undefined);
        return id ?? failed('SlurmError', `sbatch printed no job id: ${JSON.stringify(r.stdout.trim())}`);
      }
      if (!r.unreachable) return failed('SlurmError', `sbatch refused the job: ${r.message}`);
      waited = true;
      this.status(`Slurm controller unreachable (${r.message}); retrying sbatch in ${Math.round(delay / 1000)} s, the group waits`);
      await sleep(delay, signal);
      delay = Math.min(this.o.maxBackoffMs, delay * 2);
    }
  }

  /** Reports from the metrics file until the job ends; stops it when the engine or the signal says so. */
  private async follow(
    id: string,
    job: TrialJob,
    run: CmdRun,
    paths: ReturnType<typeof trialPaths>,
    exitFile: string,
    report: ReportFn,
    signal: AbortSignalLike,
  ): Promise<TrialOutcome> {
    const decoder = new MetricsDecoder(job.checkpoint?.step ?? 0);
    const tail = new FileTail(paths.metrics);
    // Metric lines printed behind the prefix land in the log, which Slurm writes.
    const logTailer = new FileTail(paths.log);
    const names = new Set<string>();
    const outputs = outputsFor(job, paths.outputs).outputs;
    const warnings: string[] = [];
    let halt: 'pause' | 'stop' | undefined;
    let cancelling: Promise<void> | undefined;
    let lastStep = job.checkpoint?.step ?? 0;
    let reported = 0;
    const grace = run.gracePeriod ?? this.o.gracePeriod;
    const stop = (decision: 'pause' | 'stop') => {
      halt ??= decision;
      cancelling ??= this.cancel(id, grace, exitFile);
    };
    const drain = async (final: boolean) => {
      const printed = (await logTailer.read(final)).filter((l) => l.startsWith(STDOUT_PREFIX)).map((l) => l.slice(STDOUT_PREFIX.length));
      for (const line of [...(await tail.read(final)), ...printed]) {
        if (line.trim() === '') continue;
        const d = decoder.decode(line);
        if (!d.ok) {
          warnings.push(d.warning);
          continue;
        }
        reported += 1;
        lastStep = d.report.step;
        for (const name of Object.keys(d.report.values)) names.add(name);
        if (halt) continue;
        const decision = await report(d.report);
        if (decision !== 'continue') stop(decision);
      }
    };
    const waker = folderWaker(paths.dir);
    const wake = () => waker.wake();
    const nap = (ms: number) => waker.nap(ms);
    const onAbort = () => {
      stop('stop');
      wake();
    };
    const onInterrupt = () => {
      stop('pause');
      wake();
    };
    this.live.add(onInterrupt);
    if (this.interrupted) onInterrupt(); // Ctrl-C came while sbatch was submitting this job
    signal.addEventListener('abort', onAbort);
    try {
      for (;;) {
        if (signal.aborted) stop('stop');
        await drain(false);
        const exit = parseExitFile(await readText(exitFile));
        const slurm = this.monitor.state(id);
        const known = slurm === 'unknown' ? undefined : slurm;
        // Ended for Slurm, or forgotten by it (squeue and sacct no longer know the job).
        if (exit?.code === 0 || (known ? hasEnded(known) : slurm === 'unknown')) {
          await drain(true);
          await cancelling;
          if (warnings.length > 0) await appendNote(paths.log, warnings);
          const checkpoint = outputsCheckpoint(lastStep, outputs, job.trial);
          if (halt) return { kind: 'halted', decision: halt, checkpoint };
          const ending = known && hasEnded(known) ? slurmEnding(known) : undefined;
          if (ending) return failed('SlurmJobError', `${ending}${await logTail(paths.log)}`);
          const code = exit?.code ?? (known?.state === 'COMPLETED' ? 0 : undefined);
          if (code === undefined) return failed('SlurmJobError', `Slurm job ${id} ended without an exit code (Slurm no longer knows it)${await logTail(paths.log)}`);
          if (code !== 0) {
            const what = code === 127 ? ' (command not found)' : code === 126 ? ' (not executable)' : '';
            return failed('CommandFailed', `the command exited with code ${code}${what}${await logTail(paths.log)}`);
          }
          if (reported === 0) {
            return failed('NoMetrics', `the command exited 0 but reported no metric (write JSON lines to $HPTUNE_METRICS_FILE, or use polyaxon_client.tracking)${await logTail(paths.log)}`);
          }
          const missing = (this.o.requiredMetrics ?? []).filter((m) => !names.has(m.name));
          if (missing.length > 0) {
            const what = missing.map((m) => `${m.name} (named by ${m.field})`).join(', ');
            return failed('MissingMetric', `the command never reported ${what}; it reported ${[...names].join(', ')}`);
          }
          return { kind: 'completed', checkpoint };
        }
        // A non-zero exit may be Slurm's doing (time limit, memory): ask Slurm before deciding.
        if (exit && !this.monitor.unreachable) await this.monitor.poke();
        else await nap(this.o.fileMs);
      }
    } finally {
      waker.close();
      this.live.delete(onInterrupt);
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** TERM to every process of the job, then Slurm's cancel once the grace period is over (unless the job ended). */
  private async cancel(id: string, graceSeconds: number, exitFile: string): Promise<void> {
    await this.retry(['--signal=TERM', '--full', id]);
    const until = Date.now() + graceSeconds * 1000;
    while (Date.now() < until) {
      if (parseExitFile(await readText(exitFile))) return;
      const s = this.monitor.state(id);
      if (s === 'unknown' || (s && hasEnded(s))) return;
      await sleep(this.o.fileMs);
    }
    await this.retry([id]);
  }

  private async retry(args: readonly string[]): Promise<void> {
    let delay = this.o.pollMs;
    for (;;) {
      const r = await this.slurm.run('scancel', args);
      if (r.ok || !r.unreachable) return;
      this.status(`Slurm controller unreachable (${r.message}); retrying scancel in ${Math.round(delay / 1000)} s`);
      await sleep(delay);
      delay = Math.min(this.o.maxBackoffMs, delay * 2);
    }
  }
}

function failed(name: string, message: string): TrialOutcome {
  return { kind: 'failed', name, message };
}
