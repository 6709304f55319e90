/**
 * Group-level early stopping by thresholds (docs/hptuning.md, "Thresholds: stopping the group"): the group stops when any
 * trial's *last* reported value of an item's metric is ≥ value (maximize) or ≤ value
 * (minimize). Checked at every report (docs/differences.md, "Early stopping is checked at every report"), not only when a trial finishes.
 */
import type { EarlyStoppingItem } from '../spec/types.ts';
import type { MetricSummary } from '../types.ts';
import { formatSig } from '../format.ts';

/** The first item the trial's last values meet, as a sentence, or undefined. */
export function thresholdReached(
  items: readonly EarlyStoppingItem[],
  metrics: Readonly<Record<string, MetricSummary>>,
): string | undefined {
  for (const item of items) {
    if (item.value === undefined) continue;
    const last = metrics[item.metric]?.last;
    if (last === undefined) continue;
    const hit = item.optimization === 'maximize' ? last >= item.value : last <= item.value;
    if (hit) {
      const op = item.optimization === 'maximize' ? '≥' : '≤';
      return `${item.metric} = ${formatSig(last)} ${op} ${formatSig(item.value)} (${item.optimization})`;
    }
  }
  return undefined;
}
