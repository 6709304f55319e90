/**
 * The group as a pure state machine (docs/architecture.md, "Group state and snapshots"):
 * `reduce(state, event)` returns the next state. No I/O, no clock (time comes inside the
 * events), no randomness. The effect loop (driver.ts) is the only code that awaits; it
 * turns runner outcomes and commands into events and feeds them here, and a reopened
 * group replays its stored events (replay.ts) through this same function.
 *
 * Each event touches one trial, so it copies one path of the persistent vectors and a few
 * small arrays (the running and interrupted trials, at most `concurrency` long): the cost
 * of an event does not grow with the number of trials.
 */
import type { GroupRecord } from '../store/store.ts';
import type { GroupStatus, MetricReport, TrialEvent, TrialRecord, TrialStatus } from '../types.ts';
import type { GroupEvent, TrialInit } from './events.ts';
import { GROUP_DONE } from '../types.ts';
import { canMoveGroup, canMoveTrial } from './status.ts';
import { summarizeMore } from './metrics.ts';
import { endOf, initialState, recount, ReportLog, trainedUnits, type GroupState, type Halt } from './state.ts';

export const PAUSED_BY_USER = 'Paused by user';

export function reduce(state: GroupState, e: GroupEvent): GroupState {
  switch (e.type) {
    case 'group-loaded':
      return initialState(e.group);
    case 'resume':
      return resume(state, e.time);
    case 'trial-created':
      return created(state, e.trial, e.time);
    case 'trial-started': {
      const s = moveTrial(state, e.trial, 'running', (t) => ({ ...t, startedAt: t.startedAt ?? e.time }));
      if (s === state) return state;
      return { ...s, running: [...s.running, e.trial], interrupted: without(s.interrupted, e.trial) };
    }
    case 'trial-reported':
      return reported(state, e.trial, [e.report]);
    case 'trial-reports':
      return reported(state, e.trial, e.reports);
    case 'trial-ended':
      return finished(state, e.trial, 'succeeded', e.time, (t) => ({ ...t, ...(e.backend !== undefined && { backend: e.backend }) }));
    case 'trial-failed':
      return finished(state, e.trial, 'failed', e.time, (t) => (e.event ? addEvent({ ...t, message: e.reason }, e.event) : { ...t, message: e.reason }));
    case 'trial-stopped':
      return finished(state, e.trial, e.skipped ? 'skipped' : 'stopped', e.time, (t) => {
        const r = { ...t, ...(e.reason !== undefined && { message: e.reason }), ...(e.backend !== undefined && { backend: e.backend }) };
        return e.event ? addEvent(r, e.event) : r;
      });
    case 'trial-interrupted': {
      const s = moveTrial(state, e.trial, 'created', (t) => (e.note ? addEvent(t, { time: e.time, kind: 'paused', message: e.note }) : t));
      const queued = s.interrupted.includes(e.trial) ? s.interrupted : [...s.interrupted, e.trial];
      const durations = { ...s.durations, last: Math.max(s.durations.last, e.time) };
      return { ...s, running: without(s.running, e.trial), interrupted: queued, durations };
    }
    case 'pause':
      // A pause never overrides another halt.
      return state.halt ? state : { ...state, halt: { status: 'paused', kind: 'paused-by-user', message: PAUSED_BY_USER } };
    case 'stop':
      return halt(state, { status: e.kind === 'failed' ? 'failed' : 'stopped', kind: e.kind, message: e.message, ...(e.trial !== undefined && { trial: e.trial }) });
    case 'storage-fault':
      return halt(state, { status: 'paused', kind: 'storage-fault', message: e.message });
    case 'stop-pending':
      return { ...state, pendingOnly: true, exhausted: state.exhausted ?? 'User stopped pending trials' };
    case 'exhausted':
      return state.exhausted !== undefined ? state : { ...state, exhausted: e.reason ?? '' };
    case 'group-ended':
      return ended(state, e.time);
  }
}

/** A trial's reports, in order: its summaries and last step follow, its log grows by them. */
function reported(state: GroupState, n: number, reports: readonly MetricReport[]): GroupState {
  const t = state.trials.get(n);
  const last = reports[reports.length - 1];
  if (!t || !last) return state;
  const trial: TrialRecord = { ...t, metrics: summarizeMore(t.metrics, reports), step: last.step };
  const log = (state.reports.get(n) ?? ReportLog.EMPTY).append(reports);
  return { ...state, trials: state.trials.set(n, trial), reports: state.reports.set(n, log) };
}

/** Starts or resumes the group: the halt, the pause message and the last end are cleared. */
function resume(state: GroupState, time: number): GroupState {
  const g = state.group;
  // A group the store holds as running was cut off (a closed tab): it simply goes on.
  if (g.status !== 'running' && !canMoveGroup(g.status, 'running')) return state;
  const { message: _m, ended: _e, finishedAt: _f, ...rest } = g;
  const group: GroupRecord = { ...rest, status: 'running', startedAt: g.startedAt ?? time };
  const { halt: _h, exhausted: _x, ...s } = state;
  return { ...s, group, pendingOnly: false };
}

function created(state: GroupState, init: TrialInit, time: number): GroupState {
  if (init.number !== state.trials.size) return state; // trials are numbered in creation order
  const events: TrialEvent[] = init.events ? [...init.events] : init.note ? [{ time, kind: 'note', message: init.note }] : [];
  const trial: TrialRecord = {
    groupId: state.group.id,
    number: init.number,
    params: init.params,
    status: 'created',
    seed: init.seed,
    createdAt: time,
    metrics: init.metrics ?? {},
    ...(init.step !== undefined && { step: init.step }),
    ...(init.resource !== undefined && { resource: init.resource }),
    ...(init.parent !== undefined && { parent: init.parent }),
    ...(init.resumeFrom !== undefined && { resumeFrom: init.resumeFrom }),
    ...(init.tags && { tags: init.tags }),
    ...(events.length > 0 && { events }),
  };
  return {
    ...state,
    trials: state.trials.push(trial),
    reports: state.reports.push(ReportLog.EMPTY),
    counts: recount(state.counts, undefined, 'created'),
  };
}

/** Moves a trial to `to` when the move is allowed (status.ts), else leaves the state as it is. */
function moveTrial(state: GroupState, n: number, to: TrialStatus, patch: (t: TrialRecord) => TrialRecord): GroupState {
  const t = state.trials.get(n);
  if (!t || !canMoveTrial(t.status, to)) return state;
  return { ...state, trials: state.trials.set(n, { ...patch(t), status: to }), counts: recount(state.counts, t.status, to) };
}

function finished(state: GroupState, n: number, to: TrialStatus, time: number, patch: (t: TrialRecord) => TrialRecord): GroupState {
  const s = moveTrial(state, n, to, (t) => ({ ...patch(t), finishedAt: time }));
  if (s === state) return state;
  const t = s.trials.get(n)!;
  const d = s.durations;
  const timed = t.startedAt !== undefined && to !== 'skipped';
  const units = trainedUnits(s, t);
  return {
    ...s,
    running: without(s.running, n),
    interrupted: without(s.interrupted, n),
    durations: timed
      ? { count: d.count + 1, totalMs: d.totalMs + (time - t.startedAt!), units: d.units + units, last: Math.max(d.last, time) }
      : { ...d, last: Math.max(d.last, time) },
  };
}

/** A stop or a failure overrides a pause; nothing overrides a stop, a failure or the first pause. */
function halt(state: GroupState, h: Halt): GroupState {
  if (state.halt && (state.halt.status !== 'paused' || h.status === 'paused')) return state;
  return { ...state, halt: h };
}

/**
 * The group takes its status: the halt's, else `done`. Trials still waiting to run again
 * are stopped when the group ends for good (a pause keeps them for the next run).
 */
function ended(state: GroupState, time: number): GroupState {
  const status: GroupStatus = state.halt?.status ?? 'done';
  if (!canMoveGroup(state.group.status, status)) return state;
  let s = state;
  if (GROUP_DONE.has(status)) {
    const reason = pendingReason(state);
    for (const n of state.interrupted) s = finished(s, n, 'stopped', time, (t) => ({ ...t, message: reason }));
  }
  const end = endOf(state);
  const { message: _m, ...rest } = state.group;
  const message = status === 'done' ? state.exhausted || undefined : end.message;
  const group: GroupRecord = {
    ...rest,
    status,
    ended: end,
    ...(message && { message }),
    ...(status !== 'paused' && { finishedAt: time }),
  };
  return { ...s, group, interrupted: status === 'paused' ? s.interrupted : [] };
}

/** What a trial that waited to run again is told when the group ends for good. */
function pendingReason(state: GroupState): string {
  const h = state.halt;
  if (h?.kind === 'threshold') return 'Early stopping';
  if (h?.status === 'stopped') return h.message;
  if (h) return `Not run again: the group failed (${h.message})`;
  return 'User stopped pending trials';
}

function without(list: readonly number[], n: number): readonly number[] {
  return list.includes(n) ? list.filter((x) => x !== n) : list;
}

function addEvent(t: TrialRecord, e: TrialEvent): TrialRecord {
  return { ...t, events: [...(t.events ?? []), e] };
}

/** The trials an event changes (a group's end also stops the trials waiting to run again). */
export function touched(e: GroupEvent, before: GroupState): readonly number[] {
  if (e.type === 'trial-created') return [e.trial.number];
  if ('trial' in e && typeof e.trial === 'number') return [e.trial];
  return e.type === 'group-ended' ? before.interrupted : [];
}
