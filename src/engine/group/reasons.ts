/**
 * Every trial's reason in plain words, for the trials table and the trial detail: why it
 * ended (its failure or stop message), what its rung's ranking decided (Hyperband, ASHA,
 * BOHB: promoted or eliminated, with its rank and the cut-off), else why it was created (the
 * sampler's or scheduler's note: "random start 3 of 10", a BO proposal, a promotion).
 * Numbers are written with 4 significant digits (format.ts). The decisions come from the
 * algorithm's own view, so the words and the bracket board always agree
 * (docs/hptuning.md, "How Hyperband runs").
 */
import type { MetricSpec } from '../spec/types.ts';
import type { TrialRecord } from '../types.ts';
import type { AlgorithmView, RungDecision } from '../algorithm-view.ts';
import { formatSig } from '../format.ts';

/** The decision about each ranked trial, by its number. */
export function decisionsByTrial(view: AlgorithmView | undefined): ReadonlyMap<number, RungDecision> {
  const out = new Map<number, RungDecision>();
  if (view && view.kind !== 'bo') for (const d of view.decisions) out.set(d.trial, d);
  return out;
}

/**
 * One ranking decision as a sentence, e.g. "eliminated at rung 0 of bracket 2: rank 5 of 9,
 * cut-off 0.31 (loss, minimize); it scored 0.4123, 3 of 9 went on". `settled` says the group
 * will rank no more (an ASHA elimination is provisional while its rung can still grow).
 */
export function decisionSentence(d: RungDecision, metric: MetricSpec, settled: boolean): string {
  const where = d.bracket === undefined ? `rung ${d.rung}` : `rung ${d.rung} of bracket ${d.bracket}`;
  const numbers = `rank ${d.rank} of ${d.ranked}, cut-off ${formatSig(d.cutoff)} (${metric.name}, ${metric.optimization}); it scored ${formatSig(d.value)}`;
  if (d.kind === 'promoted') {
    const to = d.child === undefined ? 'waiting for a slot one rung up' : `continued as trial ${d.child}`;
    return `promoted at ${where}: ${numbers}, ${to}`;
  }
  const went = `${d.kept} of ${d.ranked} went on`;
  if (d.final || settled) return `eliminated at ${where}: ${numbers}, ${went}`;
  return `below the cut-off at ${where} so far: ${numbers}, ${d.kept} of ${d.ranked} go on; it may still be promoted as the rung grows`;
}

/** Why a promoted trial exists when it carries no note (e.g. an imported group). */
function lineageSentence(t: TrialRecord): string {
  if (t.parent === undefined) return '';
  return t.resumeFrom !== undefined ? `promoted from trial ${t.parent}, resumed from its checkpoint` : `promoted from trial ${t.parent}`;
}

/**
 * A trial's reason: its message, else its rung's decision, else its latest event, else its
 * parent. A pause is the reason only while the trial waits to run again; once it ran on,
 * the reason says what happened since (the pause stays among its events).
 */
export function trialReason(t: TrialRecord, decision: RungDecision | undefined, metric: MetricSpec | undefined, settled: boolean): string {
  if (t.message !== undefined) return t.message;
  if (decision && metric) return decisionSentence(decision, metric, settled);
  const last = t.events?.[t.events.length - 1];
  if (last?.kind === 'paused' && t.status !== 'created') return afterPause(t, last.message);
  return last?.message ?? lineageSentence(t);
}

/** E.g. "succeeded at step 27, resumed after it was paused at step 6, checkpoint kept". */
function afterPause(t: TrialRecord, pause: string): string {
  if (t.status === 'running') return `running again since it was ${pause}`;
  return `${t.status}${t.step === undefined ? '' : ` at step ${t.step}`}, resumed after it was ${pause}`;
}
