/**
 * What reopening a stored group costs (`hptune bench --storage`): replaying a group of
 * 1,000 trials × 20 reports through `reduce`, with one event per trial's reports (what a
 * replay feeds, docs/architecture.md, "Group state and snapshots") against one event per
 * report (the same stream as a live run), and a list of groups' first snapshot with and
 * without the reports read (`engine.watch(id, l, {reports: false})`, what the groups list
 * asks for) on the IndexedDB store. Both sides are timed in one run, alternated, so their
 * ratio holds on a loaded machine; the numbers are printed, never asserted.
 */
import {
  Engine,
  initialState,
  reduce,
  replayEvents,
  type GroupEvent,
  type GroupRecord,
  type GroupSnapshot,
  type Store,
  type StoredReport,
  type TrialRecord,
} from '../../engine/index.ts';
import { InProcessRunner } from '../../workers/inprocess.ts';
import { median } from './stats.ts';

export interface ReplayTimings {
  readonly trials: number;
  readonly reports: number;
  /** Median ms to replay with one event per report. */
  readonly perReportMs: number;
  /** Median ms to replay with one event per trial's reports. */
  readonly batchedMs: number;
  /** Groups listed, with their reports in all. */
  readonly listGroups: number;
  readonly listReports: number;
  /** Median ms until every listed group's first snapshot arrived, reading the reports. */
  readonly listWithReportsMs: number;
  /** The same without reading the reports. */
  readonly listWithoutReportsMs: number;
}

const group = (id: string): GroupRecord => ({ id, name: id, source: '', seed: 1, concurrency: 1, algorithm: 'random', status: 'done', createdAt: 0 });

/** A finished group of `trials` × `steps` reports, two metrics each, as the store holds it. */
function storedGroup(id: string, trials: number, steps: number): { trials: TrialRecord[]; reports: StoredReport[] } {
  const out: TrialRecord[] = [];
  const reports: StoredReport[] = [];
  for (let n = 0; n < trials; n++) {
    const values = Array.from({ length: steps }, (_, s) => ({ loss: 1 / (s + 1) + n / trials, accuracy: s / steps }));
    const metrics = {
      loss: { last: values[steps - 1]!.loss, min: values[steps - 1]!.loss, max: values[0]!.loss, count: steps },
      accuracy: { last: values[steps - 1]!.accuracy, min: 0, max: values[steps - 1]!.accuracy, count: steps },
    };
    out.push({ groupId: id, number: n, params: { x: n / trials }, status: 'succeeded', seed: n, createdAt: n, startedAt: n, finishedAt: n + 1, metrics, step: steps });
    values.forEach((v, s) => reports.push({ groupId: id, trial: n, step: s + 1, values: v, time: n + s }));
  }
  return { trials: out, reports };
}

/** The replay stream with each trial's reports as one event per report (a live run's granularity). */
function perReport(events: readonly GroupEvent[]): GroupEvent[] {
  return events.flatMap((e): GroupEvent[] => (e.type === 'trial-reports' ? e.reports.map((report) => ({ type: 'trial-reported', trial: e.trial, report })) : [e]));
}

export async function benchReplay(openStore: (name: string) => Promise<Store>, reps = 15): Promise<ReplayTimings> {
  const g = group('replay');
  const { trials, reports } = storedGroup(g.id, 1000, 20);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < reps; i++) {
    let t0 = performance.now();
    perReport(replayEvents(g, trials, reports)).reduce(reduce, initialState(g));
    a.push(performance.now() - t0);
    t0 = performance.now();
    replayEvents(g, trials, reports).reduce(reduce, initialState(g));
    b.push(performance.now() - t0);
  }

  // The groups list: 10 groups of 100 trials × 41 reports (41,000 reports) on IndexedDB.
  const store = await openStore('bench-groups-list');
  const ids: string[] = [];
  for (let k = 0; k < 10; k++) {
    const id = `list-${k}`;
    const s = storedGroup(id, 100, 41);
    await store.putGroup(group(id));
    for (const t of s.trials) await store.putTrial(t);
    for (const t of s.trials) await store.addReports(id, t.number, s.reports.filter((r) => r.trial === t.number).map(({ step, values, time }) => ({ step, values, time })));
    ids.push(id);
  }
  const engine = new Engine({ store, runner: new InProcessRunner() });
  const list = async (withReports: boolean) => {
    const t0 = performance.now();
    await Promise.all(ids.map((id) => new Promise<GroupSnapshot>((resolve) => {
      const stop = engine.watch(id, (s) => (stop(), resolve(s)), { reports: withReports });
    })));
    return performance.now() - t0;
  };
  const withR: number[] = [];
  const without: number[] = [];
  for (let i = 0; i < 5; i++) {
    withR.push(await list(true));
    without.push(await list(false));
  }
  return {
    trials: trials.length,
    reports: reports.length,
    perReportMs: median(a),
    batchedMs: median(b),
    listGroups: ids.length,
    listReports: ids.length * 100 * 41,
    listWithReportsMs: median(withR),
    listWithoutReportsMs: median(without),
  };
}

export function describeReplay(r: ReplayTimings): string[] {
  const ratio = (x: number, y: number) => (y > 0 ? (x / y).toFixed(1) : '∞');
  return [
    `  replay ${r.trials.toLocaleString('en')} trials × ${(r.reports / r.trials).toFixed(0)} reports through reduce: one event per report ${r.perReportMs.toFixed(1)} ms, one per trial's reports ${r.batchedMs.toFixed(1)} ms (${ratio(r.perReportMs, r.batchedMs)}× faster)`,
    `  groups list (${r.listGroups} groups, ${r.listReports.toLocaleString('en')} reports), first snapshots: reading the reports ${r.listWithReportsMs.toFixed(0)} ms, without ${r.listWithoutReportsMs.toFixed(0)} ms (${ratio(r.listWithReportsMs, r.listWithoutReportsMs)}×)`,
  ];
}
