/**
 * Resume by replay (docs/architecture.md, "Group state and snapshots"): a stored group
 * becomes the events that made it (each trial created, started, its reports, its end),
 * and those go through the same `reduce` as a live run. There is no second code path for
 * a reopened group: what the store holds is the state, replayed.
 *
 * A trial the store holds unfinished (a pause, a crash, a closed tab) replays as
 * interrupted, so the effect loop runs it again before anything new. The reports are the
 * truth about how far a trial got: they are written one by one, the trial record less often.
 */
import type { GroupRecord, Store, StoredReport } from '../store/store.ts';
import type { TrialRecord } from '../types.ts';
import type { GroupEvent } from './events.ts';
import { TRIAL_DONE } from '../types.ts';
import { reduce } from './reduce.ts';
import { initialState, type GroupState } from './state.ts';

/**
 * The events that rebuild a stored group: the group record first, then trial by trial.
 * With `resume`, a trial stored unfinished ends interrupted (this engine runs it again);
 * without, a trial stored as running stays running (a view of a group another tab may run).
 */
export function replayEvents(group: GroupRecord, trials: readonly TrialRecord[], reports: readonly StoredReport[], resume = false): GroupEvent[] {
  const byTrial = new Map<number, StoredReport[]>();
  for (const r of reports) {
    const list = byTrial.get(r.trial);
    if (list) list.push(r);
    else byTrial.set(r.trial, [r]);
  }
  const events: GroupEvent[] = [{ type: 'group-loaded', group }];
  for (const t of [...trials].sort((a, b) => a.number - b.number)) {
    const own = byTrial.get(t.number) ?? [];
    events.push({
      type: 'trial-created',
      time: t.createdAt,
      trial: {
        number: t.number,
        params: t.params,
        seed: t.seed,
        ...(t.resource !== undefined && { resource: t.resource }),
        ...(t.parent !== undefined && { parent: t.parent }),
        ...(t.resumeFrom !== undefined && { resumeFrom: t.resumeFrom }),
        ...(t.tags && { tags: t.tags }),
        events: t.events ?? [],
        // Without stored reports (e.g. an import of summaries only), the record's summaries stand.
        ...(own.length === 0 && { metrics: t.metrics, ...(t.step !== undefined && { step: t.step }) }),
      },
    });
    if (t.startedAt !== undefined) events.push({ type: 'trial-started', time: t.startedAt, trial: t.number });
    // One event for all of the trial's reports: the summaries are built once, the log appended once.
    if (own.length > 0) events.push({ type: 'trial-reports', trial: t.number, reports: own.map((r) => ({ step: r.step, values: r.values, time: r.time })) });
    const end = endEvent(t);
    // A trial stored as running is another engine's to end unless this one resumes the group.
    if (resume || t.status !== 'running') events.push(end);
  }
  return events;
}

function endEvent(t: TrialRecord): GroupEvent {
  const time = t.finishedAt ?? t.startedAt ?? t.createdAt;
  const trial = t.number;
  const message = t.message !== undefined ? { reason: t.message } : {};
  const backend = t.backend !== undefined ? { backend: t.backend } : {};
  if (!TRIAL_DONE.has(t.status)) return { type: 'trial-interrupted', time, trial };
  switch (t.status) {
    case 'succeeded':
      return { type: 'trial-ended', time, trial, ...backend };
    case 'failed':
      return { type: 'trial-failed', time, trial, reason: t.message ?? 'failed' };
    default:
      return { type: 'trial-stopped', time, trial, ...message, ...backend, ...(t.status === 'skipped' && { skipped: true }) };
  }
}

/** A stored group's state, replayed through `reduce` (`resume`: to run it here, see replayEvents). */
export function replay(group: GroupRecord, trials: readonly TrialRecord[], reports: readonly StoredReport[], resume = false): GroupState {
  return replayEvents(group, trials, reports, resume).reduce(reduce, initialState(group));
}

/**
 * Reads a group's trials and reports from the store and replays them. Without `reports`,
 * only the trial records are read: their stored summaries stand (a list of groups needs no
 * learning curves, and a big group has 10^5 reports or more).
 */
export async function loadState(store: Store, group: GroupRecord, resume = false, reports = true): Promise<GroupState> {
  const [trials, stored] = await Promise.all([store.listTrials(group.id), reports ? store.listReports(group.id) : []]);
  return replay(group, trials, stored, resume);
}
