/**
 * A trial's line of promotions: the trials a configuration ran as, rung after rung
 * (Hyperband, ASHA, BOHB). A promoted trial names its `parent`; with `resume: true` it also
 * starts from that parent's checkpoint (`resumeFrom`), so its reports continue the parent's
 * steps (docs/differences.md, "Resuming a promoted trial"). Following the chain stitches
 * the whole learning curve of one configuration across rungs.
 */
import type { MetricReport, TrialRecord } from '../types.ts';

/** What lineage needs of a snapshot: one trial by number, and its reports. */
export interface TrialSource {
  trial(n: number): TrialRecord | undefined;
  reports(n: number): readonly MetricReport[];
}

/** The trial numbers from the first rung's trial down to `n` (just [n] without a parent). */
export function lineage(s: Pick<TrialSource, 'trial'>, n: number): number[] {
  const chain: number[] = [];
  const seen = new Set<number>();
  for (let t = s.trial(n); t && !seen.has(t.number); t = t.parent === undefined ? undefined : s.trial(t.parent)) {
    seen.add(t.number);
    chain.push(t.number);
  }
  return chain.reverse();
}

/** The trials promoted from `n` (normally one), in creation order. */
export function childrenOf(trials: readonly TrialRecord[], n: number): number[] {
  return trials.filter((t) => t.parent === n).map((t) => t.number);
}

/** One trial's part of a stitched curve. */
export interface CurveSegment {
  readonly trial: number;
  /** The resource the trial trained to, when it has one. */
  readonly resource?: number;
  /** True when it continued its parent's checkpoint (its steps follow the parent's). */
  readonly resumed: boolean;
  /** Its reports of the metric, in order. */
  readonly points: readonly { readonly step: number; readonly value: number }[];
}

/**
 * The whole learning curve of `n`'s configuration: one segment per trial of its lineage,
 * first rung first. A resumed segment's steps continue its parent's; a segment trained from
 * scratch starts again at its first step, as it did.
 */
export function stitchedCurve(s: TrialSource, n: number, metric: string): CurveSegment[] {
  return lineage(s, n).map((k) => {
    const t = s.trial(k)!;
    const points = [];
    for (const r of s.reports(k)) {
      const v = r.values[metric];
      if (v !== undefined) points.push({ step: r.step, value: v });
    }
    return { trial: k, ...(t.resource !== undefined && { resource: t.resource }), resumed: t.resumeFrom !== undefined, points };
  });
}
