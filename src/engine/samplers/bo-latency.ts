/**
 * Latency of one BO suggestion (hyperparameter fit included), for `hptune bench --latency`
 * (issue 4 targets: n = 200, d = 6 no slower than scikit-learn based GP BO, ~85 ms median).
 *
 * Data: n points uniform in [0, 1]^d drawn from `rngFor(seed, …)`, with the smooth response
 * y = Σ_j sin(3 x_j + j) + 0.1·N(0, 1) (pure noise would make the fit degenerate and unrealistically
 * cheap). The algorithm runs with the D20 defaults (Matern ν = 2.5, UCB κ = 2.576, no restarts)
 * and the D11 defaults (1000 warm-up candidates, 10 local searches).
 *
 * `steady` (default) times the suggestion made with n observations after the one made with
 * n − 1 (untimed), whose fitted hyperparameters the last trial records (bo.ts THETA_TAG), as in
 * every BO step of a run but the first; `cold` times a first step (fit from the configured
 * length scale).
 */
import type { TrialRecord } from '../types.ts';
import type { BoAlgorithm, MatrixEntry } from '../spec/types.ts';
import { rngFor } from '../rng.ts';
import { createBo, type BoModelName } from './bo.ts';

export async function suggestLatency(
  n: number,
  d: number,
  seed: number,
  opts: {
    readonly model?: BoModelName;
    readonly mode?: 'steady' | 'cold';
    /** Clock in ms; wall time by default (a CPU-time clock gives fairer numbers on a busy machine). */
    readonly clock?: () => number;
  } = {},
): Promise<number> {
  const matrix: MatrixEntry[] = Array.from({ length: d }, (_, j) => ({ name: `x${j + 1}`, option: { kind: 'uniform', low: 0, high: 1 } }));
  const alg: BoAlgorithm = {
    kind: 'bo',
    nInitialTrials: 1,
    nIterations: n + 1,
    metric: { name: 'loss', optimization: 'minimize' },
    utilityFunction: {
      acquisitionFunction: 'ucb',
      kappa: 2.576,
      eps: 0,
      gaussianProcess: { kernel: 'matern', lengthScale: 1, nu: 2.5, nRestartsOptimizer: 0 },
      nWarmup: 1000,
      nIter: 10,
    },
  };
  const rng = rngFor(seed, 0x1a7e);
  const trials: TrialRecord[] = [];
  for (let i = 0; i < n; i++) {
    const params: Record<string, number> = {};
    let y = 0;
    for (let j = 0; j < d; j++) {
      const x = rng.next();
      params[`x${j + 1}`] = x;
      y += Math.sin(3 * x + j);
    }
    y += 0.1 * rng.normal();
    trials.push({
      groupId: 'latency',
      number: i,
      params,
      status: 'succeeded',
      seed: 0,
      createdAt: 0,
      metrics: { loss: { last: y, min: y, max: y, count: 1 } },
    });
  }
  const bo = createBo(matrix, alg, seed, { model: opts.model ?? 'hptune' });
  if ((opts.mode ?? 'steady') === 'steady' && n >= 2) {
    const before = await bo.ask({ trials: trials.slice(0, n - 1), reports: () => [] });
    if (before.kind === 'trial' && before.tags) trials[n - 1] = { ...trials[n - 1], tags: before.tags };
  }
  const history = { trials, reports: () => [] };
  const clock = opts.clock ?? (() => performance.now());
  const t0 = clock();
  const s = await bo.ask(history);
  const ms = clock() - t0;
  if (s.kind !== 'trial') throw new Error(`latency run expected a trial suggestion, got ${s.kind}`);
  return ms;
}
