/**
 * A minimal sequential driver for BO tests: asks, evaluates a closed-form function,
 * records the trial as succeeded (or pending), as the group engine would.
 */
import type { TrialRecord, TrialStatus } from '../../src/engine/types.ts';
import type { BoAlgorithm, MatrixEntry } from '../../src/engine/spec/types.ts';
import type { History, SearchAlgorithm, Suggestion } from '../../src/engine/algorithm.ts';
import { createBo, type BoModelName } from '../../src/engine/samplers/bo.ts';

export function boAlgorithm(overrides: Partial<BoAlgorithm> & { uf?: Partial<BoAlgorithm['utilityFunction']> } = {}): BoAlgorithm {
  const { uf, ...rest } = overrides;
  return {
    kind: 'bo',
    nInitialTrials: 10,
    nIterations: 15,
    metric: { name: 'loss', optimization: 'minimize' },
    utilityFunction: {
      acquisitionFunction: 'ei',
      kappa: 2.576,
      eps: 0,
      gaussianProcess: { kernel: 'matern', lengthScale: 1, nu: 2.5, nRestartsOptimizer: 0 },
      nWarmup: 1000,
      nIter: 10,
      ...uf,
    },
    ...rest,
  };
}

export function uniformMatrix(bounds: readonly (readonly [number, number])[]): MatrixEntry[] {
  return bounds.map(([low, high], i) => ({ name: `x${i + 1}`, option: { kind: 'uniform', low, high } }));
}

export function trial(number: number, params: TrialRecord['params'], status: TrialStatus, loss?: number, tags?: TrialRecord['tags']): TrialRecord {
  return {
    groupId: 'g',
    number,
    params,
    status,
    seed: 0,
    createdAt: 0,
    metrics: loss === undefined ? {} : { loss: { last: loss, min: loss, max: loss, count: 1 } },
    ...(tags ? { tags } : {}),
  };
}

export function history(trials: readonly TrialRecord[]): History {
  return { trials, reports: () => [] };
}

/** Runs the algorithm sequentially until it stops suggesting or `budget` trials exist; returns the trials and the final answer. */
export async function runLoop(
  algo: SearchAlgorithm,
  objective: (params: TrialRecord['params']) => number,
  budget: number,
): Promise<{ trials: TrialRecord[]; last: Suggestion }> {
  const trials: TrialRecord[] = [];
  for (;;) {
    const s = await algo.ask(history(trials));
    if (s.kind !== 'trial' || trials.length >= budget) return { trials, last: s };
    trials.push(trial(trials.length, s.params, 'succeeded', objective(s.params), s.tags));
  }
}

export function runBoOn(
  f: (x: readonly number[]) => number,
  bounds: readonly (readonly [number, number])[],
  budget: number,
  seed: number,
  opts: { model?: BoModelName; alg?: BoAlgorithm } = {},
): Promise<{ trials: TrialRecord[]; last: Suggestion }> {
  const matrix = uniformMatrix(bounds);
  const alg = opts.alg ?? boAlgorithm({ nInitialTrials: 10, nIterations: budget - 10 });
  const algo = createBo(matrix, alg, seed, { model: opts.model ?? 'hptune', yieldEveryMs: 1000 });
  return runLoop(algo, (p) => f(matrix.map((e) => p[e.name] as number)), budget);
}
