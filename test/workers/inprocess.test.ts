import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../src/workers/inprocess.ts';
import { lc4Loss } from '../../src/workers/objectives/lc4.ts';
import type { Decision, ReportFn, TrialJob, TrialReport } from '../../src/engine/runner.ts';
import type { RunSpec } from '../../src/engine/spec/types.ts';

const live = () => new AbortController().signal;

function job(run: RunSpec, params: TrialJob['params'] = {}, extra: Partial<TrialJob> = {}): TrialJob {
  return { groupId: 'g', trial: 0, params, seed: 111, groupSeed: 7, run, ...extra };
}

describe('docs/hptuning.md, "run: what a trial runs": InProcessRunner', () => {
  it('runs a built-in objective, taking lc4 noise from the group seed (docs/benchmarks.md, "LC4\'s noise")', async () => {
    const reports: TrialReport[] = [];
    const report: ReportFn = async (r): Promise<Decision> => {
      reports.push(r);
      return 'continue';
    };
    const x = [0.1, 0.9, 0.25, 0.75];
    const out = await new InProcessRunner().run(
      job({ kind: 'objective', objective: 'lc4' }, { x1: x[0], x2: x[1], x3: x[2], x4: x[3], epochs: 3 }),
      report,
      live(),
    );
    expect(out).toMatchObject({ kind: 'completed', checkpoint: { step: 3 } });
    expect(reports.map((r) => r.values.loss)).toEqual([1, 2, 3].map((r) => lc4Loss(x, r, 7)));
    // The vector of docs/benchmarks.md (x, r = 3, seed 7) within 1e-15.
    expect(Math.abs(reports[2].values.loss - 0.9960861618972406)).toBeLessThan(1e-15);
  });

  it('passes the checkpoint on, so a resumed job trains only the increment (docs/differences.md, "Resuming a promoted trial")', async () => {
    const steps: number[] = [];
    const params = { x1: 0.5, x2: 0.5, x3: 0.5, x4: 0.5, epochs: 27 };
    const checkpoint = { step: 9, meta: { objective: 'lc4' }, data: new ArrayBuffer(0) };
    await new InProcessRunner().run(job({ kind: 'objective', objective: 'lc4' }, params, { checkpoint }), (r) => (steps.push(r.step), 'continue'), live());
    expect(steps[0]).toBe(10);
    expect(steps.length).toBe(18);
  });

  it('says which runner can run models, code and cmd, and fails such jobs as Unsupported', async () => {
    const runner = new InProcessRunner();
    const cases: [RunSpec, RegExp][] = [
      [{ kind: 'model', model: 'mlp', dataset: 'mnist', backend: 'cpu' }, /only the worker pool runs/],
      [{ kind: 'code', code: '(p, report) => 0' }, /runs only in the worker pool/],
      [{ kind: 'cmd', cmd: 'python train.py' }, /runs as processes, which only the command line starts: run this group with `hptune run FILE`/],
      [{ kind: 'objective', objective: 'rastrigin' }, /run.objective must be one of .*lc4, noop; got "rastrigin"/],
    ];
    for (const [run, message] of cases) {
      expect(runner.unsupported(run)).toMatch(message);
      const out = await runner.run(job(run), () => 'continue', live());
      expect(out).toMatchObject({ kind: 'failed', name: 'Unsupported' });
      expect(out.kind === 'failed' && out.message).toMatch(message);
    }
    expect(runner.unsupported({ kind: 'objective', objective: 'hartmann3' })).toBeUndefined();
  });

});
