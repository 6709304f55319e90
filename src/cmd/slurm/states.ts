/**
 * Slurm's view of a job, from `squeue` or `sacct` output (docs/slurm.md, "Failures"), and
 * what it means for the trial. Job states are Slurm's (squeue(1), "JOB STATE CODES").
 */

export interface JobState {
  readonly id: string;
  /** Slurm's state name, e.g. RUNNING, TIMEOUT (sacct's "CANCELLED by 0" is cut to CANCELLED). */
  readonly state: string;
  /** Slurm's reason, e.g. TimeLimit, NonZeroExitCode; empty when it gives none. */
  readonly reason: string;
}

/** States in which a job will not run again: Slurm has ended it. */
const ENDED = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE', 'OUT_OF_MEMORY', 'REVOKED', 'SPECIAL_EXIT']);

/** What each ending says to a user (squeue(1), "JOB STATE CODES"). */
const MEANING: Readonly<Record<string, string>> = {
  CANCELLED: 'it was cancelled',
  TIMEOUT: 'it reached its time limit',
  NODE_FAIL: 'its node failed',
  PREEMPTED: 'it was preempted',
  BOOT_FAIL: 'its node failed to boot',
  DEADLINE: 'it reached its deadline',
  OUT_OF_MEMORY: 'it ran out of memory',
  REVOKED: 'it was revoked',
  SPECIAL_EXIT: 'it ended in a special state',
  FAILED: 'it failed',
};

export function hasEnded(s: JobState): boolean {
  return ENDED.has(s.state);
}

/** `squeue --noheader --format=%i|%T|%r` lines (or sacct `--parsable2 --format=JobID,State,Reason`). */
export function parseStates(stdout: string): Map<string, JobState> {
  const states = new Map<string, JobState>();
  for (const line of stdout.split('\n')) {
    const [rawId, rawState, rawReason] = line.trim().split('|');
    if (!rawId || !rawState) continue;
    // sacct lists steps too (123.batch); the job line is the one without a dot.
    if (rawId.includes('.')) continue;
    const id = rawId.trim();
    const state = rawState.trim().split(/\s+/)[0]!.replace(/\+$/, '');
    const reason = (rawReason ?? '').trim();
    states.set(id, { id, state, reason: reason === 'None' || reason === '(null)' ? '' : reason });
  }
  return states;
}

/**
 * The reason a trial fails when Slurm ended its job itself, e.g.
 * `Slurm ended job 12: it reached its time limit (state TIMEOUT, reason TimeLimit)`;
 * undefined when the job ended on its own (COMPLETED, or FAILED with a non-zero exit
 * code), so the command's exit code tells the story.
 */
export function slurmEnding(s: JobState): string | undefined {
  if (s.state === 'COMPLETED') return undefined;
  if (s.state === 'FAILED' && (s.reason === '' || s.reason === 'NonZeroExitCode')) return undefined;
  const meaning = MEANING[s.state] ?? `it ended in state ${s.state}`;
  return `Slurm ended job ${s.id}: ${meaning} (state ${s.state}${s.reason ? `, reason ${s.reason}` : ''})`;
}

/** The job id `sbatch --parsable` prints: `123` or `123;cluster`. */
export function parseJobId(stdout: string): string | undefined {
  const id = stdout.trim().split('\n').at(-1)?.split(';')[0]?.trim();
  return id && /^\d+(_\d+)?$/.test(id) ? id : undefined;
}
