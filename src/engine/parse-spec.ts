/**
 * The parser as the engine's users see it: spec/parse.ts plus the warnings that need the
 * plan (plan.ts), which the spec folder cannot import without a cycle (plans are built
 * by the samplers and schedulers, which read the spec's types).
 *
 * A plan beyond HUGE_PLAN trials is legal but almost certainly a slip (`max_iter:
 * 1000000000` plans hundreds of millions of trials): the group would run for days and its
 * store, tables and charts grow with every trial. `hptune check` and the editor show the
 * warning with the count, at the field that sets it.
 */
import type { ParseResult, Spec } from './spec/types.ts';
import type { Path, RawIssue } from './spec/issues.ts';
import { parseSpecWith } from './spec/parse.ts';
import { planGroup } from './plan.ts';

/** Plans with more trials than this are warned about. */
export const HUGE_PLAN = 100_000;

/** Parse polyaxonfile text (YAML 1.2 or JSON), with the huge-plan warning. */
export function parseSpec(text: string): ParseResult {
  return parseSpecWith(text, hugePlanWarnings);
}

const count = (n: number): string => n.toLocaleString('en-US');

/** The field that sets the plan's size, and its value as written. */
function sizeField(spec: Spec): { path: Path; atKey?: boolean; what: string } {
  const a = spec.hptuning.algorithm;
  const h = ['hptuning'];
  switch (a.kind) {
    case 'grid':
      return a.nExperiments === undefined
        ? { path: [...h, 'matrix'], atKey: true, what: 'the grid' }
        : { path: [...h, 'grid_search', 'n_experiments'], what: `n_experiments: ${a.nExperiments}` };
    case 'random':
      return { path: [...h, 'random_search', 'n_experiments'], what: `n_experiments: ${a.nExperiments}` };
    case 'hyperband':
    case 'bohb':
      return { path: [...h, a.kind, 'max_iter'], what: `max_iter: ${a.maxIter}` };
    case 'asha':
    case 'tpe':
      return { path: [...h, a.kind, 'n_experiments'], what: `n_experiments: ${a.nExperiments}` };
    case 'bo':
      return { path: [...h, 'bo', 'n_iterations'], what: `n_iterations: ${a.nIterations}` };
  }
}

/** A warning when the plan goes beyond HUGE_PLAN trials, e.g. "max_iter: 1000000000 plans 897,000,000 trials". */
export function hugePlanWarnings(spec: Spec): RawIssue[] {
  let trials: number;
  try {
    trials = planGroup(spec).trials;
  } catch {
    return []; // a plan that cannot be built fails the group with its own reason
  }
  if (!(trials > HUGE_PLAN)) return [];
  const { path, atKey, what } = sizeField(spec);
  return [
    {
      path,
      ...(atKey ? { atKey } : {}),
      message:
        `${what} plans ${count(trials)} trials, more than ${count(HUGE_PLAN)}: the group would run for a very long time, ` +
        `and its storage and charts grow with every trial; lower it unless you mean it`,
    },
  ];
}
