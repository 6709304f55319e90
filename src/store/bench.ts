/**
 * Storage benchmarks for these targets: writing one report costs < 1 ms median, and a
 * group of 1,000 trials × 100 reports reopens in < 1 s. Any Store can be measured (the CLI's
 * `bench`, a browser page on real IndexedDB, or Node on fake-indexeddb, which is slower).
 */
import type { GroupRecord, Store, TrialRecord } from '../engine/index.ts';

export interface Timing {
  readonly median: number;
  readonly p95: number;
  readonly mean: number;
  readonly n: number;
}

export function summarize(samples: readonly number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  const mid = s.length >> 1;
  const median = s.length === 0 ? NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, p95: at(0.95), mean: s.reduce((a, b) => a + b, 0) / s.length, n: s.length };
}

const benchGroup = (id: string): GroupRecord => ({
  id, name: id, source: '', seed: 1, concurrency: 1, algorithm: 'random', status: 'running', createdAt: 0,
});

const benchTrial = (groupId: string, number: number, reports: number): TrialRecord => ({
  groupId, number, params: { lr: 0.001 * (number + 1), units: 32 }, status: 'succeeded', seed: number, createdAt: number,
  metrics: { loss: { last: 0.1, min: 0.1, max: 1, count: reports }, accuracy: { last: 0.9, min: 0.1, max: 0.9, count: reports } },
  step: reports,
});

/** Milliseconds per `addReports` call of one report (each its own commit), over `n` calls. */
export async function benchReportWrites(store: Store, n = 1000, groupId = 'bench-writes'): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const report = { step: i, values: { loss: 1 / (i + 1), accuracy: i / n }, time: i };
    const t0 = performance.now();
    await store.addReports(groupId, 0, [report]);
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

export interface ReopenTiming {
  /** Writing the group (one addReports batch per trial). */
  readonly fillMs: number;
  /** Opening the store again. */
  readonly openMs: number;
  /** getGroup + listTrials: what a resume needs (trials carry their metric summaries). */
  readonly trialsMs: number;
  /** listReports of the whole group: what the charts need. */
  readonly reportsMs: number;
  /** open + trials + reports. */
  readonly totalMs: number;
}

/**
 * Fills a group of `trials` × `reportsPerTrial` through `first`, closes it, then times
 * reopening with `open` and reading the group back.
 */
export async function benchReopen(
  first: Store & { close?(): void },
  open: () => Promise<Store & { close?(): void }>,
  trials = 1000,
  reportsPerTrial = 100,
  groupId = 'bench-reopen',
): Promise<ReopenTiming> {
  const t0 = performance.now();
  await first.putGroup(benchGroup(groupId));
  for (let t = 0; t < trials; t++) {
    await first.putTrial(benchTrial(groupId, t, reportsPerTrial));
    const reports = Array.from({ length: reportsPerTrial }, (_, step) => ({ step, values: { loss: 1 / (step + 1), accuracy: step / reportsPerTrial }, time: step }));
    await first.addReports(groupId, t, reports);
  }
  first.close?.();
  const t1 = performance.now();
  const store = await open();
  const t2 = performance.now();
  const [group, trialList] = await Promise.all([store.getGroup(groupId), store.listTrials(groupId)]);
  const t3 = performance.now();
  const reports = await store.listReports(groupId);
  const t4 = performance.now();
  store.close?.();
  if (!group || trialList.length !== trials || reports.length !== trials * reportsPerTrial) {
    throw new Error(`reopened group holds ${trialList.length} trials and ${reports.length} reports, expected ${trials} and ${trials * reportsPerTrial}`);
  }
  return { fillMs: t1 - t0, openMs: t2 - t1, trialsMs: t3 - t2, reportsMs: t4 - t3, totalMs: t4 - t1 };
}
