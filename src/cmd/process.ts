/**
 * One trial's process, as the local runner drives it (local-runner.ts): how its command line
 * is started, its output read, its metric lines reported in order, and how it is stopped
 * (SIGTERM to its process group, SIGKILL after the grace period).
 */
import { existsSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import type { Decision, ReportFn } from '../engine/index.ts';
import { MetricsDecoder, LineSplitter, STDOUT_PREFIX, type Decoded } from './protocol.ts';
import type { CappedLog } from './logs.ts';

/** Debian and most systems have bash, which Polyaxon used; a minimal image may have only sh. */
const SHELL = existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly error?: Error;
}

/** One process: its reports in order, the engine's decisions, and how it was stopped. */
export class RunningTrial {
  halted: 'pause' | 'stop' | undefined;
  lastStep: number | undefined;
  readonly reported = new Set<string>();
  private chain: Promise<unknown> = Promise.resolve();
  private readonly stdout = new LineSplitter();
  private killTimer: ReturnType<typeof setTimeout> | undefined;
  private exited = false;
  private readonly fileDecoder: MetricsDecoder;
  private readonly stdoutDecoder: MetricsDecoder;

  constructor(
    readonly log: CappedLog,
    private readonly report: ReportFn,
    decoder: () => MetricsDecoder,
    private readonly graceMs: number,
  ) {
    // One decoder per source: steps left out are numbered within the file, and within stdout.
    this.fileDecoder = decoder();
    this.stdoutDecoder = decoder();
  }

  wait(child: ChildProcess): Promise<Exit> {
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      this.log.write(chunk);
      for (const l of this.stdout.push(chunk)) this.stdoutLine(l, child);
    });
    child.stderr!.on('data', (chunk: string) => this.log.write(chunk));
    return new Promise((resolve) => {
      child.once('error', (error) => {
        this.exited = true;
        resolve({ code: null, signal: null, error });
      });
      child.once('close', (code, sig) => {
        this.exited = true;
        resolve({ code, signal: sig });
      });
      child.once('exit', () => {
        // Leftovers of the group (background jobs) would hold the pipes open: end them too.
        signalGroup(child, 'SIGTERM');
      });
    });
  }

  flushStdout(child: ChildProcess): void {
    for (const l of this.stdout.flush()) this.stdoutLine(l, child);
  }

  private stdoutLine(line: string, child: ChildProcess): void {
    if (line.startsWith(STDOUT_PREFIX)) this.line(line.slice(STDOUT_PREFIX.length), child, this.stdoutDecoder);
  }

  /** One metrics line: decoded, then reported in order; the engine's answer may stop the process. */
  line(text: string, child: ChildProcess, decoder = this.fileDecoder): void {
    if (text.trim() === '') return;
    const decoded: Decoded = decoder.decode(text);
    if (!decoded.ok) {
      this.log.note(`warning: ${decoded.warning}`);
      return;
    }
    const { report } = decoded;
    this.chain = this.chain.then(async () => {
      // After the engine's stop, lines are ignored; after Ctrl-C, the lines the process wrote
      // before it ended are kept (results it finished; the group continues after them).
      if (this.halted && !this.interrupted) return;
      this.lastStep = report.step;
      for (const name of Object.keys(report.values)) this.reported.add(name);
      let decision: Decision;
      try {
        decision = await this.report(report);
      } catch (e) {
        // The report could not be stored: nothing more from this process can be kept.
        this.terminate(child, 'stop', `the report at step ${report.step} could not be stored (${(e as Error).message})`);
        throw e;
      }
      if (decision !== 'continue') this.terminate(child, decision, `the engine answered ${decision} at step ${report.step}`);
    });
  }

  private readErrorSeen = false;

  /** The metrics file could not be read (other than not existing yet): said once in the log; the final read retries. */
  readError(e: Error, path: string): void {
    if (this.readErrorSeen) return;
    this.readErrorSeen = true;
    this.log.note(`warning: could not read ${path}: ${e.message}`);
  }

  settled(): Promise<unknown> {
    return this.chain;
  }

  private interrupted = false;

  /** Ctrl-C: terminated like a pause, keeping the metric lines it wrote until it ends. */
  interrupt(child: ChildProcess): void {
    if (this.halted || this.exited) return;
    this.interrupted = true;
    this.terminate(child, 'pause', 'interrupted (Ctrl-C)');
  }

  /** SIGTERM to the process group, SIGKILL after the grace period. */
  terminate(child: ChildProcess, decision: 'pause' | 'stop', why: string): void {
    if (this.halted || this.exited) return;
    this.halted = decision;
    this.log.note(`${why}: SIGTERM sent to the process group (SIGKILL in ${this.graceMs / 1000} s if it is still running)`);
    signalGroup(child, 'SIGTERM');
    this.killTimer = setTimeout(() => {
      if (!this.exited) {
        this.log.note('grace period over: SIGKILL sent to the process group');
        signalGroup(child, 'SIGKILL');
      }
    }, this.graceMs);
  }

  clearTimer(): void {
    if (this.killTimer) clearTimeout(this.killTimer);
  }
}

/** Builtins and keywords: only a shell runs them. */
const SHELL_WORDS = new Set(['exec', 'cd', 'source', '.', 'export', 'set', 'unset', 'eval', 'if', 'for', 'while', 'until', 'case', 'function', 'time', 'ulimit', 'umask', 'trap', 'wait', 'read', 'alias', 'shopt', 'declare', 'local', 'return', 'exit']);

/**
 * A line with no shell syntax (quotes, variables, globs, redirections, operators) runs
 * without a shell: the same result as `bash -c`, which execs such a line itself, without
 * paying for a shell's start. Anything else goes to the shell, as in Polyaxon.
 */
export function argv(line: string): [string, string[]] {
  const words = line.trim().split(/\s+/);
  if (/[^\w@%+=:,./\s-]/.test(line) || /^\w+=/.test(words[0]!) || SHELL_WORDS.has(words[0]!)) return [SHELL, ['-c', line]];
  return [words[0]!, words.slice(1)];
}

export function signalGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, sig);
  } catch {
    // ESRCH: the group is already gone.
  }
}
