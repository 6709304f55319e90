/**
 * Hyperband's and ASHA's own state for a group snapshot (`inspect`): which trials sit in
 * which rung, and every promotion and elimination with its rank, the number ranked and the
 * cut-off — the same numbers the trials' notes give in words (docs/hptuning.md,
 * "Hyperband" and "ASHA"). Rebuilt from the trials like `ask`, so it needs no state.
 */
import type { AshaAlgorithm, HyperbandAlgorithm } from '../../spec/types.ts';
import type { TrialRecord } from '../../types.ts';
import type { BracketView, RungDecision, RungsView } from '../../algorithm-view.ts';
import { TRIAL_DONE } from '../../types.ts';
import { castResource, keep, nConfigs, rungResource, sMax } from './math.ts';
import { rankForPromotion, type Ranked } from './promotion.ts';

/** Trials by a key (e.g. "bracket/rung"), in creation order. */
function groupBy(trials: readonly TrialRecord[], key: (t: TrialRecord) => string | undefined): Map<string, TrialRecord[]> {
  const out = new Map<string, TrialRecord[]>();
  for (const t of trials) {
    const k = key(t);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}

/** Children by parent, among the trials of the rung above. */
function childrenOf(above: readonly TrialRecord[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const t of above) if (t.parent !== undefined && !m.has(t.parent)) m.set(t.parent, t.number);
  return m;
}

/** One decision per ranked trial: the first `kept` go on (or went on), the others do not. */
function decide(ranked: readonly Ranked[], kept: number, at: { bracket?: number; rung: number }, children: Map<number, number>, final: (promoted: boolean) => boolean): RungDecision[] {
  if (kept === 0 || ranked.length === 0) return [];
  const cutoff = ranked[Math.min(kept, ranked.length) - 1]!.value;
  return ranked.map((r, i) => {
    const promoted = i < kept || children.has(r.trial.number);
    const child = children.get(r.trial.number);
    return {
      kind: promoted ? 'promoted' : 'eliminated',
      trial: r.trial.number,
      ...(child !== undefined && { child }),
      ...(at.bracket !== undefined && { bracket: at.bracket }),
      rung: at.rung,
      rank: i + 1,
      ranked: ranked.length,
      kept,
      cutoff,
      value: r.value,
      final: final(promoted),
    };
  });
}

/** Hyperband: brackets s_max..0, each with its rungs; a rung is ranked once all its trials are done. */
export function hyperbandView(trials: readonly TrialRecord[], alg: HyperbandAlgorithm, space: number): RungsView {
  const top = sMax(alg.maxIter, alg.eta);
  const byRung = groupBy(trials, (t) => (t.tags?.bracket === undefined || t.tags.rung === undefined ? undefined : `${t.tags.bracket}/${t.tags.rung}`));
  const brackets: BracketView[] = [];
  const decisions: RungDecision[] = [];
  for (let s = top; s >= 0; s--) {
    const rungs = [];
    for (let j = 0; j <= s; j++) {
      const here = byRung.get(`${s}/${j}`) ?? [];
      const planned = j === 0 ? Math.min(nConfigs(alg.maxIter, alg.eta, s), space) : keep(alg.maxIter, alg.eta, s, j - 1);
      const resource = castResource(rungResource(alg.maxIter, alg.eta, s, j), alg.resource.type);
      rungs.push({ rung: j, resource, trials: here.map((t) => t.number), planned });
      if (here.length === 0 || here.some((t) => !TRIAL_DONE.has(t.status))) continue;
      const ranked = rankForPromotion(here, alg.metric);
      const kept = Math.min(keep(alg.maxIter, alg.eta, s, j), ranked.length);
      decisions.push(...decide(ranked, kept, { bracket: s, rung: j }, childrenOf(byRung.get(`${s}/${j + 1}`) ?? []), () => true));
    }
    brackets.push({ bracket: s, rungs });
  }
  return { kind: 'hyperband', metric: alg.metric, resource: alg.resource.name, brackets, decisions };
}

/**
 * ASHA: one ladder. A promotion is shown with the ranking as it stood when it was made
 * (asha.ts records its numbers in the promoted copy's tags); a trial not promoted is shown
 * against today's top ⌊n/η⌋, which may still change as the rung grows.
 */
export function ashaView(trials: readonly TrialRecord[], alg: AshaAlgorithm, ladder: readonly number[], planned: readonly number[]): RungsView {
  const byRung = groupBy(trials, (t) => (t.tags?.rung === undefined ? undefined : String(t.tags.rung)));
  const rungs = ladder.map((resource, k) => ({ rung: k, resource, trials: (byRung.get(String(k)) ?? []).map((t) => t.number), planned: planned[k] ?? 0 }));
  const decisions: RungDecision[] = [];
  for (let k = 0; k + 1 < ladder.length; k++) {
    const here = byRung.get(String(k)) ?? [];
    const above = byRung.get(String(k + 1)) ?? [];
    const children = childrenOf(above);
    for (const child of above) {
      const p = child.parent === undefined ? undefined : here.find((t) => t.number === child.parent);
      const tag = child.tags;
      const value = p?.metrics[alg.metric.name]?.last;
      if (!p || !tag || value === undefined || tag.rank === undefined || tag.ranked === undefined || tag.kept === undefined || tag.cutoff === undefined) continue;
      const at = { rank: tag.rank, ranked: tag.ranked, kept: tag.kept, cutoff: tag.cutoff };
      decisions.push({ kind: 'promoted', trial: p.number, child: child.number, rung: k, ...at, value, final: true });
    }
    const now = rankForPromotion(here, alg.metric);
    const open = decide(now, Math.trunc(now.length / alg.eta), { rung: k }, children, () => false);
    decisions.push(...open.filter((d) => !children.has(d.trial) && d.kind === 'eliminated'));
  }
  return { kind: 'asha', metric: alg.metric, resource: alg.resource.name, brackets: [{ rungs }], decisions };
}
