/**
 * A racer's line on the race chart: the best loss found so far against the resource spent,
 * read from the group's snapshot. Trials are counted in start order (each racer runs one
 * trial at a time). A closed-form evaluation costs 1; an lc4 trial costs the epochs it
 * trained, and a promoted trial that resumed from a checkpoint pays only the increment
 * (docs/differences.md, "Resuming a promoted trial"; the same accounting as docs/benchmarks.md, "LC4: learning curves").
 */
import type { GroupSnapshot, TrialRecord } from '../../engine/index.ts';

export interface RacePoint {
  /** Resource spent up to and including this trial. */
  readonly spent: number;
  /** The best loss of the finished trials so far. */
  readonly best: number;
  readonly trial: number;
}

export interface RaceLine {
  readonly points: readonly RacePoint[];
  /** Resource spent by every trial that started (running ones included, as far as they got). */
  readonly spent: number;
  readonly trials: number;
}

const FINAL: ReadonlySet<string> = new Set(['succeeded', 'failed', 'stopped']);

/** How far a trial trained: its resource once it succeeded, else its last reported step. */
function reached(t: TrialRecord, withResource: boolean): number {
  if (!withResource) return FINAL.has(t.status) ? 1 : 0;
  const full = t.resource ?? Number(t.params.epochs);
  return t.status === 'succeeded' ? full : Math.min(full, t.step ?? 0);
}

export function raceLine(s: GroupSnapshot, withResource: boolean, budget: number): RaceLine {
  const points: RacePoint[] = [];
  let spent = 0;
  let best = Infinity;
  let trials = 0;
  for (let n = 0; n < s.size; n++) {
    const t = s.trial(n);
    if (!t || t.status === 'created' || t.status === 'skipped') continue;
    const from = withResource && t.resumeFrom !== undefined ? reached(s.trial(t.resumeFrom) ?? t, true) : 0;
    const cost = Math.max(0, reached(t, withResource) - from);
    // Nothing past the budget counts, as in `hptune bench` (a trial that would cross it is not scored).
    if (spent + cost > budget) break;
    spent += cost;
    trials += 1;
    const loss = t.status === 'succeeded' ? t.metrics.loss?.last : undefined;
    if (loss !== undefined && Number.isFinite(loss) && loss < best) best = loss;
    if (FINAL.has(t.status) && best < Infinity) points.push({ spent, best, trial: n });
  }
  return { points, spent, trials };
}
