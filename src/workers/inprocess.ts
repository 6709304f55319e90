/**
 * The in-process TrialRunner (src/engine/runner.ts): runs built-in objectives on the
 * calling thread, for the CLI, tests and benchmarks. No timers and no yields per step:
 * the engine's overhead target is < 0.1 ms per no-op trial, and each report is awaited
 * already. Models and user code need the worker pool; `cmd` trials are processes, which the
 * CLI's command runner starts (src/cmd; docs/hptuning.md, "run: what a trial runs").
 */
import type {
  AbortSignalLike,
  ObjectiveName,
  ReportFn,
  RunSpec,
  TrialJob,
  TrialOutcome,
  TrialRunner,
} from '../engine/index.ts';
import { OBJECTIVE_NAMES, runObjective } from './objectives/index.ts';
import { CMD_ELSEWHERE } from './cmd-message.ts';

export class InProcessRunner implements TrialRunner {
  /** Why this runner cannot run `run`, or undefined when it can. */
  unsupported(run: RunSpec): string | undefined {
    switch (run.kind) {
      case 'objective':
        return (OBJECTIVE_NAMES as readonly string[]).includes(run.objective)
          ? undefined
          : `run.objective must be one of ${OBJECTIVE_NAMES.join(', ')}; got ${JSON.stringify(run.objective)}`;
      case 'model':
        return `run.model (${run.model} on ${run.dataset}) trains TF.js models, which only the worker pool runs; the in-process runner runs built-in objectives only`;
      case 'code':
        return 'run.code (user JavaScript) runs only in the worker pool; the in-process runner runs built-in objectives only';
      case 'cmd':
        return CMD_ELSEWHERE;
    }
  }

  run(job: TrialJob, report: ReportFn, signal: AbortSignalLike): Promise<TrialOutcome> {
    const why = this.unsupported(job.run);
    if (why !== undefined || job.run.kind !== 'objective') {
      return Promise.resolve({ kind: 'failed', name: 'Unsupported', message: why ?? `unsupported run kind ${job.run.kind}` });
    }
    // The group's seed, not the trial's: lc4's noise must be the same for the same (x, r)
    // in every trial and every method (docs/benchmarks.md, "LC4's noise").
    return runObjective(job.run.objective as ObjectiveName, job.params, job.groupSeed, report, {
      signal,
      ...(job.checkpoint && { checkpoint: job.checkpoint }),
    });
  }
}
