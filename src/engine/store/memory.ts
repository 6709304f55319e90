/** In-memory Store (tests, CLI). Values are structured-cloned in and out, so nothing aliases. */
import type { MetricReport, TrialRecord } from '../types.ts';
import type { Checkpoint } from '../runner.ts';
import type { GroupRecord, Store, StoredReport } from './store.ts';

/**
 * Deep copy of plain stored data (JSON-like values, ArrayBuffers for checkpoints). Several
 * times faster than structuredClone on the small records the engine writes per report,
 * which keeps the engine's own cost per trial low (target: < 0.1 ms).
 */
function clone<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (v instanceof ArrayBuffer) return v.slice(0) as T;
  if (ArrayBuffer.isView(v)) return structuredClone(v);
  if (Array.isArray(v)) return v.map(clone) as T;
  const out: Record<string, unknown> = {};
  for (const k in v) out[k] = clone((v as Record<string, unknown>)[k]);
  return out as T;
}

export class MemoryStore implements Store {
  private readonly groups = new Map<string, GroupRecord>();
  private readonly trials = new Map<string, Map<number, TrialRecord>>();
  private readonly reports = new Map<string, StoredReport[]>();
  private readonly checkpoints = new Map<string, Checkpoint>();

  async putGroup(group: GroupRecord): Promise<void> {
    this.groups.set(group.id, clone(group));
  }
  async getGroup(id: string): Promise<GroupRecord | undefined> {
    const g = this.groups.get(id);
    return g && clone(g);
  }
  async listGroups(): Promise<readonly GroupRecord[]> {
    return [...this.groups.values()].map(clone);
  }
  async deleteGroup(id: string): Promise<void> {
    this.groups.delete(id);
    this.trials.delete(id);
    this.reports.delete(id);
    for (const key of [...this.checkpoints.keys()]) if (key.startsWith(`${id}\u0000`)) this.checkpoints.delete(key);
  }
  async putTrial(trial: TrialRecord): Promise<void> {
    let m = this.trials.get(trial.groupId);
    if (!m) this.trials.set(trial.groupId, (m = new Map()));
    m.set(trial.number, clone(trial));
  }
  async listTrials(groupId: string): Promise<readonly TrialRecord[]> {
    const m = this.trials.get(groupId);
    return m ? [...m.values()].sort((a, b) => a.number - b.number).map(clone) : [];
  }
  async addReports(groupId: string, trial: number, reports: readonly MetricReport[]): Promise<void> {
    let list = this.reports.get(groupId);
    if (!list) this.reports.set(groupId, (list = []));
    for (const r of reports) list.push(clone({ ...r, groupId, trial }));
  }
  async listReports(groupId: string, trial?: number): Promise<readonly StoredReport[]> {
    const list = this.reports.get(groupId) ?? [];
    return (trial === undefined ? list : list.filter((r) => r.trial === trial)).map(clone);
  }
  async putCheckpoint(groupId: string, trial: number, checkpoint: Checkpoint): Promise<void> {
    this.checkpoints.set(`${groupId}\u0000${trial}`, clone(checkpoint));
  }
  async getCheckpoint(groupId: string, trial: number): Promise<Checkpoint | undefined> {
    const c = this.checkpoints.get(`${groupId}\u0000${trial}`);
    return c && clone(c);
  }
}
