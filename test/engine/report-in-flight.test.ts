// A report still being stored when the trial is stopped. The worker pool ends a stopped trial at
// once (it terminates the worker) without waiting for the answer to the report it sent last;
// the trial's stored summaries must still include that report, or the group's export file
// disagrees with itself and is refused on import (docs/architecture.md, "Persistence": every report is
// written before it is acted on).
import { describe, expect, it } from 'vitest';
import { GroupDriver } from '../../src/engine/group/driver.ts';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import { exportGroupFile, importGroupFile } from '../../src/engine/export/group-file.ts';
import type { GroupRecord } from '../../src/engine/store/store.ts';
import type { MetricReport } from '../../src/engine/types.ts';
import type { Spec } from '../../src/engine/spec/types.ts';
import type { SearchAlgorithm } from '../../src/engine/algorithm.ts';
import type { TrialJob, TrialOutcome, TrialRunner, ReportFn, AbortSignalLike } from '../../src/engine/runner.ts';

const SOURCE = `version: 1
kind: group
hptuning:
  concurrency: 2
  early_stopping: [{metric: loss, value: 0.5, optimization: minimize}]
  matrix:
    i: {values: [0, 1]}
run:
  objective: branin
`;

const spec: Spec = {
  version: 1,
  params: {},
  hptuning: { concurrency: 2, seed: 1, matrix: [], algorithm: { kind: 'grid' }, earlyStopping: [{ metric: 'loss', value: 0.5, optimization: 'minimize' }] },
  run: { kind: 'objective', objective: 'branin' },
  ignoredSections: [],
};

const group: GroupRecord = { id: 'g', name: 'g', source: SOURCE, seed: 1, concurrency: 2, algorithm: 'grid', status: 'created', createdAt: 0 };

const twoTrials: SearchAlgorithm = { name: 'list', ask: (h) => (h.trials.length < 2 ? { kind: 'trial', params: { i: h.trials.length } } : { kind: 'exhausted' }) };

/** Stores trial 1's reports slowly, so trial 0's threshold stops the group while one is in flight. */
class SlowReports extends MemoryStore {
  override async addReports(groupId: string, trial: number, reports: readonly MetricReport[]): Promise<void> {
    if (trial === 1) await new Promise((r) => setTimeout(r, 30));
    return super.addReports(groupId, trial, reports);
  }
}

/** Like the worker pool: an abort ends the trial at once, whatever report is still unanswered. */
class AbortAtOnce implements TrialRunner {
  run(job: TrialJob, report: ReportFn, signal: AbortSignalLike): Promise<TrialOutcome> {
    return new Promise((resolve) => {
      signal.addEventListener('abort', () => resolve({ kind: 'halted', decision: 'stop' }));
      const loss = job.trial === 0 ? 0.1 : 7;
      // Trial 0 reports after trial 1, whose report is then still being stored.
      setTimeout(() => void Promise.resolve(report({ step: 1, values: { loss } })).then((d) => d !== 'continue' && resolve({ kind: 'halted', decision: d })), job.trial === 0 ? 5 : 0);
    });
  }
}

describe('a report in flight when its trial is stopped', () => {
  it('is in the stopped trial\'s stored summaries, and the export imports back', async () => {
    const store = new SlowReports();
    await store.putGroup(group);
    const g = await new GroupDriver(group, spec, { store, runner: new AbortAtOnce(), algorithm: twoTrials }).run();
    expect(g.status).toBe('stopped');
    const trials = await store.listTrials('g');
    expect(trials.map((t) => t.status)).toEqual(['stopped', 'stopped']);
    expect((await store.listReports('g', 1)).map((r) => r.values.loss)).toEqual([7]);
    expect(trials[1]!.metrics.loss).toEqual({ last: 7, min: 7, max: 7, count: 1 });

    const file = await exportGroupFile(store, 'g');
    const imported = await importGroupFile(new MemoryStore(), file.text, 1);
    expect(imported.ok ? 'imported' : imported.issues).toBe('imported');
  });
});
