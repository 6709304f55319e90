/**
 * Command trials as local processes (docs/commands.md): a TrialRunner that renders
 * `run.cmd` for each trial (render.ts), runs it with `/bin/bash -c` in the polyaxonfile's
 * folder as the leader of a new process group, writes its stdout and stderr to a capped
 * log (logs.ts), and turns the metric lines it writes (protocol.ts: the HPTUNE_METRICS_FILE
 * file, tailed as it grows, or stdout lines behind `HPTUNE_METRICS `) into reports as they
 * arrive, so early stopping, the policies and Hyperband/ASHA act while it runs.
 *
 * Stopping (an early stop, a pruned trial, Ctrl-C) terminates the whole process group:
 * SIGTERM, then SIGKILL after the grace period (`--grace`, else `run.grace_period`, else 10 s).
 * Failures stay with their trial: a non-zero exit, no metric at all, or a required metric
 * never reported fails it, with the end of its log in the reason.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AbortSignalLike, ReportFn, RunSpec, TrialJob, TrialOutcome, TrialRunner } from '../engine/index.ts';
import { renderTrialCommand } from './render.ts';
import { MetricsDecoder } from './protocol.ts';
import { argv, RunningTrial, signalGroup, type Exit } from './process.ts';
import { outputsCheckpoint, outputsFor, trialEnv, trialPaths } from './env.ts';
import { CappedLog } from './logs.ts';
import { FileTail } from './tail.ts';

export const DEFAULT_GRACE_SECONDS = 10;
/** How often the metrics file is read while the process runs (it is read once more at exit). */
const POLL_MS = 50;
/** Lines of the log quoted in a failure reason. */
const TAIL_LINES = 6;
/** Characters of them at most. */
const MAX_TAIL = 500;

export interface LocalRunnerOptions {
  /** The run folder: trials/<n>/ go under it. */
  readonly runDir: string;
  /** The working directory of every trial: the polyaxonfile's folder. */
  readonly cwd: string;
  /** Overrides `run.grace_period` (seconds between SIGTERM and SIGKILL). */
  readonly graceSeconds?: number;
  /** Metrics the spec acts on (the algorithm's metric, early-stopping metrics), each with the field naming it. */
  readonly requiredMetrics?: readonly { readonly name: string; readonly field: string }[];
  /** Environment the trials inherit (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** Sizes of the log's kept head and tail, in characters. */
  readonly logHead?: number;
  readonly logTail?: number;
}

export class LocalCommandRunner implements TrialRunner {
  private readonly live = new Map<() => void, () => void>();
  /** Set by Ctrl-C: from then on no trial's process is started (see `run`). */
  private interrupted = false;

  constructor(private readonly opts: LocalRunnerOptions) {}

  unsupported(run: RunSpec): string | undefined {
    return run.kind === 'cmd' ? undefined : `the command runner runs run.cmd only, received run.${run.kind}`;
  }

  /**
   * Ctrl-C: terminate every running trial; each ends `halted` with `pause`, so the group can
   * continue later. A trial handed over at the same moment (its folder being prepared, or
   * started by the engine just before it learnt of the pause) is handed back the same way
   * without its process being started: started, it would run unattended until its first
   * report, and one that ends without reporting would fail with "reported no metric".
   */
  interrupt(): void {
    this.interrupted = true;
    for (const stop of [...this.live.keys()]) stop();
  }

  /** A second Ctrl-C: SIGKILL every running trial's process group at once. */
  kill(): void {
    for (const kill of [...this.live.values()]) kill();
  }

  async close(): Promise<void> {
    this.interrupt();
  }

  async run(job: TrialJob, report: ReportFn, signal: AbortSignalLike): Promise<TrialOutcome> {
    if (job.run.kind !== 'cmd') return { kind: 'failed', name: 'Unsupported', message: this.unsupported(job.run)! };
    const rendered = renderTrialCommand(job.run, job.params);
    if (!rendered.ok) return { kind: 'failed', name: 'TemplateError', message: rendered.message };
    const paths = trialPaths(this.opts.runDir, job.trial);
    const out = outputsFor(job, paths.outputs);
    await Promise.all([mkdir(paths.dir, { recursive: true }), mkdir(out.outputs, { recursive: true })]);
    const [log] = await Promise.all([CappedLog.open(paths.log, this.opts.logHead, this.opts.logTail), writeFile(paths.metrics, '')]);
    log.note(`trial ${job.trial}: ${rendered.line}${out.resumeFrom !== undefined ? ` (resuming trial ${out.resumeFrom}'s outputs at step ${out.resumeStep})` : ''}`);
    if (this.interrupted) {
      log.note(`trial ${job.trial}: not started, the group is pausing (Ctrl-C); it runs when the group continues`);
      await log.close();
      return { kind: 'halted', decision: 'pause' };
    }
    const grace = (this.opts.graceSeconds ?? job.run.gracePeriod ?? DEFAULT_GRACE_SECONDS) * 1000;
    const trial = new RunningTrial(log, report, () => new MetricsDecoder(out.resumeStep ?? 0), grace);

    let child: ChildProcess;
    try {
      const [program, args] = argv(rendered.line);
      child = spawn(program, args, {
        cwd: this.opts.cwd,
        env: trialEnv(job, paths, this.opts.env),
        detached: true, // its own process group, so a stop reaches every process it started
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      await log.close();
      return { kind: 'failed', name: 'SpawnError', message: (e as Error).message };
    }
    const interrupt = () => trial.interrupt(child);
    const abort = () => trial.terminate(child, 'stop', 'stopped by hptune');
    this.live.set(interrupt, () => signalGroup(child, 'SIGKILL'));
    signal.addEventListener('abort', abort);
    if (signal.aborted) abort();
    const tail = new FileTail(paths.metrics);
    const poll = setInterval(
      () =>
        void tail.read().then(
          (lines) => lines.forEach((l) => trial.line(l, child)),
          (e: Error) => trial.readError(e, paths.metrics),
        ),
      POLL_MS,
    );
    try {
      const exit = await trial.wait(child);
      clearInterval(poll);
      for (const l of await tail.read(true)) trial.line(l, child);
      trial.flushStdout(child);
      await trial.settled();
      return this.outcome(job, trial, exit, paths, out.outputs);
    } finally {
      clearInterval(poll);
      this.live.delete(interrupt);
      signal.removeEventListener('abort', abort);
      trial.clearTimer();
      await log.close();
    }
  }

  private outcome(job: TrialJob, t: RunningTrial, exit: Exit, paths: { log: string }, outputs: string): TrialOutcome {
    if (exit.error) {
      const code = (exit.error as NodeJS.ErrnoException).code;
      const hint = code === 'ENOENT' ? ' (no such file or directory: is the program installed and on PATH?)' : code === 'EACCES' ? ' (permission denied: is it executable?)' : '';
      return { kind: 'failed', name: 'SpawnError', message: `could not start the command: ${exit.error.message}${hint}` };
    }
    if (t.halted) return { kind: 'halted', decision: t.halted };
    // One line (it is shown in the trials table): the log's last lines joined with " | ".
    const tail = () => {
      const lines = t.log.lastLines(TAIL_LINES).split('\n').map((l) => l.trim()).filter(Boolean).join(' | ');
      const clipped = lines.length > MAX_TAIL ? `…${lines.slice(-MAX_TAIL)}` : lines;
      return clipped ? `; the end of its log (${paths.log}): ${clipped}` : `; its log (${paths.log}) is empty`;
    };
    if (exit.code !== 0) {
      const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}${exit.code === 127 ? ' (command not found)' : exit.code === 126 ? ' (not executable)' : ''}`;
      return { kind: 'failed', name: 'CommandFailed', message: `the command ${how}${tail()}` };
    }
    if (t.lastStep === undefined) {
      return { kind: 'failed', name: 'NoMetrics', message: `the command exited 0 but reported no metric (write JSON lines to $HPTUNE_METRICS_FILE, or use polyaxon_client.tracking)${tail()}` };
    }
    const missing = (this.opts.requiredMetrics ?? []).filter((m) => !t.reported.has(m.name));
    if (missing.length > 0) {
      const what = missing.map((m) => `${m.name} (named by ${m.field})`).join(', ');
      return { kind: 'failed', name: 'MissingMetric', message: `the command never reported ${what}; it reported ${[...t.reported].join(', ')}` };
    }
    return { kind: 'completed', checkpoint: outputsCheckpoint(t.lastStep, outputs, job.trial) };
  }
}
