/**
 * `hptune check FILE`: validates a spec like `polyaxon check` (README.md, "hptune check FILE") and prints the
 * group's definition with the effective number of trials (docs/differences.md, "Random search is capped at the reachable configurations"), or one line per problem
 * `FILE:LINE:COL path: message` and exit 1.
 */
import { formatIssue, parseSpec, planGroup, type Spec, type SpecIssue } from '../../engine/index.ts';
import { readSpecFile } from '../io.ts';
import { formatTable } from '../table.ts';
import type { Io } from '../main.ts';

export async function check(file: string, io: Io): Promise<number> {
  const loaded = await loadSpec(file, io);
  if (!loaded) return 1;
  io.out(formatTable(definitionRows(loaded.spec)));
  return 0;
}

/** Reads and parses a spec file; prints problems or warnings, and returns the spec and its text when valid. */
export async function loadSpec(file: string, io: Io): Promise<{ spec: Spec; text: string } | undefined> {
  const read = await readSpecFile(file);
  if (!read.ok) {
    io.err(read.message);
    return undefined;
  }
  const parsed = parseSpec(read.text);
  printIssues(file, parsed.warnings, io, 'warning: ');
  if (!parsed.ok) {
    printIssues(file, parsed.issues, io);
    return undefined;
  }
  return { spec: parsed.spec, text: read.text };
}

function printIssues(file: string, issues: readonly SpecIssue[], io: Io, prefix = ''): void {
  for (const issue of issues) io.err(formatIssue(file, { ...issue, message: prefix + issue.message }));
}

function definitionRows(spec: Spec): string[][] {
  const h = spec.hptuning;
  const plan = planGroup(spec);
  const requested =
    (h.algorithm.kind === 'grid' || h.algorithm.kind === 'random') && h.algorithm.nExperiments !== undefined ? h.algorithm.nExperiments : undefined;
  const count =
    requested !== undefined && requested !== plan.trials ? `${plan.trials} (${requested} requested; the space holds ${plan.trials})` : String(plan.trials);
  const rows = [
    ['Search algorithm', h.algorithm.kind],
    ['Concurrency', h.concurrency === 1 ? 'sequential runs' : `${h.concurrency} concurrent runs`],
    ['Early stopping', h.earlyStopping.length > 0 ? 'activated' : 'deactivated'],
    ['Experiments to create', count],
    ['Seed', h.seed === null ? 'none (one is drawn and recorded when the group is created)' : String(h.seed)],
    ['Run', describeRun(spec)],
  ];
  if (spec.ignoredSections.length > 0) rows.push(['Ignored sections', spec.ignoredSections.join(', ')]);
  return rows;
}

function describeRun(spec: Spec): string {
  const run = spec.run;
  if (!run) return 'none (the group cannot start without a run section)';
  switch (run.kind) {
    case 'objective':
      return `built-in objective ${run.objective}`;
    case 'model':
      return `${run.model} on ${run.dataset} (${run.backend} backend)`;
    case 'code':
      return 'user code (JavaScript, in a worker)';
    case 'cmd':
      return `shell command, one process per trial: ${typeof run.cmd === 'string' ? run.cmd.replace(/\s+/g, ' ').trim() : Array.isArray(run.cmd) ? `a list of ${run.cmd.length}` : 'an if operator'}`;
  }
}
