/**
 * `hptune run FILE [--concurrency N] [--seed S] [--json] [--out FILE]`: runs a group
 * headless with an in-memory store, shows progress on stderr when it is a terminal,
 * then prints the trials sorted by the group's metric and the best trial.
 * Ctrl-C stops the group cleanly (status `stopped`, results so far printed and written).
 */
import { writeFile } from 'node:fs/promises';
import {
  Engine,
  formatSig,
  formatValue,
  MemoryStore,
  rankTrials,
  type GroupRecord,
  type GroupSnapshot,
  type ParamValue,
} from '../../engine/index.ts';
import { loadSpec } from './check.ts';
import { createCliRunner } from '../runner.ts';
import { GROUP_ID, prepareCommandRun } from './run-cmd.ts';
import type { RunTarget } from './run-slurm.ts';
import { Progress } from '../progress.ts';
import { formatTable, short } from '../table.ts';
import type { Io } from '../main.ts';

export interface RunOptions {
  readonly concurrency?: number;
  readonly seed?: number;
  readonly json: boolean;
  readonly out?: string;
  /** Seconds a stopped command trial gets between SIGTERM and SIGKILL (overrides run.grace_period). */
  readonly grace?: number;
  /** Where command trials run: processes here (default) or Slurm batch jobs (docs/slurm.md). */
  readonly on?: RunTarget;
}


export async function run(file: string, opts: RunOptions, io: Io): Promise<number> {
  // Ctrl-C is caught from the command's first moment: one that comes while the spec is read,
  // the run folder opened or the group created is applied as soon as the group runs (it
  // pauses a command group before any trial starts), instead of killing the process with
  // nothing said and the exit status of a signal.
  const ctrlC = new CtrlC();
  process.on('SIGINT', ctrlC.handler);
  try {
    return await runGroup(file, opts, io, ctrlC);
  } finally {
    process.off('SIGINT', ctrlC.handler);
  }
}

/** Counts Ctrl-Cs; the first one does `action` (now, or once it is given), a second one quits at once. */
class CtrlC {
  count = 0;
  private action: (() => void) | undefined;
  private kill: (() => void) | undefined;
  readonly handler = (): void => {
    this.count += 1;
    if (this.count > 1) {
      this.kill?.();
      process.exit(130);
    }
    this.action?.();
  };
  /** What a Ctrl-C does while the group runs; one that already came does it now. */
  onInterrupt(action: () => void, kill?: () => void): void {
    this.action = action;
    this.kill = kill;
    if (this.count > 0) action();
  }
}

async function runGroup(file: string, opts: RunOptions, io: Io, ctrlC: CtrlC): Promise<number> {
  const loaded = await loadSpec(file, io);
  if (!loaded) return 1;
  const { spec, text } = loaded;
  // Command trials: a run folder, a file store (a rerun with the same --out continues), local processes.
  const commands = spec.run?.kind === 'cmd' || opts.on === 'slurm'; // --on slurm with another run section is refused there
  const cmd = commands ? await prepareCommandRun(file, spec, text, opts, io) : undefined;
  if (commands && !cmd) return 1;
  const store = cmd?.store ?? new MemoryStore();
  const runner = cmd?.runner ?? createCliRunner(opts.concurrency ?? spec.hptuning.concurrency);
  const engine = new Engine({ store, runner });
  let id = cmd?.resume;
  if (id === undefined) {
    const created = await engine.create(text, {
      id: GROUP_ID,
      ...(opts.seed !== undefined && { seed: opts.seed }),
      ...(opts.concurrency !== undefined && { concurrency: opts.concurrency }),
    });
    if (!created.ok) throw new Error('spec became invalid between check and create');
    id = created.group.id;
  }
  const groupId = id;

  const progress = io.isTTY ? new Progress(io) : undefined;
  const unwatch = progress?.watch(engine, groupId);
  const onSigint = () => {
    if (cmd) {
      // Paused, not stopped: the same command again continues the group (docs/commands.md).
      // The engine first, so that a trial it hands over meanwhile is already pausing.
      io.err(`\nPausing the group: terminating the trials' processes (Ctrl-C again to kill them at once). Run the same command again to continue.`);
      engine.pause(groupId);
      cmd.runner.interrupt();
      return;
    }
    io.err('\nStopping the group (Ctrl-C again to quit at once)…');
    engine.stop(groupId, 'Stopped by user (Ctrl-C)');
  };
  let group: GroupRecord;
  try {
    const stored = cmd?.resume !== undefined ? await engine.group(groupId) : undefined;
    // A finished group in the run folder is shown again, not run again.
    if (stored && ['done', 'stopped', 'failed'].includes(stored.status)) group = stored;
    else {
      // engine.run reserves the group before its first await, so the pause or stop of a
      // Ctrl-C that came earlier (or comes now) is applied as soon as the group is loaded.
      const running = engine.run(groupId);
      ctrlC.onInterrupt(onSigint, cmd && (() => cmd.runner.kill()));
      group = await running;
    }
  } finally {
    unwatch?.();
    progress?.end();
    await runner.close?.();
  }

  // The group export file: `hptune show` and the browser app read it back.
  const snapshot = (await engine.snapshot(groupId))!;
  const { value: result, text: json } = await engine.exportGroup(groupId);
  await cmd?.store.close();
  // Printed first: a bad --out path must not throw the results away.
  io.out(opts.json ? json : describeResult(snapshot));
  if (opts.out) {
    try {
      await writeFile(opts.out, json + '\n');
    } catch (e) {
      io.err(`hptune: could not write ${opts.out}: ${(e as Error).message} (the results are printed above)`);
      return 1;
    }
  }
  if (group.status === 'paused' && cmd) {
    io.err(`Group paused. Run the same command again to continue it (it is stored in ${cmd.runDir}).`);
    return 130;
  }
  // Interrupted as the group ended on its own: still the exit status of a Ctrl-C.
  if (ctrlC.count > 0 && cmd) return 130;
  if (group.status === 'failed') return 1;
  // A group whose every trial failed (or was stopped) ends `done` or `stopped`, but found nothing.
  if (snapshot.counts.succeeded === 0) {
    io.err(`hptune: no trial succeeded (${countsText(snapshot)}), so there is no result`);
    return 1;
  }
  return 0;
}

/** E.g. "3 failed, 1 stopped". */
function countsText(s: GroupSnapshot): string {
  return Object.entries(s.counts).filter(([, n]) => n > 0).map(([status, n]) => `${n} ${status}`).join(', ') || 'no trials';
}

/** A param value for reading: numbers to 4 significant digits (`--out`'s JSON keeps them exact). */
function cell(v: ParamValue | undefined): string {
  return v === undefined ? '' : typeof v === 'number' ? formatSig(v) : formatValue(v);
}

/** The trials table sorted by the group's metric, then the best trial, from the group's snapshot (shared with `hptune show`). */
export function describeResult(s: GroupSnapshot): string {
  const { group: g, trials, metric } = s;
  const lines = [
    `Group ${g.name}: ${g.status}${g.message ? ` (${g.message})` : ''}`,
    `Seed ${g.seed}, ${trials.length} trials: ${trials.length === 0 ? 'none' : countsText(s)}`,
    '',
  ];
  const keys = [...new Set(trials.flatMap((t) => Object.keys(t.params)))];
  const metricNames = [...new Set(trials.flatMap((t) => Object.keys(t.metrics)))];
  if (metric) metricNames.sort((a, b) => Number(b === metric.name) - Number(a === metric.name));
  const rows = [['#', 'status', ...metricNames, ...keys, 'note']];
  for (const t of rankTrials(trials, metric)) {
    const note = s.reason(t.number);
    rows.push([
      String(t.number),
      t.status,
      ...metricNames.map((m) => short(t.metrics[m]?.last, 4)),
      ...keys.map((k) => cell(t.params[k])),
      note,
    ]);
  }
  lines.push(formatTable(rows, { header: true }));
  const best = s.best;
  if (best && metric) {
    const params = Object.entries(best.params).map(([k, v]) => `${k}=${cell(v)}`).join(', ');
    // Rounded for reading; the JSON export keeps the exact values.
    lines.push('', `Best trial ${best.trial}: ${metric.name} = ${formatSig(best.value)} (${metric.optimization})`, `  ${params}`);
  } else if (metric) {
    lines.push('', `No trial reported ${metric.name}.`);
  }
  return lines.join('\n');
}
