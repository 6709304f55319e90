/**
 * User spelling (schema.ts output) → the internal Spec of types.ts, filling in every
 * omitted field from ../defaults.ts.
 * Only called on input that passed schema.ts and refine.ts.
 */
import type { ParamValue } from '../types.ts';
import type { Algorithm, BoAlgorithm, EarlyStoppingItem, MatrixEntry, MetricSpec, RunSpec, Spec } from './types.ts';
import type { HptuningInput, MetricInput, ResourceInput, RunInput, SpecInput } from './schema.ts';
import { IGNORED_SECTIONS } from './schema.ts';
import { parseCmd } from './cmd.ts';
import { normalizeIo } from './io.ts';
import { DEFAULTS } from '../defaults.ts';
import { bohbAlgorithm, tpeAlgorithm } from './extensions.ts';

export function normalize(input: SpecInput, matrix: readonly MatrixEntry[]): Spec {
  const hp = input.hptuning;
  return {
    version: input.version,
    ...(input.name != null ? { name: input.name } : {}),
    ...(input.description != null ? { description: input.description } : {}),
    ...(input.tags != null ? { tags: input.tags } : {}),
    params: (input.params ?? input.declarations ?? {}) as Record<string, ParamValue>,
    hptuning: {
      concurrency: hp.concurrency ?? DEFAULTS.concurrency,
      seed: hp.seed ?? null,
      matrix,
      algorithm: algorithm(hp),
      earlyStopping: (hp.early_stopping ?? []).map(earlyStopping),
    },
    ...(input.run != null ? { run: run(input.run, input) } : {}),
    ignoredSections: IGNORED_SECTIONS.filter((k) => input[k] !== undefined),
  };
}

function metric(m: MetricInput): MetricSpec {
  return { name: m.name, optimization: m.optimization ?? DEFAULTS.optimization };
}

function resource(r: ResourceInput): { name: string; type: 'int' | 'float' } {
  return { name: r.name, type: r.type ?? DEFAULTS.resourceType };
}

function algorithm(hp: HptuningInput): Algorithm {
  if (hp.random_search) return { kind: 'random', ...count(hp.random_search.n_experiments) };
  if (hp.hyperband) {
    const h = hp.hyperband;
    return { kind: 'hyperband', maxIter: h.max_iter, eta: h.eta, resource: resource(h.resource), metric: metric(h.metric), resume: h.resume ?? DEFAULTS.resume };
  }
  if (hp.bo) return bo(hp.bo);
  if (hp.tpe) return tpeAlgorithm(hp.tpe, metric(hp.tpe.metric));
  if (hp.bohb) {
    const b = hp.bohb;
    return bohbAlgorithm(b, { maxIter: b.max_iter, eta: b.eta, resource: resource(b.resource), metric: metric(b.metric), resume: b.resume ?? DEFAULTS.resume });
  }
  if (hp.asha) {
    const a = hp.asha;
    return {
      kind: 'asha',
      maxIter: a.max_iter,
      minResource: a.min_resource ?? DEFAULTS.ashaMinResource,
      eta: a.eta ?? DEFAULTS.ashaEta,
      nExperiments: a.n_experiments,
      resource: resource(a.resource),
      metric: metric(a.metric),
      resume: a.resume ?? DEFAULTS.resume,
    };
  }
  // Explicit grid_search, or no section at all (docs/hptuning.md, "Choosing the algorithm").
  return { kind: 'grid', ...count(hp.grid_search?.n_experiments) };
}

function count(n: number | null | undefined): { nExperiments?: number } {
  return n == null ? {} : { nExperiments: n };
}

function bo(b: NonNullable<HptuningInput['bo']>): BoAlgorithm {
  const uf = b.utility_function;
  const gp = uf?.gaussian_process;
  const field = DEFAULTS.gaussianProcessField;
  return {
    kind: 'bo',
    nInitialTrials: b.n_initial_trials,
    nIterations: b.n_iterations,
    metric: metric(b.metric),
    utilityFunction: {
      acquisitionFunction: uf?.acquisition_function ?? 'ucb',
      kappa: uf?.kappa ?? DEFAULTS.kappa,
      eps: uf?.eps ?? DEFAULTS.eps,
      gaussianProcess: gp
        ? {
            kernel: gp.kernel ?? field.kernel,
            lengthScale: gp.length_scale ?? field.lengthScale,
            nu: gp.nu ?? field.nu,
            nRestartsOptimizer: gp.n_restarts_optimizer ?? field.nRestartsOptimizer,
          }
        : { ...DEFAULTS.gaussianProcess },
      nWarmup: uf?.n_warmup ?? DEFAULTS.nWarmup,
      nIter: uf?.n_iter ?? DEFAULTS.nIter,
    },
  };
}

function earlyStopping(item: NonNullable<HptuningInput['early_stopping']>[number]): EarlyStoppingItem {
  const p = item.policy;
  const interval = p?.evaluation_interval ?? DEFAULTS.evaluationInterval;
  return {
    metric: item.metric,
    ...(item.value != null ? { value: item.value } : {}),
    optimization: item.optimization ?? DEFAULTS.optimization,
    ...(p
      ? {
          policy:
            p.kind === 'truncation'
              ? { kind: 'truncation' as const, percent: p.percent, evaluationInterval: interval }
              : { kind: p.kind, evaluationInterval: interval },
        }
      : {}),
  };
}

function run(r: RunInput, input: SpecInput): RunSpec {
  if (r.objective !== undefined) return { kind: 'objective', objective: r.objective };
  if (r.model !== undefined) {
    return {
      kind: 'model',
      model: r.model,
      dataset: r.dataset!,
      backend: r.backend ?? DEFAULTS.backend,
      ...(r.samples !== undefined ? { samples: r.samples } : {}),
    };
  }
  if (r.code !== undefined) return { kind: 'code', code: r.code };
  return {
    kind: 'cmd',
    cmd: parseCmd(r.cmd, ['run', 'cmd']).cmd!,
    ...(r.grace_period != null && { gracePeriod: r.grace_period }),
    ...(input.inputs != null && { inputs: normalizeIo(input.inputs) }),
    ...(input.outputs != null && { outputs: normalizeIo(input.outputs) }),
  };
}
