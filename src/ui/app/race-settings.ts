/**
 * An algorithm race (the classroom demo): 2–5 search algorithms on one built-in benchmark
 * objective, with one seed and one budget. This file holds the race's settings as data: how
 * they are read from and written to the URL (`#/race?objective=branin&seed=1&budget=30&algorithms=bo,random`),
 * why a setting is refused, and the spec each algorithm runs (docs/hptuning.md for every
 * field; the problems and their domains: docs/benchmarks.md).
 *
 * The budget is what every algorithm may spend: evaluations for a closed-form problem, units
 * of resource (epochs) for the learning-curve problem lc4, where a promoted trial that resumes
 * pays only its increment (docs/differences.md, "Resuming a promoted trial").
 */
import { Document, isMap, isSeq, visit } from 'yaml';
import { OBJECTIVES, type ObjectiveName } from '../../engine/index.ts';

export const RACE_OBJECTIVES = ['branin', 'hartmann3', 'hartmann6', 'rosenbrock2_scaled', 'ackley5', 'lc4'] as const satisfies readonly ObjectiveName[];
export type RaceObjective = (typeof RACE_OBJECTIVES)[number];

export const RACE_ALGORITHMS = ['grid', 'random', 'bo', 'tpe', 'hyperband', 'asha', 'bohb'] as const;
export type RaceAlgorithm = (typeof RACE_ALGORITHMS)[number];

export const ALGORITHM_LABELS: Readonly<Record<RaceAlgorithm, string>> = {
  grid: 'Grid search',
  random: 'Random search',
  bo: 'Bayesian optimization',
  tpe: 'TPE',
  hyperband: 'Hyperband',
  asha: 'ASHA',
  bohb: 'BOHB',
};

/** Algorithms that spend a resource (epochs) per trial: they need a learning-curve objective. */
const NEEDS_RESOURCE: ReadonlySet<RaceAlgorithm> = new Set(['hyperband', 'asha', 'bohb']);

export const MIN_ALGORITHMS = 2;
export const MAX_ALGORITHMS = 5;
/** lc4's largest resource in a race: small enough that a 3-algorithm race ends in seconds. */
export const LC4_MAX_ITER = 27;

export interface RaceSettings {
  readonly objective: RaceObjective;
  readonly seed: number;
  /** Evaluations (closed-form problems) or units of resource (lc4). */
  readonly budget: number;
  readonly algorithms: readonly RaceAlgorithm[];
}

export const DEFAULT_RACE: RaceSettings = { objective: 'branin', seed: 1, budget: 30, algorithms: ['random', 'bo', 'tpe'] };

export const hasResource = (o: RaceObjective): boolean => o === 'lc4';

/** The budget's bounds and unit for an objective. */
export function budgetRange(o: RaceObjective): { readonly min: number; readonly max: number; readonly unit: string; readonly fallback: number } {
  return hasResource(o)
    ? { min: 2 * LC4_MAX_ITER, max: 200 * LC4_MAX_ITER, unit: 'units of resource (epochs)', fallback: 30 * LC4_MAX_ITER }
    : { min: 2, max: 200, unit: 'evaluations', fallback: 30 };
}

export interface RaceProblem {
  /** The setting at fault: objective, seed, budget or algorithms. */
  readonly field: keyof RaceSettings;
  readonly message: string;
}

export type RaceCheck = { readonly ok: true; readonly settings: RaceSettings } | { readonly ok: false; readonly problems: readonly RaceProblem[] };

/** Raw settings as a form or a URL gives them: texts, not yet checked. */
export interface RaceInput {
  readonly objective?: string;
  readonly seed?: string;
  readonly budget?: string;
  readonly algorithms?: string;
}

/** Checks raw settings; every problem names the setting, the rule and what was received. */
export function checkRace(input: RaceInput): RaceCheck {
  const problems: RaceProblem[] = [];
  const objective = (input.objective ?? DEFAULT_RACE.objective).trim();
  const isObjective = (RACE_OBJECTIVES as readonly string[]).includes(objective);
  if (!isObjective) {
    problems.push({
      field: 'objective',
      message: `objective must be one of the built-in benchmark objectives (${RACE_OBJECTIVES.join(', ')}), got ${JSON.stringify(objective)}: a race scores every algorithm against the objective's known minimum, so models and your own code cannot race.`,
    });
  }
  const seed = input.seed === undefined || input.seed.trim() === '' ? DEFAULT_RACE.seed : Number(input.seed);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) problems.push({ field: 'seed', message: `seed must be an integer from 0 to 2147483647, got ${JSON.stringify(input.seed)}.` });
  const range = budgetRange(isObjective ? (objective as RaceObjective) : DEFAULT_RACE.objective);
  const budget = input.budget === undefined || input.budget.trim() === '' ? range.fallback : Number(input.budget);
  if (!Number.isInteger(budget) || budget < range.min || budget > range.max) {
    problems.push({ field: 'budget', message: `budget must be a whole number of ${range.unit} from ${range.min} to ${range.max}, got ${JSON.stringify(input.budget)}.` });
  }
  const names = (input.algorithms ?? DEFAULT_RACE.algorithms.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(RACE_ALGORITHMS as readonly string[]).includes(n));
  const algorithms = [...new Set(names)].filter((n): n is RaceAlgorithm => (RACE_ALGORITHMS as readonly string[]).includes(n));
  if (unknown.length > 0) problems.push({ field: 'algorithms', message: `algorithms must be chosen from ${RACE_ALGORITHMS.join(', ')}, got ${unknown.map((u) => JSON.stringify(u)).join(', ')}.` });
  else if (names.length !== new Set(names).size) problems.push({ field: 'algorithms', message: `each algorithm races once, got ${names.join(', ')}.` });
  else if (algorithms.length < MIN_ALGORITHMS || algorithms.length > MAX_ALGORITHMS) {
    problems.push({
      field: 'algorithms',
      message: `a race runs ${MIN_ALGORITHMS} to ${MAX_ALGORITHMS} algorithms side by side (more would not fit one chart or the machine), got ${algorithms.length}${algorithms.length ? `: ${algorithms.join(', ')}` : ''}.`,
    });
  }
  if (isObjective && !hasResource(objective as RaceObjective)) {
    const multiFidelity = algorithms.filter((a) => NEEDS_RESOURCE.has(a));
    if (multiFidelity.length > 0) {
      problems.push({
        field: 'algorithms',
        message: `${multiFidelity.join(', ')} train${multiFidelity.length === 1 ? 's' : ''} trials for a growing resource (epochs) and stop the worst early, which needs a learning-curve objective: ${objective} has no resource. Choose lc4, or grid, random, bo and tpe.`,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, settings: { objective: objective as RaceObjective, seed, budget, algorithms } };
}

/** The race's settings as read from a URL query (`objective=branin&seed=1&...`). */
export function raceInputOf(query: string): RaceInput {
  const q = new URLSearchParams(query);
  const get = (k: string) => q.get(k) ?? undefined;
  const out: Record<string, string> = {};
  for (const k of ['objective', 'seed', 'budget', 'algorithms'] as const) {
    const v = get(k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** The URL query of a race: opening it shows the same race, ready to start. */
export function raceQuery(s: RaceSettings): string {
  return new URLSearchParams({ objective: s.objective, seed: String(s.seed), budget: String(s.budget), algorithms: s.algorithms.join(',') }).toString().replace(/%2C/g, ',');
}

const METRIC = { name: 'loss', optimization: 'minimize' } as const;

function uniformMatrix(o: RaceObjective): Record<string, unknown> {
  const info = OBJECTIVES[o];
  return Object.fromEntries(info.inputs.map((name, i) => [name, { uniform: [...info.bounds[i]!] }]));
}

/** A grid of k points per input with k^d ≤ n (at least 2 per input, so a grid may run fewer). */
function gridMatrix(o: RaceObjective, n: number): Record<string, unknown> {
  const info = OBJECTIVES[o];
  const k = Math.max(2, Math.floor(n ** (1 / info.inputs.length) + 1e-9));
  return Object.fromEntries(info.inputs.map((name, i) => [name, { linspace: [...info.bounds[i]!, k] }]));
}

/** The `hptuning` algorithm section of one racer; `n` is how many full evaluations the budget buys. */
function algorithmSection(a: RaceAlgorithm, o: RaceObjective, n: number, budget: number): Record<string, unknown> {
  const resource = { name: OBJECTIVES.lc4.resource.name, type: 'int' };
  switch (a) {
    case 'grid':
      return { grid_search: { n_experiments: n }, matrix: gridMatrix(o, n) };
    case 'random':
      return { random_search: { n_experiments: n }, matrix: uniformMatrix(o) };
    case 'bo': {
      const initial = Math.min(10, Math.max(1, Math.floor(n / 3)));
      const bo = { n_initial_trials: initial, n_iterations: n - initial, metric: METRIC, utility_function: { acquisition_function: 'ei', eps: 0 } };
      return { bo, matrix: uniformMatrix(o) };
    }
    case 'tpe':
      return { tpe: { n_experiments: n, n_startup_trials: Math.min(10, Math.max(1, Math.floor(n / 3))), metric: METRIC }, matrix: uniformMatrix(o) };
    case 'hyperband':
      return { hyperband: { max_iter: LC4_MAX_ITER, eta: 3, resource, metric: METRIC, resume: true }, matrix: uniformMatrix(o) };
    case 'asha':
      // As many configurations as the budget could start; the race stops it when the budget is spent.
      return { asha: { max_iter: LC4_MAX_ITER, min_resource: 1, eta: 3, n_experiments: budget, resource, metric: METRIC, resume: true }, matrix: uniformMatrix(o) };
    case 'bohb':
      return { bohb: { max_iter: LC4_MAX_ITER, eta: 3, n_iterations: Math.max(1, Math.ceil(budget / LC4_MAX_ITER / 4)), resource, metric: METRIC, resume: true }, matrix: uniformMatrix(o) };
  }
}

/** The polyaxonfile one racer runs (YAML), with the race's seed; concurrency 1 so that every racer is replayable. */
export function raceSpec(s: RaceSettings, a: RaceAlgorithm): string {
  const lc4 = hasResource(s.objective);
  const n = lc4 ? Math.floor(s.budget / LC4_MAX_ITER) : s.budget;
  const { matrix, ...section } = algorithmSection(a, s.objective, n, s.budget);
  const spec = {
    version: 1,
    kind: 'group',
    name: `race-${s.objective}-${a}`,
    description: `${ALGORITHM_LABELS[a]} on ${s.objective}, seed ${s.seed}, budget ${s.budget} ${budgetRange(s.objective).unit}`,
    // Algorithms without a resource train every lc4 trial fully.
    ...(lc4 && !NEEDS_RESOURCE.has(a) && { params: { [OBJECTIVES.lc4.resource.name]: LC4_MAX_ITER } }),
    hptuning: { seed: s.seed, concurrency: 1, ...section, matrix },
    run: { objective: s.objective },
  };
  // Matrix entries and metrics on one line each (`x1: {uniform: [-5, 10]}`), as the examples are written.
  const doc = new Document(spec);
  visit(doc, (_key, node, path) => {
    if (isSeq(node) || (isMap(node) && path.length >= 7)) node.flow = true;
  });
  return doc.toString({ flowCollectionPadding: false });
}
