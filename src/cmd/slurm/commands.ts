/**
 * Slurm's client commands as hptune calls them (docs/slurm.md, "Setup"): each call runs
 * one command with a time limit and sorts its failure into "the controller cannot be
 * reached" (retry with backoff: the group waits, it does not fail) or anything else.
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

export type SlurmResult =
  | { readonly ok: true; readonly stdout: string }
  | { readonly ok: false; readonly unreachable: boolean; readonly message: string };

/** The commands `--on slurm` needs. */
export const SLURM_COMMANDS = ['sbatch', 'squeue', 'scancel'] as const;

/**
 * What Slurm's commands print when slurmctld is down or does not answer (slurm_errno
 * SLURM_COMMUNICATIONS_CONNECTION_ERROR and friends, and a busy controller's refusal).
 */
const UNREACHABLE = /unable to contact slurm controller|connect failure|connection refused|socket timed out|communication connection failure|zero bytes were transmitted|temporarily unable to accept|slurmctld is not responding|protocol authentication error/i;

export interface SlurmCommands {
  run(command: string, args: readonly string[]): Promise<SlurmResult>;
}

/** Runs Slurm's commands with `env` (e.g. SLURM_CONF, SBATCH_PARTITION) added to this process's environment. */
export function slurmCommands(env: Readonly<Record<string, string>> = {}, timeoutMs = 30_000): SlurmCommands {
  const full = { ...process.env, ...env };
  return {
    run: (command, args) =>
      new Promise((resolve) => {
        execFile(command, args, { env: full, timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
          if (!err) return resolve({ ok: true, stdout });
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') return resolve({ ok: false, unreachable: false, message: `${command} is not on PATH` });
          const said = (stderr || stdout).trim().split('\n').filter(Boolean).slice(-3).join('; ');
          const timedOut = err.killed === true || (err as { signal?: string }).signal === 'SIGTERM';
          resolve({
            ok: false,
            unreachable: timedOut || UNREACHABLE.test(said),
            message: timedOut ? `${command} did not answer within ${timeoutMs / 1000} s` : `${command}: ${said || err.message}`,
          });
        });
      }),
  };
}

/** The first of Slurm's commands that is not on PATH, or undefined when all are (checked before a group starts). */
export async function missingSlurmCommand(env: Readonly<Record<string, string | undefined>> = process.env): Promise<string | undefined> {
  const dirs = (env['PATH'] ?? '').split(delimiter).filter(Boolean);
  for (const command of SLURM_COMMANDS) {
    let found = false;
    for (const dir of dirs) {
      try {
        await access(join(dir, command), constants.X_OK);
        found = true;
        break;
      } catch {
        // not here
      }
    }
    if (!found) return command;
  }
  return undefined;
}
