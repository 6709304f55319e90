/**
 * `hptune run FILE --on slurm` (docs/slurm.md): checks before the group starts that
 * `environment.resources` maps to sbatch options and that Slurm's commands are on PATH, then
 * builds the Slurm runner. While the controller cannot be reached, each retry's reason is
 * printed on stderr, above the progress bar on a terminal.
 */
import { dirname, resolve } from 'node:path';
import type { Spec } from '../../engine/index.ts';
import { formatIssue } from '../../engine/index.ts';
import { missingSlurmCommand, SLURM_COMMANDS } from '../../cmd/slurm/commands.ts';
import { slurmResources } from '../../cmd/slurm/resources.ts';
import { SlurmRunner } from '../../cmd/slurm/runner.ts';
import type { Io } from '../main.ts';

export const RUN_TARGETS = ['local', 'slurm'] as const;
export type RunTarget = (typeof RUN_TARGETS)[number];

export interface SlurmRunOptions {
  readonly runDir: string;
  readonly grace?: number;
  readonly requiredMetrics: readonly { readonly name: string; readonly field: string }[];
}

/** The runner, or undefined after printing why the group cannot start on Slurm. */
export async function prepareSlurmRunner(file: string, spec: Spec, text: string, opts: SlurmRunOptions, io: Io): Promise<SlurmRunner | undefined> {
  if (spec.run?.kind !== 'cmd') {
    io.err(`hptune: --on slurm runs command trials (run.cmd); ${file} runs ${spec.run ? `run.${spec.run.kind}` : 'nothing (no run section)'}`);
    return undefined;
  }
  const resources = slurmResources(text);
  for (const w of resources.warnings) io.err(formatIssue(file, { ...w, message: `warning: ${w.message}` }));
  if (resources.issues.length > 0) {
    for (const issue of resources.issues) io.err(formatIssue(file, issue));
    return undefined;
  }
  const missing = await missingSlurmCommand();
  if (missing) {
    io.err(
      `hptune: --on slurm needs Slurm's ${SLURM_COMMANDS.join(', ')} on PATH, and ${missing} is not there. ` +
        'Run hptune where Slurm jobs are submitted (a login node), or install Slurm\'s client commands and configuration (docs/slurm.md, "Setup").',
    );
    return undefined;
  }
  let shown: string | undefined;
  const runner = new SlurmRunner({
    runDir: opts.runDir,
    specDir: dirname(resolve(file)),
    sbatchOptions: resources.options,
    requiredMetrics: opts.requiredMetrics,
    ...(opts.grace !== undefined && { gracePeriod: opts.grace }),
    onStatus: (message) => {
      if (message === shown) return;
      shown = message;
      // A line of its own, above the progress bar (which redraws itself on its next update).
      if (io.isTTY) io.progress('');
      io.err(message === undefined ? 'hptune: the Slurm controller answers again; the group goes on' : `hptune: ${message}`);
    },
  });
  io.err(`Trials run as Slurm batch jobs${resources.options.length > 0 ? ` with ${resources.options.join(' ')}` : ''}`);
  return runner;
}
