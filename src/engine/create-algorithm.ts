/** Builds the search algorithm a spec selects (docs/hptuning.md, "Choosing the algorithm"), seeded with the group's seed. */
import type { Spec } from './spec/types.ts';
import { failing, type SearchAlgorithm } from './algorithm.ts';
import { createGridSearch } from './samplers/grid.ts';
import { createRandomSearch } from './samplers/random.ts';
import { createHyperband } from './schedulers/hyperband/hyperband.ts';
import { createAsha } from './schedulers/hyperband/asha.ts';
import { createBo } from './samplers/bo.ts';
import { createTpe } from './samplers/tpe/tpe.ts';
import { createBohb } from './schedulers/hyperband/bohb.ts';

export interface AlgorithmOptions {
  /** BO's surrogate: hptune's model (default) or the plain Polyaxon/scikit-learn one. */
  readonly boModel?: 'hptune' | 'plain';
  /** BO with its previous settings (no output warp, a refit every step), for `hptune bench`'s comparison. */
  readonly boPrevious?: boolean;
}

/**
 * The algorithm, or one that fails the group with the reason when it cannot be built (the
 * parser rejects what an algorithm cannot run; this is the last line of defence).
 */
export function createAlgorithm(spec: Spec, seed: number, opts: AlgorithmOptions = {}): SearchAlgorithm {
  try {
    return build(spec, seed, opts);
  } catch (e) {
    return failing(spec.hptuning.algorithm.kind, e instanceof Error ? e.message : String(e));
  }
}

function build(spec: Spec, seed: number, opts: AlgorithmOptions): SearchAlgorithm {
  const { matrix, algorithm: a } = spec.hptuning;
  switch (a.kind) {
    case 'grid':
      return createGridSearch(matrix, a.nExperiments);
    case 'random':
      if (a.nExperiments === undefined) {
        return failing('random', 'Random search requires hptuning.random_search.n_experiments.');
      }
      return createRandomSearch(matrix, seed, a.nExperiments);
    case 'hyperband':
      return createHyperband(matrix, a, seed);
    case 'asha':
      return createAsha(matrix, a, seed);
    case 'bo':
      return createBo(matrix, a, seed, { ...(opts.boModel ? { model: opts.boModel } : {}), ...(opts.boPrevious ? { previous: true } : {}) });
    case 'tpe':
      return createTpe(matrix, a, seed);
    case 'bohb':
      return createBohb(matrix, a, seed);
  }
}

/** Whether finished trials' checkpoints must be kept for promotions that resume (docs/differences.md, "Resuming a promoted trial"). */
export function needsCheckpoints(spec: Spec): boolean {
  const a = spec.hptuning.algorithm;
  return (a.kind === 'hyperband' || a.kind === 'asha' || a.kind === 'bohb') && a.resume;
}
