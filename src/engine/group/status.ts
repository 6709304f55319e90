/**
 * Status transitions of groups and trials (docs/hptuning.md, "Group statuses", docs/hptuning.md, "Trial statuses"), restricted to the
 * statuses hptune uses. A disallowed transition is ignored, as in Polyaxon, and reported
 * to the caller as `false` so the engine can tell.
 */
import type { GroupStatus, TrialStatus } from '../types.ts';
import { GROUP_DONE, TRIAL_DONE } from '../types.ts';

/** Allowed sources of each target group status (docs/hptuning.md, "Group statuses"). */
export function canMoveGroup(from: GroupStatus | undefined, to: GroupStatus): boolean {
  if (from === undefined) return to === 'created';
  if (from === to) return false;
  switch (to) {
    case 'created':
      return false;
    case 'running':
      // running ← {created, resuming, warning}; hptune also resumes a paused or stopped group (resuming ← stopped).
      return from === 'created' || from === 'paused' || from === 'stopped';
    case 'paused':
      return from === 'running' || from === 'stopping';
    case 'stopping':
      return !GROUP_DONE.has(from);
    case 'done':
    case 'failed':
    case 'stopped':
      return !GROUP_DONE.has(from);
  }
}

/**
 * Trial status moves: created → running → one done status; a pending trial may be stopped
 * or skipped; a running trial interrupted by a pause goes back to created.
 */
export function canMoveTrial(from: TrialStatus, to: TrialStatus): boolean {
  if (TRIAL_DONE.has(from)) return false;
  if (to === 'created') return from === 'running';
  if (to === 'running') return from === 'created';
  return true;
}
