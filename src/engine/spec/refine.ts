/**
 * Rules that relate fields to each other, run once every object has its shape
 * (schema.ts) and every matrix entry is parsed (matrix.ts): algorithm selection and matrix
 * vs algorithm (docs/hptuning.md, "Choosing the algorithm", "Which matrix options each
 * algorithm takes"), params vs declarations, the run section (docs/hptuning.md, "run: what a
 * trial runs"), early-stopping items (docs/hptuning.md, "Early-stopping fields"), ASHA
 * budgets; and the warnings (docs/differences.md, "A params value that shadows a matrix key",
 * "BO defaults for omitted fields", "logspace takes exponents"), an empty random_search and
 * the objective's inputs.
 */
import type { MatrixEntry } from './types.ts';
import type { ObjectiveInfo } from './objectives.ts';
import { OBJECTIVES, isObjectiveName } from './objectives.ts';
import type { Path, RawIssue } from './issues.ts';
import { listOf, show } from './issues.ts';
import { isDistribution } from './matrix.ts';
import type { AlgorithmKey, SpecInput } from './schema.ts';
import { ALGORITHM_KEYS } from './schema.ts';
import { checkCommands } from './refine-cmd.ts';
import { isRangeLike, rangeLikeLength } from '../space/generate.ts';
import { checkExtensions } from './extensions.ts';
import { DEFAULTS } from '../defaults.ts';

export interface RefineResult {
  readonly issues: readonly RawIssue[];
  readonly warnings: readonly RawIssue[];
}

/** The algorithm section in use, or undefined for the default grid (docs/hptuning.md, "Choosing the algorithm"). */
export function algorithmKey(input: SpecInput): AlgorithmKey | undefined {
  return ALGORITHM_KEYS.find((k) => input.hptuning[k] !== null && input.hptuning[k] !== undefined);
}

/** The most values one range-like matrix option may generate. */
export const MAX_GENERATED = 1_000_000;

export function refine(input: SpecInput, matrix: readonly MatrixEntry[]): RefineResult {
  const issues: RawIssue[] = [];
  const warnings: RawIssue[] = [];
  checkParams(input, issues, warnings, matrix);
  checkAlgorithm(input, matrix, issues, warnings);
  checkEarlyStopping(input, issues);
  checkRun(input, matrix, issues, warnings);
  issues.push(...checkCommands(input, matrix, warnings));
  for (const { name, option } of matrix) {
    // Generated lists are materialized (grid, caps, BO's feasible sets): refuse what would
    // exhaust memory instead of crashing later.
    if (isRangeLike(option) && rangeLikeLength(option) > MAX_GENERATED) {
      issues.push({
        path: ['hptuning', 'matrix', name, option.kind],
        message: `generates ${rangeLikeLength(option)} values; at most ${MAX_GENERATED} are allowed (use a distribution such as uniform for a continuous range)`,
      });
    }
    // docs/differences.md, "logspace takes exponents": numpy semantics, start/stop are exponents; bounds in (0, 1) suggest a mix-up.
    if (option.kind === 'logspace' && option.start > 0 && option.start < 1 && option.stop > 0 && option.stop < 1) {
      warnings.push({
        path: ['hptuning', 'matrix', name, 'logspace'],
        message: `logspace start and stop are exponents (values ${option.base}^${option.start} … ${option.base}^${option.stop}); both lie strictly between 0 and 1: did you mean geomspace?`,
      });
    }
  }
  return { issues, warnings };
}

function checkParams(input: SpecInput, issues: RawIssue[], warnings: RawIssue[], matrix: readonly MatrixEntry[]): void {
  const hasParams = input.params !== null && input.params !== undefined;
  const hasDeclarations = input.declarations !== null && input.declarations !== undefined;
  if (hasParams && hasDeclarations) {
    issues.push({
      path: ['declarations'],
      atKey: true,
      message: 'params and declarations are the same section (declarations is its Polyaxon 0.4 name): give only one, received both',
    });
    return;
  }
  const section = hasDeclarations ? 'declarations' : 'params';
  const constants = (hasDeclarations ? input.declarations : input.params) ?? {};
  for (const { name } of matrix) {
    if (Object.prototype.hasOwnProperty.call(constants, name)) {
      // docs/differences.md, "A params value that shadows a matrix key": accepted as Polyaxon does; the constant wins.
      warnings.push({
        path: [section, name],
        atKey: true,
        message: `${section}.${name} overrides hptuning.matrix.${name} (the ${section} value wins)`,
      });
    }
  }
}

function checkAlgorithm(input: SpecInput, matrix: readonly MatrixEntry[], issues: RawIssue[], warnings: RawIssue[]): void {
  const hp = input.hptuning;
  const present = ALGORITHM_KEYS.filter((k) => hp[k] !== null && hp[k] !== undefined);
  if (present.length > 1) {
    issues.push({
      path: ['hptuning'],
      at: ['hptuning', present[1]!],
      atKey: true,
      message: `Only one search algorithm can be used. Received ${listOf(present)}`,
    });
    return;
  }
  const key = present[0];
  if (matrix.length === 0) {
    const message = key ? 'Search algorithms need a matrix definition.' : 'A matrix definition is required for group specification.';
    issues.push({ path: ['hptuning', 'matrix'], message: `${message} Received ${hp.matrix ? 'an empty matrix' : 'none'}` });
    return;
  }
  // docs/hptuning.md, "Which matrix options each algorithm takes": grid (explicit or default) enumerates, so no distributions; BO encodes uniform only.
  for (const { name, option } of matrix) {
    const path: Path = ['hptuning', 'matrix', name];
    if ((key === undefined || key === 'grid_search') && isDistribution(option)) {
      issues.push({ path, message: `\`${name}\` defines a distribution, and it cannot be used with grid search. Received ${option.kind}` });
    } else if (key === 'bo' && isDistribution(option) && option.kind !== 'uniform') {
      issues.push({
        path,
        message: `\`${name}\` defines a non uniform distribution, and it cannot be used with bayesian optimization. Received ${option.kind}`,
      });
    }
  }
  if (key === 'random_search' && (hp.random_search?.n_experiments ?? null) === null) {
    warnings.push({
      path: ['hptuning', 'random_search'],
      atKey: true,
      message: 'random_search has no n_experiments: the file validates (as in Polyaxon) but the group cannot start (This search algorithm requires n_experiments.)',
    });
  }
  const uf = hp.bo?.utility_function;
  if (uf) {
    // docs/differences.md, "BO defaults for omitted fields": Polyaxon rejects these; hptune fills the documented defaults and says so.
    const acq = uf.acquisition_function ?? 'ucb';
    if (acq === 'ucb' && (uf.kappa ?? null) === null) {
      warnings.push({
        path: ['hptuning', 'bo', 'utility_function'],
        message: 'the acquisition function `ucb` requires a parameter `kappa` in Polyaxon; hptune uses kappa: 2.576',
      });
    }
    if (acq !== 'ucb' && (uf.eps ?? null) === null) {
      warnings.push({
        path: ['hptuning', 'bo', 'utility_function'],
        message: `the acquisition function \`${acq}\` requires a parameter \`eps\` in Polyaxon; hptune uses eps: 0`,
      });
    }
  }
  const budgeted = hp.hyperband ?? hp.asha ?? hp.bohb;
  if (budgeted && matrix.some((e) => e.name === budgeted.resource.name)) {
    // Polyaxon let the matrix value win over the resource, silently breaking the schedule; the
    // clash is an error (docs/differences.md, "The resource may not be a matrix key or a params constant").
    issues.push({
      path: ['hptuning', 'matrix', budgeted.resource.name],
      atKey: true,
      message: `must not be a matrix key: \`${budgeted.resource.name}\` is the ${key} resource, which the scheduler sets for each trial; remove it from the matrix`,
    });
  }
  if (budgeted && Object.prototype.hasOwnProperty.call(input.params ?? input.declarations ?? {}, budgeted.resource.name)) {
    // `params` win over suggestions (docs/hptuning.md, "From a suggestion to a trial's params"), so a constant would silently replace every rung's resource (docs/differences.md, "The resource may not be a matrix key or a params constant").
    issues.push({
      path: [input.params ? 'params' : 'declarations', budgeted.resource.name],
      atKey: true,
      message: `must not be set: \`${budgeted.resource.name}\` is the ${key} resource, which the scheduler sets for each trial; remove it from ${input.params ? 'params' : 'declarations'}`,
    });
  }
  if (hp.asha) checkAsha(hp.asha, issues);
  checkExtensions(hp, matrix, issues);
}

function checkAsha(asha: NonNullable<SpecInput['hptuning']['asha']>, issues: RawIssue[]): void {
  const minResource = asha.min_resource ?? DEFAULTS.ashaMinResource;
  if (minResource > asha.max_iter) {
    issues.push({
      path: ['hptuning', 'asha', 'min_resource'],
      message: `min_resource must be ≤ max_iter, received min_resource: ${minResource}, max_iter: ${asha.max_iter}`,
    });
  }
  if ((asha.resource.type ?? DEFAULTS.resourceType) === 'int') {
    for (const [field, value] of [['max_iter', asha.max_iter], ['min_resource', minResource]] as const) {
      if (!Number.isInteger(value)) {
        issues.push({ path: ['hptuning', 'asha', field], message: `must be an integer when resource.type is int, received ${value}` });
      }
    }
  }
}

function checkEarlyStopping(input: SpecInput, issues: RawIssue[]): void {
  (input.hptuning.early_stopping ?? []).forEach((item, i) => {
    if ((item.value ?? null) === null && (item.policy ?? null) === null) {
      issues.push({
        path: ['hptuning', 'early_stopping', i],
        message: `an early_stopping item needs a value (a threshold on ${item.metric}) or a policy, received neither`,
      });
    }
  });
}

const RUN_KINDS = ['objective', 'model', 'code', 'cmd'] as const;
const MODEL_ONLY = ['dataset', 'backend', 'samples'] as const;

function checkRun(input: SpecInput, matrix: readonly MatrixEntry[], issues: RawIssue[], warnings: RawIssue[]): void {
  const run = input.run;
  if (!run) return;
  const given = RUN_KINDS.filter((k) => run[k] !== undefined);
  if (given.length !== 1) {
    issues.push({
      path: ['run'],
      message: `run needs exactly one of ${RUN_KINDS.join(', ')}, received ${given.length === 0 ? 'none' : listOf(given)}`,
    });
    return;
  }
  if (given[0] === 'model') {
    if (run.dataset === undefined) issues.push({ path: ['run', 'dataset'], message: 'is required with run.model: name a built-in dataset' });
  } else {
    for (const k of MODEL_ONLY) {
      if (run[k] !== undefined) {
        issues.push({ path: ['run', k], atKey: true, message: `applies only to run.model, received it with run.${given[0]}` });
      }
    }
  }
  if (run.objective !== undefined && isObjectiveName(run.objective)) checkObjective(run.objective, OBJECTIVES[run.objective], input, matrix, warnings);
}

/** A matrix the objective ignores, or an input nobody provides, is most likely a typo. */
function checkObjective(name: string, info: ObjectiveInfo, input: SpecInput, matrix: readonly MatrixEntry[], warnings: RawIssue[]): void {
  const hp = input.hptuning;
  const resource = (hp.hyperband ?? hp.asha ?? hp.bohb)?.resource.name;
  const reads = new Set<string>([...info.inputs, ...(info.resource ? [info.resource.name] : [])]);
  for (const { name: key } of matrix) {
    if (!reads.has(key)) {
      warnings.push({
        path: ['hptuning', 'matrix', key],
        atKey: true,
        message: `the objective ${name} does not read ${show(key)} (it reads ${info.inputs.join(', ') || 'no input'})`,
      });
    }
  }
  const constants = input.params ?? input.declarations ?? {};
  for (const needed of info.inputs) {
    if (!matrix.some((e) => e.name === needed) && !Object.prototype.hasOwnProperty.call(constants, needed) && needed !== resource) {
      warnings.push({
        path: ['run', 'objective'],
        message: `the objective ${name} reads ${show(needed)}, which is neither in hptuning.matrix nor in params`,
      });
    }
  }
  const metrics: [Path, string][] = [];
  const algo = hp.hyperband ?? hp.bo ?? hp.asha ?? hp.tpe ?? hp.bohb;
  if (algo) metrics.push([['hptuning', algorithmKey(input)!, 'metric', 'name'], algo.metric.name]);
  (hp.early_stopping ?? []).forEach((item, i) => metrics.push([['hptuning', 'early_stopping', i, 'metric'], item.metric]));
  for (const [path, metric] of metrics) {
    if (metric !== info.metric) {
      warnings.push({ path, message: `the objective ${name} reports only ${show(info.metric)}, received ${show(metric)}` });
    }
  }
}
