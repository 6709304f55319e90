/**
 * Every default hptune applies, in one place: the spec's omitted fields (concurrency 1,
 * resource type float, optimization maximize, resume false, the Bayesian optimization
 * settings, ASHA's min_resource 1 and eta 3, evaluation_interval 1, backend cpu) and the
 * epochs a built-in model trains when nothing schedules them (docs/hptuning.md). A
 * built-in objective's own resource default (LC4's 81 epochs) is a fact of the problem and
 * stays in spec/objectives.ts.
 */
export const DEFAULTS = {
  concurrency: 1,
  resourceType: 'float',
  optimization: 'maximize',
  resume: false,
  /** An omitted utility_function, and the parameter an explicit acquisition lacks (docs/differences.md, "BO defaults for omitted fields"). */
  kappa: 2.576,
  eps: 0,
  /** An omitted gaussian_process (docs/differences.md, "BO defaults for omitted fields"). */
  gaussianProcess: { kernel: 'matern', lengthScale: 1.0, nu: 2.5, nRestartsOptimizer: 0 },
  /** Fields left out of a given gaussian_process, as Polyaxon's GaussianProcessConfig fills them (docs/hptuning.md, "The Gaussian process"). */
  gaussianProcessField: { kernel: 'matern', lengthScale: 1.0, nu: 1.5, nRestartsOptimizer: 0 },
  /** Acquisition maximization: random warm-up points and L-BFGS-B restarts (docs/hptuning.md, "Maximizing the acquisition"). */
  nWarmup: 1000,
  nIter: 10,
  /** ASHA's smallest rung when min_resource is omitted (docs/hptuning.md, "ASHA"). */
  ashaMinResource: 1,
  ashaEta: 3,
  evaluationInterval: 1,
  backend: 'cpu',
  /**
   * Epochs a built-in model trains when nothing sets `epochs` (no param, no matrix entry,
   * no Hyperband/ASHA resource): the models' parameter table and the work estimate read it.
   */
  modelEpochs: 10,
} as const;
