/**
 * The events a group's state moves by (docs/architecture.md, "Group state and snapshots"):
 * what happened to a trial, the user's commands, and storage faults. They are plain,
 * structured-clone-safe data, and they carry their time, so `reduce` needs no clock: the
 * same events give the same state, whether they happen live, are replayed from the store
 * when a group is reopened, or are forwarded to another tab.
 */
import type { GroupRecord } from '../store/store.ts';
import type { MetricReport, MetricSummary, Params, TrialEvent } from '../types.ts';
import type { GroupEndKind } from './snapshot.ts';

/** A new trial, as the algorithm suggested it (or as the store holds it, when replayed). */
export interface TrialInit {
  readonly number: number;
  readonly params: Params;
  readonly seed: number;
  readonly resource?: number;
  readonly parent?: number;
  readonly resumeFrom?: number;
  readonly tags?: Readonly<Record<string, number>>;
  /** Why the trial exists (e.g. a promotion with its rank and cut-off); recorded as its first event. */
  readonly note?: string;
  /** Replay only: the events the store holds for the trial (they are not added again). */
  readonly events?: readonly TrialEvent[];
  /** Replay only, for a finished trial whose reports are not stored: its stored summaries. */
  readonly metrics?: Readonly<Record<string, MetricSummary>>;
  readonly step?: number;
}

/** The kinds a halt may have: why the group stops (or pauses) once its running trials are done. */
export type HaltKind = Exclude<GroupEndKind, 'exhausted' | 'stop-pending'>;

export type GroupEvent =
  /** The group (re)starts running: a first run, a resume after a pause, or a reopen. */
  | { readonly type: 'resume'; readonly time: number }
  | { readonly type: 'trial-created'; readonly time: number; readonly trial: TrialInit }
  | { readonly type: 'trial-started'; readonly time: number; readonly trial: number }
  | { readonly type: 'trial-reported'; readonly trial: number; readonly report: MetricReport }
  /**
   * Many reports of one trial at once, in order, as that many `trial-reported` would give: a
   * replay adds each trial's stored reports in one step (summaries built once, the log
   * appended once), so reopening a group costs per trial, not per report.
   */
  | { readonly type: 'trial-reports'; readonly trial: number; readonly reports: readonly MetricReport[] }
  /** The trial ran to its end; `checkpointStep` when it handed back a checkpoint. */
  | { readonly type: 'trial-ended'; readonly time: number; readonly trial: number; readonly backend?: string; readonly checkpointStep?: number }
  /** Failed; `event` is added to the trial's events (absent when replayed: the stored events hold it). */
  | { readonly type: 'trial-failed'; readonly time: number; readonly trial: number; readonly reason: string; readonly event?: TrialEvent }
  /**
   * Stopped before its end: by a verdict (with the event that explains it), a threshold, the
   * user; `skipped` when it never ran and was skipped.
   */
  | {
      readonly type: 'trial-stopped';
      readonly time: number;
      readonly trial: number;
      readonly reason?: string;
      readonly event?: TrialEvent;
      readonly backend?: string;
      readonly skipped?: boolean;
    }
  /** Cut short by a pause, a storage fault or a closed tab: back to `created`, run again first; `note` (a pause's) becomes a `paused` event. */
  | { readonly type: 'trial-interrupted'; readonly time: number; readonly trial: number; readonly note?: string }
  | { readonly type: 'pause'; readonly time: number }
  | { readonly type: 'stop'; readonly time: number; readonly kind: Exclude<HaltKind, 'paused-by-user' | 'storage-fault'>; readonly message: string; readonly trial?: number }
  | { readonly type: 'stop-pending'; readonly time: number }
  | { readonly type: 'storage-fault'; readonly time: number; readonly message: string }
  /** The algorithm has no more trials; `reason` when it ended early (e.g. a capped space). */
  | { readonly type: 'exhausted'; readonly reason?: string }
  /** No trial runs any more: the group takes its final (or paused) status. */
  | { readonly type: 'group-ended'; readonly time: number }
  /** Replay only: the group record as stored (the first event of a replay). */
  | { readonly type: 'group-loaded'; readonly group: GroupRecord };
