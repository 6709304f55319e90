/**
 * The environment of a command trial and its folders (docs/commands.md, "Environment").
 * Process-independent: the local runner passes it to `spawn`, the Slurm runner exports it
 * in the batch script.
 *
 *   <run folder>/trials/<n>/log.txt           stdout + stderr, capped (logs.ts)
 *   <run folder>/trials/<n>/metrics.jsonl     HPTUNE_METRICS_FILE (protocol.ts)
 *   <run folder>/trials/<n>/outputs/          HPTUNE_OUTPUT_DIR, unless resumed (below)
 *
 * A trial that Hyperband/ASHA promotes with `resume: true` gets its parent's output folder
 * (where the parent left its checkpoint), and HPTUNE_RESUME_FROM / HPTUNE_RESUME_STEP say
 * so; the Python module's `get_outputs_path()` returns that folder, as Polyaxon's did for a
 * resumed experiment.
 */
import { fileURLToPath } from 'node:url';
import { delimiter, join } from 'node:path';
import type { Checkpoint, TrialJob } from '../engine/index.ts';

/** The Python module shipped with hptune (polyaxon_client.tracking, polyaxon_helper). */
export const PYTHON_DIR = fileURLToPath(new URL('../../python', import.meta.url));

export interface TrialPaths {
  readonly dir: string;
  readonly log: string;
  readonly metrics: string;
  readonly outputs: string;
}

export function trialPaths(runDir: string, trial: number): TrialPaths {
  const dir = join(runDir, 'trials', String(trial));
  return { dir, log: join(dir, 'log.txt'), metrics: join(dir, 'metrics.jsonl'), outputs: join(dir, 'outputs') };
}

/** What a finished command trial hands back: where its outputs are, for a promoted trial to resume from. */
export function outputsCheckpoint(step: number, outputs: string, trial: number): Checkpoint {
  return { step, meta: { kind: 'cmd', outputs, trial }, data: new ArrayBuffer(0) };
}

/** The folder a job writes to: its parent's when it resumes from a command checkpoint. */
export function outputsFor(job: TrialJob, own: string): { readonly outputs: string; readonly resumeFrom?: number; readonly resumeStep?: number } {
  const meta = job.checkpoint?.meta;
  if (meta?.['kind'] === 'cmd' && typeof meta['outputs'] === 'string') {
    return { outputs: meta['outputs'], resumeStep: job.checkpoint!.step, ...(typeof meta['trial'] === 'number' && { resumeFrom: meta['trial'] }) };
  }
  return { outputs: own };
}

export function trialEnv(job: TrialJob, paths: TrialPaths, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out = outputsFor(job, paths.outputs);
  const params = JSON.stringify(job.params);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  Object.assign(env, {
    HPTUNE_GROUP_ID: job.groupId,
    HPTUNE_TRIAL_ID: String(job.trial),
    HPTUNE_TRIAL_SEED: String(job.seed),
    HPTUNE_PARAMS: params,
    HPTUNE_OUTPUT_DIR: out.outputs,
    HPTUNE_METRICS_FILE: paths.metrics,
    // Polyaxon v0's names, for scripts that read the environment directly.
    POLYAXON_RUN_OUTPUTS_PATH: out.outputs,
    POLYAXON_PARAMS: params,
    PYTHONPATH: base['PYTHONPATH'] ? `${PYTHON_DIR}${delimiter}${base['PYTHONPATH']}` : PYTHON_DIR,
    PYTHONUNBUFFERED: '1',
  });
  if (out.resumeFrom !== undefined) env['HPTUNE_RESUME_FROM'] = String(out.resumeFrom);
  else delete env['HPTUNE_RESUME_FROM'];
  if (out.resumeStep !== undefined) env['HPTUNE_RESUME_STEP'] = String(out.resumeStep);
  else delete env['HPTUNE_RESUME_STEP'];
  return env;
}
