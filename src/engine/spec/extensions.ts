/**
 * The `tpe` and `bohb` sections (hptune's extensions, docs/extensions.md): their defaults,
 * their internal form, and the rules schema.ts cannot state alone.
 */
import type { BohbAlgorithm, HyperbandAlgorithm, MatrixEntry, MetricSpec, TpeAlgorithm } from './types.ts';
import type { HptuningInput } from './schema.ts';
import type { RawIssue } from './issues.ts';
import { isCategorical, isDistribution } from '../space/predicates.ts';

/** Optuna's TPESampler defaults (docs/extensions.md, "TPE"). */
export const TPE_DEFAULTS = { nStartupTrials: 10, nEiCandidates: 24, gamma: 0.1, priorWeight: 1, considerEndpoints: false, multivariate: false } as const;

/** The BOHB paper's defaults (Falkner et al. 2018, section 4 and HpBandSter; docs/extensions.md, "BOHB"). */
export const BOHB_DEFAULTS = { topNPercent: 15, numSamples: 64, randomFraction: 1 / 3, bandwidthFactor: 3, minBandwidth: 1e-3 } as const;

export function tpeAlgorithm(t: NonNullable<HptuningInput['tpe']>, metric: MetricSpec): TpeAlgorithm {
  const d = TPE_DEFAULTS;
  return {
    kind: 'tpe',
    nExperiments: t.n_experiments,
    nStartupTrials: t.n_startup_trials ?? d.nStartupTrials,
    nEiCandidates: t.n_ei_candidates ?? d.nEiCandidates,
    gamma: t.gamma ?? d.gamma,
    priorWeight: t.prior_weight ?? d.priorWeight,
    considerEndpoints: t.consider_endpoints ?? d.considerEndpoints,
    multivariate: t.multivariate ?? d.multivariate,
    metric,
  };
}

/** `hyperband` is the section read as Hyperband's (eta, max_iter, resource, metric, resume with their defaults). */
export function bohbAlgorithm(b: NonNullable<HptuningInput['bohb']>, hyperband: Omit<HyperbandAlgorithm, 'kind'>): BohbAlgorithm {
  const d = BOHB_DEFAULTS;
  return {
    ...hyperband,
    kind: 'bohb',
    ...(b.n_iterations != null ? { nIterations: b.n_iterations } : {}),
    ...(b.min_points_in_model != null ? { minPointsInModel: b.min_points_in_model } : {}),
    topNPercent: b.top_n_percent ?? d.topNPercent,
    numSamples: b.num_samples ?? d.numSamples,
    randomFraction: b.random_fraction ?? d.randomFraction,
    bandwidthFactor: b.bandwidth_factor ?? d.bandwidthFactor,
    minBandwidth: b.min_bandwidth ?? d.minBandwidth,
    model: b.model ?? 'kde',
  };
}

/**
 * A matrix of categorical entries only is refused for both: their density models need a
 * numeric dimension to pay off, and random or grid search covers a finite categorical
 * space as well (docs/extensions.md, "Spaces TPE and BOHB accept").
 */
export function checkExtensions(hp: HptuningInput, matrix: readonly MatrixEntry[], issues: RawIssue[]): void {
  const key = hp.tpe ? 'tpe' : hp.bohb ? 'bohb' : undefined;
  if (!key || matrix.length === 0) return;
  // BOHB's GP encodes the space as BO does (docs/hptuning.md, "How BO encodes the search space"): uniform distributions only.
  if (hp.bohb?.model === 'gp') {
    for (const { name, option } of matrix) {
      if (!isDistribution(option) || option.kind === 'uniform') continue;
      issues.push({
        path: ['hptuning', 'matrix', name],
        message: `\`${name}\` defines a non uniform distribution, which bohb's model: gp cannot use (it encodes the space as bayesian optimization does). Received ${option.kind}; use uniform or values, or model: kde`,
      });
    }
  }
  if (matrix.every((e) => e.option.kind === 'pvalues' || isCategorical(e.option))) {
    issues.push({
      path: ['hptuning', key],
      atKey: true,
      message: `needs at least one numeric matrix entry, received only categorical ones (${matrix.map((e) => e.name).join(', ')}): use random_search or grid_search for a categorical space`,
    });
  }
}
