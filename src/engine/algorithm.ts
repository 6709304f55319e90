/**
 * What to try next (docs/architecture.md, "Inside the engine") and whether a running trial goes on
 * ("schedulers"), behind one interface the group engine drives.
 *
 * An algorithm sees only immutable snapshots (the History) and answers with data.
 * It owns no I/O. Its randomness comes from `rngFor(groupSeed, STREAM.params, trialNumber)`,
 * so the same spec and seed give the same trials whatever the concurrency (docs/differences.md, "A seeded generator of our own, one stream per trial").
 */
import type { MetricReport, Params, TrialRecord } from './types.ts';
import type { Decision } from './runner.ts';
import type { AlgorithmView } from './algorithm-view.ts';

export interface History {
  /**
   * Every trial created so far, by number (index = trial number). The engine's History
   * builds this list on first read (O(trials)); an algorithm that needs only the newest
   * trials reads `historySize` and `trialAt` instead, which cost O(1) and O(log n).
   */
  readonly trials: readonly TrialRecord[];
  /** A trial's reports, in order. */
  reports(trial: number): readonly MetricReport[];
  /** The number of trials, when known without building `trials`. */
  readonly size?: number;
  /** Trial n, when it can be read without building `trials`. */
  trial?(n: number): TrialRecord | undefined;
}

/** The number of trials in a history, without building its trial list. */
export function historySize(h: History): number {
  return h.size ?? h.trials.length;
}

/** Trial n of a history, without building its trial list. */
export function trialAt(h: History, n: number): TrialRecord | undefined {
  return h.trial ? h.trial(n) : h.trials[n];
}

export type Suggestion =
  | {
      readonly kind: 'trial';
      /** Matrix values (and the resource value, docs/differences.md, "A promoted trial's params carry its new resource"). The engine merges the group's `params` over them (docs/hptuning.md, "From a suggestion to a trial's params"). */
      readonly params: Params;
      /** The resource this trial trains to (Hyperband / ASHA). */
      readonly resource?: number;
      /** Promotion: the trial this one continues when `resume` is set, or re-runs (docs/differences.md, "Resuming a promoted trial"). */
      readonly parent?: number;
      /** Continue from the parent's checkpoint instead of training from scratch (docs/differences.md, "Resuming a promoted trial"). */
      readonly resume?: boolean;
      readonly tags?: Readonly<Record<string, number>>;
      /** Why this trial exists, with the numbers (e.g. a promotion's cut-off); recorded on the trial. */
      readonly note?: string;
    }
  /** Nothing to start now; ask again when a trial finishes (e.g. a Hyperband rung barrier). */
  | { readonly kind: 'wait' }
  /** The search is over; `reason` says why when it ended early (e.g. a capped space). */
  | { readonly kind: 'exhausted'; readonly reason?: string }
  /** The search cannot go on; the group fails with this message. */
  | { readonly kind: 'failed'; readonly message: string };

export interface Verdict {
  readonly decision: Decision;
  /** The rule and the numbers behind a stop or pause, recorded on the trial. */
  readonly reason?: string;
}

/** A search that cannot run: its first `ask` fails the group with `message`. */
export function failing(name: string, message: string): SearchAlgorithm {
  return { name, ask: () => ({ kind: 'failed', message }) };
}

export interface SearchAlgorithm {
  /** `grid`, `random`, `hyperband`, `bo`, ... */
  readonly name: string;
  /** The next trial to create; trial number = `history.trials.length`. May be async (BO yields to the event loop). */
  ask(history: History): Suggestion | Promise<Suggestion>;
  /** Called on every report of a running trial; undefined means always continue. */
  onReport?(trial: TrialRecord, report: MetricReport, history: History): Verdict;
  /** The algorithm's own state for people (rungs, the GP), from the same History `ask` sees; cheap (no refit). */
  inspect?(history: History): AlgorithmView | undefined;
}
