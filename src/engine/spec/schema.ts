/**
 * zod 4 schemas of a polyaxonfile as the user writes it (snake_case, nulls allowed where
 * Polyaxon allows them). Strict objects everywhere: an unknown key is an error naming the key
 * (docs/hptuning.md, "The hptuning section", docs/differences.md, "Sections that do not apply are accepted and ignored"). Only the shape of each object is checked here; rules that relate two
 * fields are in refine.ts, defaults and the internal form in normalize.ts, and matrix
 * option arguments in matrix.ts (Polyaxon's positional parser). Every message states the rule
 * and the value received.
 */
import { z } from 'zod';
import { BACKENDS, DATASETS, MODELS } from './types.ts';
import { OBJECTIVES, isObjectiveName } from './objectives.ts';
import { nonFinite } from './matrix.ts';
import { show } from './issues.ts';
import { IoList } from './io.ts';

type Issue = { readonly input?: unknown };

/** `rule` when the value is missing, `rule, received X` otherwise. */
const says =
  (rule: string) =>
  (iss: Issue): string =>
    iss.input === undefined ? `is required: ${rule}` : `${rule}, received ${show(iss.input)}`;

const finite = (rule = 'must be a finite number') => z.number({ error: says(rule) });

/** Only JSON integers where Polyaxon has an Int (docs/hptuning.md, "The hptuning section", recommended for TS). */
const intAtLeast = (min: number) => {
  const rule = `must be an integer ≥ ${min}`;
  return z.number({ error: says(rule) }).refine((v) => Number.isSafeInteger(v) && v >= min, { error: says(rule) });
};

const numberAbove = (min: number) => {
  const rule = `must be a number > ${min}`;
  return z.number({ error: says(rule) }).refine((v) => v > min, { error: says(rule) });
};

const text = () => z.string({ error: says('must be a string') });
const name = () => z.string({ error: says('must be a non-empty string') }).refine((s) => s.trim() !== '', { error: says('must be a non-empty string') });
const bool = () => z.boolean({ error: says('must be true or false') });

/** Polyaxon enums accept the lower, UPPER and Capitalized spellings (docs/hptuning.md, "Hyperband fields", docs/hptuning.md, "BO fields", docs/hptuning.md, "Early-stopping fields"). */
function spelledEnum<const T extends string>(values: readonly [T, ...T[]]) {
  const spellings = values.flatMap((v) => [v, v.toUpperCase(), v[0]!.toUpperCase() + v.slice(1)]);
  const rule = `must be one of ${values.join(', ')} (UPPER or Capitalized spellings also accepted)`;
  return z
    .string({ error: says(rule) })
    .refine((s) => spellings.includes(s), { error: says(rule) })
    .transform((s) => s.toLowerCase() as T);
}

/** A strict object whose unknown-key message lists the keys allowed there. */
function strict<S extends z.core.$ZodLooseShape>(shape: S, what: string) {
  const keys = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `the keys of ${what} are ${keys}` : says(`must be a mapping (${what})`)(iss)),
  });
}

const optimization = spelledEnum(['maximize', 'minimize']);

const Metric = strict({ name: name(), optimization: optimization.nullish() }, 'metric');
const Resource = strict({ name: name(), type: spelledEnum(['int', 'float']).nullish() }, 'resource');

/** docs/hptuning.md, "Grid search", docs/hptuning.md, "Random search" */
const NExperiments = (what: string) => strict({ n_experiments: intAtLeast(1).nullish() }, what);

/** docs/hptuning.md, "Hyperband fields" with docs/differences.md, "eta must be greater than 1" (eta > 1). */
const Hyperband = strict(
  { max_iter: intAtLeast(1), eta: numberAbove(1), resource: Resource, metric: Metric, resume: bool().nullish() },
  'hyperband',
);

/** docs/hptuning.md, "BO fields"; omitted parts get their defaults in normalize.ts (docs/differences.md, "BO defaults for omitted fields"). */
const GaussianProcess = strict(
  {
    kernel: spelledEnum(['matern', 'rbf']).nullish(),
    length_scale: numberAbove(0).nullish(),
    nu: numberAbove(0).nullish(),
    n_restarts_optimizer: intAtLeast(0).nullish(),
  },
  'gaussian_process',
);
const UtilityFunction = strict(
  {
    acquisition_function: spelledEnum(['ucb', 'ei', 'poi']).nullish(),
    kappa: finite().nullish(),
    eps: finite().nullish(),
    gaussian_process: GaussianProcess.nullish(),
    n_warmup: intAtLeast(1).nullish(),
    n_iter: intAtLeast(1).nullish(),
  },
  'utility_function',
);
const Bo = strict(
  { n_initial_trials: intAtLeast(1), n_iterations: intAtLeast(0), metric: Metric, utility_function: UtilityFunction.nullish() },
  'bo',
);

/** hptune's extension: asynchronous successive halving (AshaAlgorithm in types.ts). */
const Asha = strict(
  {
    max_iter: numberAbove(0),
    min_resource: numberAbove(0).nullish(),
    eta: numberAbove(1).nullish(),
    n_experiments: intAtLeast(1),
    resource: Resource,
    metric: Metric,
    resume: bool().nullish(),
  },
  'asha',
);

/** A number inside (lo, hi), or [lo, hi] when `closed`. */
const within = (lo: number, hi: number, closed = false) => {
  const rule = closed ? `must be a number with ${lo} ≤ value ≤ ${hi}` : `must be a number with ${lo} < value < ${hi}`;
  return z.number({ error: says(rule) }).refine((v) => (closed ? v >= lo && v <= hi : v > lo && v < hi), { error: says(rule) });
};

/** hptune's extension: TPE (TpeAlgorithm in types.ts; docs/extensions.md). */
const Tpe = strict(
  {
    n_experiments: intAtLeast(1),
    n_startup_trials: intAtLeast(1).nullish(),
    n_ei_candidates: intAtLeast(1).nullish(),
    gamma: within(0, 1).nullish(),
    prior_weight: numberAbove(0).nullish(),
    consider_endpoints: bool().nullish(),
    multivariate: bool().nullish(),
    metric: Metric,
  },
  'tpe',
);

/** hptune's extension: BOHB, Hyperband's fields plus the model's (BohbAlgorithm in types.ts). */
const Bohb = strict(
  {
    max_iter: intAtLeast(1),
    eta: numberAbove(1),
    resource: Resource,
    metric: Metric,
    resume: bool().nullish(),
    n_iterations: intAtLeast(1).nullish(),
    min_points_in_model: intAtLeast(1).nullish(),
    top_n_percent: within(0, 100).nullish(),
    num_samples: intAtLeast(1).nullish(),
    random_fraction: within(0, 1, true).nullish(),
    bandwidth_factor: numberAbove(0).nullish(),
    min_bandwidth: numberAbove(0).nullish(),
    model: z.enum(['kde', 'gp'], { error: says('must be one of kde, gp') }).nullish(),
  },
  'bohb',
);

/** docs/hptuning.md, "Early-stopping fields"; the policies: docs/differences.md, "Early-stopping policies stop single trials". */
const interval = intAtLeast(1).nullish();
const PolicyKinds = ['median', 'average', 'truncation'] as const;
const Policy = z.discriminatedUnion(
  'kind',
  [
    strict({ kind: z.literal('median'), evaluation_interval: interval }, 'a median policy'),
    strict({ kind: z.literal('average'), evaluation_interval: interval }, 'an average policy'),
    strict(
      {
        kind: z.literal('truncation'),
        percent: finite('must be a number with 0 < percent < 100').refine((p) => p > 0 && p < 100, {
          error: says('must be a number with 0 < percent < 100'),
        }),
        evaluation_interval: interval,
      },
      'a truncation policy',
    ),
  ],
  {
    error: (iss) => {
      const rule = `must be one of ${PolicyKinds.join(', ')}`;
      const kind = typeof iss.input === 'object' && iss.input !== null ? (iss.input as { kind?: unknown }).kind : undefined;
      return typeof iss.input === 'object' && iss.input !== null
        ? says(rule)({ input: kind })
        : says('policy must be a mapping {kind: median | average | truncation, ...}')(iss);
    },
  },
);
const EarlyStoppingItem = strict(
  { metric: name(), value: finite().nullish(), optimization: optimization.nullish(), policy: Policy.nullish() },
  'an early_stopping item',
);

export const ALGORITHM_KEYS = ['grid_search', 'random_search', 'hyperband', 'bo', 'asha', 'tpe', 'bohb'] as const;
export type AlgorithmKey = (typeof ALGORITHM_KEYS)[number];

export const Hptuning = strict(
  {
    concurrency: intAtLeast(1).nullish(),
    seed: z
      .number({ error: says('must be an integer (0 included) or null') })
      .refine(Number.isSafeInteger, { error: says('must be an integer (0 included) or null') })
      .nullish(),
    matrix: z.record(z.string(), z.unknown(), { error: says('must be a mapping of parameter names to options') }).nullish(),
    grid_search: NExperiments('grid_search').nullish(),
    random_search: NExperiments('random_search').nullish(),
    hyperband: Hyperband.nullish(),
    bo: Bo.nullish(),
    asha: Asha.nullish(),
    tpe: Tpe.nullish(),
    bohb: Bohb.nullish(),
    early_stopping: z.array(EarlyStoppingItem, { error: says('must be a list of {metric, value, optimization, policy}') }).nullish(),
  },
  'hptuning',
);

/** A `params` value: any YAML/JSON value, but numbers must be finite (they travel as JSON). */
const ParamValueInput = z.unknown().refine((v) => nonFinite(v) === undefined, {
  error: (iss) => `must hold finite numbers only, received ${show(nonFinite(iss.input))}`,
});
const Params = z.record(z.string(), ParamValueInput, { error: says('must be a mapping of names to values') });

const objectiveNames = Object.keys(OBJECTIVES).join(', ');
/** docs/hptuning.md, "run: what a trial runs"; exactly-one-of is checked in refine.ts. */
export const Run = strict(
  {
    objective: z
      .string({ error: says(`must be one of ${objectiveNames}`) })
      .refine(isObjectiveName, { error: says(`must be one of ${objectiveNames}`) }),
    model: z.enum(MODELS, { error: says(`must be one of ${MODELS.join(', ')}`) }),
    dataset: z.enum(DATASETS, { error: says(`must be one of ${DATASETS.join(', ')}`) }),
    backend: z.enum(BACKENDS, { error: says(`must be one of ${BACKENDS.join(', ')}`) }),
    samples: intAtLeast(1),
    code: z.string({ error: says('must be a string (the source of an async (params, report) => ... function)') }),
    /** Polyaxon's forms (string, list, if operator) are checked in cmd.ts. */
    cmd: z.unknown(),
    grace_period: z.number({ error: says('must be a number of seconds ≥ 0') }).refine((v) => Number.isFinite(v) && v >= 0, { error: says('must be a number of seconds ≥ 0') }),
  },
  'run',
).partial();

/** Top-level sections hptune accepts but does not use (docs/differences.md, "Sections that do not apply are accepted and ignored"). */
export const IGNORED_SECTIONS = ['build', 'environment', 'logging', 'framework', 'backend'] as const;

/** The whole file (docs/differences.md, "Sections that do not apply are accepted and ignored"). */
export const SpecInput = strict(
  {
    version: finite(),
    kind: z.literal('group', { error: says('must be group: hptune runs experiment groups (kind: group)') }),
    name: text().nullish(),
    description: text().nullish(),
    tags: z.array(text(), { error: says('must be a list of strings') }).nullish(),
    params: Params.nullish(),
    declarations: Params.nullish(),
    hptuning: Hptuning,
    run: Run.nullish(),
    /** Polyaxon 0.6 (io.ts). */
    inputs: IoList.nullish(),
    outputs: IoList.nullish(),
    build: z.unknown().optional(),
    environment: z.unknown().optional(),
    logging: z.unknown().optional(),
    framework: z.unknown().optional(),
    backend: z.unknown().optional(),
  },
  'a polyaxonfile',
);

export type SpecInput = z.output<typeof SpecInput>;
export type HptuningInput = z.output<typeof Hptuning>;
export type RunInput = z.output<typeof Run>;
export type MetricInput = z.output<typeof Metric>;
export type ResourceInput = z.output<typeof Resource>;
