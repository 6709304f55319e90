/**
 * What `hptune run` does differently for command trials (docs/commands.md): a run folder
 * with each trial's log, metrics file and outputs, a file store so that a run Ctrl-C
 * interrupted continues when started again with the same `--out`, and the local process
 * runner, or with `--on slurm` the Slurm runner (docs/slurm.md).
 *
 *   --out results.json  →  results.run/store.jsonl, results.run/trials/<n>/...
 *   no --out            →  hptune-runs/<time>/ in the current folder
 */
import { dirname, basename, extname, join, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { Spec } from '../../engine/index.ts';
import { FileStore } from '../../store/file.ts';
import { LocalCommandRunner } from '../../cmd/local-runner.ts';
import type { SlurmRunner } from '../../cmd/slurm/runner.ts';
import { prepareSlurmRunner, type RunTarget } from './run-slurm.ts';
import type { Io } from '../main.ts';

export interface CommandRun {
  readonly store: FileStore;
  readonly runner: LocalCommandRunner | SlurmRunner;
  readonly runDir: string;
  /** The group to continue, when the store already holds this spec's group. */
  readonly resume?: string;
}

/** The group id used in a run folder (one group per folder). */
export const GROUP_ID = 'cli';

export function runFolder(out: string | undefined, now = new Date()): string {
  if (out) return join(dirname(out), `${basename(out, extname(out))}.run`);
  return join('hptune-runs', now.toISOString().replace(/[:.]/g, '-'));
}

/** The metrics the spec acts on, each with the field that names it (a trial that never reports one fails). */
export function requiredMetrics(spec: Spec): { name: string; field: string }[] {
  const out: { name: string; field: string }[] = [];
  const algorithm = spec.hptuning.algorithm as { kind: string; metric?: { name: string } };
  if (algorithm.metric) out.push({ name: algorithm.metric.name, field: `the ${algorithm.kind} metric` });
  spec.hptuning.earlyStopping.forEach((item, i) => {
    if (!out.some((m) => m.name === item.metric)) out.push({ name: item.metric, field: `hptuning.early_stopping[${i}]` });
  });
  return out;
}

export async function prepareCommandRun(
  file: string,
  spec: Spec,
  text: string,
  opts: { readonly out?: string; readonly grace?: number; readonly on?: RunTarget },
  io: Io,
): Promise<CommandRun | undefined> {
  const runDir = resolve(runFolder(opts.out));
  // Checked before anything is written: Slurm's commands on PATH, environment.resources.
  const slurm = opts.on === 'slurm' ? await prepareSlurmRunner(file, spec, text, { runDir, requiredMetrics: requiredMetrics(spec), ...(opts.grace !== undefined && { grace: opts.grace }) }, io) : undefined;
  if (opts.on === 'slurm' && !slurm) return undefined;
  await mkdir(runDir, { recursive: true });
  let store: FileStore;
  try {
    store = await FileStore.open(join(runDir, 'store.jsonl'));
  } catch (e) {
    io.err(`hptune: ${(e as Error).message}`);
    return undefined;
  }
  const existing = await store.getGroup(GROUP_ID);
  if (existing && existing.source !== text) {
    await store.close();
    io.err(`hptune: ${runDir} holds a group from another version of ${file}; give another --out, or delete that folder to start again`);
    return undefined;
  }
  const runner =
    slurm ??
    new LocalCommandRunner({
      runDir,
      cwd: dirname(resolve(file)),
      requiredMetrics: requiredMetrics(spec),
      ...(opts.grace !== undefined && { graceSeconds: opts.grace }),
    });
  io.err(`Trial logs, metrics and outputs: ${join(runDir, 'trials')}`);
  if (existing) io.err(`Continuing the group stored in ${runDir} (${existing.status})`);
  return { store, runner, runDir, ...(existing && { resume: existing.id }) };
}
