/** Reading a whole group out of a Store as one GroupExport ("Export and import"). */
import type { TrialRecord } from '../types.ts';
import type { MetricSpec } from '../spec/types.ts';
import type { Store } from '../store/store.ts';
import { FORMAT, VERSION, type BestTrial, type ExportedCheckpoint, type GroupExport } from './format.ts';
import { encodeBase64 } from './base64.ts';
import { bestTrial as bestOf } from '../group/metric.ts';

export interface ExportOptions {
  /** Include each trial's checkpoint (bytes as base64). Default false: they can be large. */
  readonly checkpoints?: boolean;
  /** Record the best trial by this metric (the group's `hptuning` metric, when it has one). */
  readonly metric?: MetricSpec;
}

export async function exportGroup(store: Store, groupId: string, options: ExportOptions = {}): Promise<GroupExport> {
  const group = await store.getGroup(groupId);
  if (!group) throw new Error(`cannot export group ${JSON.stringify(groupId)}: the store holds no group with that id`);
  const [trials, reports] = await Promise.all([store.listTrials(groupId), store.listReports(groupId)]);
  const best = options.metric && bestTrial(trials, options.metric);
  const checkpoints = options.checkpoints ? await readCheckpoints(store, groupId, trials) : undefined;
  return {
    format: FORMAT,
    version: VERSION,
    group,
    trials,
    reports,
    ...(best ? { best } : {}),
    ...(checkpoints ? { checkpoints } : {}),
  };
}

/**
 * The trial with the best *last* value of the metric (the value decisions use), among
 * trials that did not fail and whose last value is a number (NaN never wins). Ties go to the
 * earlier trial, so the choice does not depend on completion order.
 */
export function bestTrial(trials: readonly TrialRecord[], metric: MetricSpec): BestTrial | undefined {
  const best = bestOf(trials, metric);
  return best && { trial: best.number, params: best.params, metric: metric.name, value: best.metrics[metric.name]!.last };
}

async function readCheckpoints(store: Store, groupId: string, trials: readonly TrialRecord[]): Promise<ExportedCheckpoint[]> {
  const out: ExportedCheckpoint[] = [];
  for (const t of trials) {
    const c = await store.getCheckpoint(groupId, t.number);
    if (c) out.push({ trial: t.number, step: c.step, meta: c.meta, data: encodeBase64(c.data) });
  }
  return out;
}
