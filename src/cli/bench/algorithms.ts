/**
 * The algorithms `hptune bench` compares, each as a spec builder for a closed-form
 * problem of docs/benchmarks.md: the matrix names the inputs x1… with `uniform` over the
 * problem's domain and the trial reports `loss` (always minimized).
 */
import { OBJECTIVES, type AlgorithmOptions, type ObjectiveName } from '../../engine/index.ts';

export interface BenchAlgorithm {
  /** The `hptuning` algorithm section and matrix for a problem at a budget (number of evaluations). */
  hptuning(problem: ObjectiveName, budget: number): Record<string, unknown>;
  readonly options?: AlgorithmOptions;
}

function uniformMatrix(problem: ObjectiveName): Record<string, unknown> {
  const info = OBJECTIVES[problem];
  return Object.fromEntries(info.inputs.map((name, i) => [name, { uniform: [...info.bounds[i]!] }]));
}

/** A grid of k points per input with k^d ≤ budget (at least 2 per input). */
function gridMatrix(problem: ObjectiveName, budget: number): Record<string, unknown> {
  const info = OBJECTIVES[problem];
  const k = Math.max(2, Math.floor(budget ** (1 / Math.max(1, info.inputs.length)) + 1e-9));
  return Object.fromEntries(info.inputs.map((name, i) => [name, { linspace: [...info.bounds[i]!, k] }]));
}

/** BO with expected improvement: 10 initial random trials, then BO up to the budget. */
function boSection(p: ObjectiveName, budget: number): Record<string, unknown> {
  const initial = Math.min(10, budget);
  return {
    bo: {
      n_initial_trials: initial,
      n_iterations: budget - initial,
      metric: { name: 'loss', optimization: 'minimize' },
      utility_function: { acquisition_function: 'ei', eps: 0 },
    },
    matrix: uniformMatrix(p),
  };
}

export const BENCH_ALGORITHMS: Record<string, BenchAlgorithm> = {
  random: { hptuning: (p, budget) => ({ random_search: { n_experiments: budget }, matrix: uniformMatrix(p) }) },
  grid: { hptuning: (p, budget) => ({ grid_search: { n_experiments: budget }, matrix: gridMatrix(p, budget) }) },
  bo: { hptuning: boSection },
  /** Polyaxon's model: isotropic Matern, no amplitude or noise, y not standardized (docs/hptuning.md, "The Gaussian process"). */
  'bo-plain': { hptuning: boSection, options: { boModel: 'plain' } },
  /** hptune's model with the previous settings (values standardized, no output warp, a refit at every step): the baseline of `bo`. */
  'bo-previous': { hptuning: boSection, options: { boPrevious: true } },
  /** TPE with Optuna's defaults (docs/extensions.md, "TPE"): 10 random trials, then TPE up to the budget. */
  tpe: { hptuning: (p, budget) => ({ tpe: { n_experiments: budget, metric: { name: 'loss', optimization: 'minimize' } }, matrix: uniformMatrix(p) }) },
};
