/**
 * Per-trial early-stopping policies: `early_stopping[i].policy`, which Polyaxon v0.x
 * accepted and ignored (docs/differences.md, "Early-stopping policies stop single trials").
 * A policy stops one underperforming trial; the group goes on. The group-level thresholds
 * are applied by the group driver.
 *
 * The rules, at a report of trial x at step t for an item's metric m:
 * - They apply only when t is a multiple of `evaluation_interval` and x reported m at t.
 * - The *others* are the other trials of the group (any status) that reported m at some
 *   step ≥ t and at least once at a step ≤ t. At least MIN_OTHERS of them are needed.
 * - median (Golovin et al. 2017, "Google Vizier", section 3.2.2, median stopping rule): stop x
 *   if its best value of m over its steps ≤ t is strictly worse than the median of the
 *   others' running averages of m over their steps ≤ t. (Vizier compares with completed
 *   trials only; here every trial that got to step t counts, so the rule works while a
 *   group's first trials run side by side.)
 * - average: the same, with the mean of the others' running averages instead of their median.
 * - truncation: with n = others + 1 and k = ⌊n·percent/100⌋, stop x if it is among the
 *   k worst by the value of m at step t (each trial's last report at a step ≤ t): that
 *   is, if at least n − k others are strictly better. Ties favour x.
 * "Better" follows the item's `optimization`.
 */
import type { EarlyStoppingItem, EarlyStoppingPolicy } from '../../spec/types.ts';
import type { MetricReport, Optimization, TrialRecord } from '../../types.ts';
import type { History, Verdict } from '../../algorithm.ts';
import { formatSig } from '../../format.ts';

/** The fewest other trials with a value at the step for a policy to judge at all. */
export const MIN_OTHERS = 1;

const CONTINUE: Verdict = { decision: 'continue' };

/**
 * The first item whose policy stops the trial at this report decides; otherwise continue.
 * A report at the trial's last step (`finalStep`, final-step.ts) always continues: the
 * trial has done all its work, and stopping it then would only mislabel a complete result.
 */
export function evaluatePolicies(
  items: readonly EarlyStoppingItem[],
  trial: TrialRecord,
  report: MetricReport,
  history: History,
  finalStep?: number,
): Verdict {
  if (finalStep !== undefined && report.step >= finalStep) return CONTINUE;
  for (const item of items) {
    if (!item.policy) continue;
    const v = evaluatePolicy(item.metric, item.optimization, item.policy, trial, report, history);
    if (v.decision !== 'continue') return v;
  }
  return CONTINUE;
}

/** What one other trial contributes at step t. */
interface Peer {
  /** Mean of its values at steps ≤ t. */
  readonly average: number;
  /** Its value at its last report at a step ≤ t. */
  readonly value: number;
}

function evaluatePolicy(
  metric: string,
  optimization: Optimization,
  policy: EarlyStoppingPolicy,
  trial: TrialRecord,
  report: MetricReport,
  history: History,
): Verdict {
  const t = report.step;
  const own = report.values[metric];
  if (own === undefined || t % policy.evaluationInterval !== 0) return CONTINUE;
  const peers = peersAt(history, trial.number, metric, t);
  if (peers.length < MIN_OTHERS) return CONTINUE;
  const worse = (a: number, b: number) => (optimization === 'minimize' ? a > b : a < b);
  const at = `at step ${t} (${metric}, ${optimization})`;

  if (policy.kind === 'truncation') {
    const n = peers.length + 1;
    const k = Math.floor((n * policy.percent) / 100);
    const better = peers.filter((p) => worse(own, p.value)).length;
    if (k === 0 || better < n - k) return CONTINUE;
    return {
      decision: 'stop',
      reason:
        `truncation policy ${at}: ${formatSig(own)} ranks ${better + 1} of ${n} trials, ` +
        `in the worst ${policy.percent}% (the ${k} worst of ${n})`,
    };
  }

  // Golovin et al. 2017, section 3.2.2: the trial's best so far against the others' running averages.
  const best = bestSoFar(history.reports(trial.number), metric, t, own, optimization);
  const averages = peers.map((p) => p.average);
  const [name, reference] = policy.kind === 'median' ? ['median', median(averages)] : ['mean', mean(averages)];
  if (!worse(best, reference)) return CONTINUE;
  const rule = policy.kind === 'median' ? 'median stopping rule (Golovin et al. 2017)' : 'average policy';
  return {
    decision: 'stop',
    reason:
      `${rule} ${at}: best so far ${formatSig(best)} is worse than the ${name} ${formatSig(reference)} ` +
      `of ${peers.length} other trial${peers.length === 1 ? "'s running average" : "s' running averages"}`,
  };
}

/** The other trials that got to step t, with their running average and value there. */
function peersAt(history: History, self: number, metric: string, t: number): Peer[] {
  const peers: Peer[] = [];
  for (const other of history.trials) {
    if (other.number === self) continue;
    let reached = false;
    let sum = 0;
    let count = 0;
    let value = 0;
    let valueStep = -Infinity;
    for (const r of history.reports(other.number)) {
      const v = r.values[metric];
      if (v === undefined) continue;
      if (r.step >= t) reached = true;
      if (r.step > t) continue;
      sum += v;
      count++;
      if (r.step >= valueStep) [value, valueStep] = [v, r.step];
    }
    if (reached && count > 0) peers.push({ average: sum / count, value });
  }
  return peers;
}

/** The trial's best value at steps ≤ t, counting the current report whether or not the history holds it yet. */
function bestSoFar(reports: readonly MetricReport[], metric: string, t: number, current: number, optimization: Optimization): number {
  let best = current;
  for (const r of reports) {
    const v = r.values[metric];
    if (v === undefined || r.step > t) continue;
    best = optimization === 'minimize' ? Math.min(best, v) : Math.max(best, v);
  }
  return best;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** The middle value; the mean of the two middle values for an even count. */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
