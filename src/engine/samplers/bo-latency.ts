/**
 * Latency of BO suggestions (hyperparameter fits included), for `hptune bench --latency`.
 *
 * Data: n points uniform in [0, 1]^d drawn from `rngFor(seed, …)`, with the smooth response
 * y = Σ_j sin(3 x_j + j) + 0.1·N(0, 1) (pure noise would make the fit degenerate and
 * unrealistically cheap). The algorithm runs with the default utility function and Gaussian
 * process (Matern ν = 2.5, UCB κ = 2.576, no restarts, 1000 warm-up candidates, 10 local
 * searches; docs/differences.md, "BO defaults for omitted fields").
 *
 * A step's cost depends on whether it refits the hyperparameters (bo-refit.ts), so `steps`
 * consecutive suggestions are timed, from n observations to n + steps − 1, each suggestion
 * evaluated and added before the next, as in a run; the suggestion made with n − 1
 * observations (untimed) sets up the recorded fit and the kept factor first. `steps: 1` with
 * `mode: 'cold'` times a first model step (a fit from the configured length scale).
 */
import type { TrialRecord } from '../types.ts';
import type { BoAlgorithm, MatrixEntry } from '../spec/types.ts';
import { rngFor } from '../rng.ts';
import { createBo, type BoModelName } from './bo.ts';

export interface LatencyOptions {
  readonly model?: BoModelName;
  readonly mode?: 'steady' | 'cold';
  /** Consecutive suggestions to time (default 1). */
  readonly steps?: number;
  /** The settings before the incremental path (bo.ts `BoOptions.previous`). */
  readonly previous?: boolean;
  /** Clock in ms; wall time by default (a CPU-time clock gives fairer numbers on a busy machine). */
  readonly clock?: () => number;
}

/** Milliseconds of each timed suggestion. */
export async function suggestLatencies(n: number, d: number, seed: number, opts: LatencyOptions = {}): Promise<number[]> {
  const steps = opts.steps ?? 1;
  const matrix: MatrixEntry[] = Array.from({ length: d }, (_, j) => ({ name: `x${j + 1}`, option: { kind: 'uniform', low: 0, high: 1 } }));
  const alg: BoAlgorithm = {
    kind: 'bo',
    nInitialTrials: 1,
    nIterations: n + steps,
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
  const response = (params: Record<string, number>): number => {
    let y = 0;
    for (let j = 0; j < d; j++) y += Math.sin(3 * params[`x${j + 1}`] + j);
    return y + 0.1 * rng.normal();
  };
  const record = (number: number, params: Record<string, number>, tags?: TrialRecord['tags']): TrialRecord => {
    const y = response(params);
    return { groupId: 'latency', number, params, status: 'succeeded', seed: 0, createdAt: 0, metrics: { loss: { last: y, min: y, max: y, count: 1 } }, ...(tags ? { tags } : {}) };
  };
  const trials: TrialRecord[] = [];
  for (let i = 0; i < n; i++) {
    const params: Record<string, number> = {};
    for (let j = 0; j < d; j++) params[`x${j + 1}`] = rng.next();
    trials.push(record(i, params));
  }
  const bo = createBo(matrix, alg, seed, { model: opts.model ?? 'hptune', ...(opts.previous ? { previous: true } : {}) });
  if ((opts.mode ?? 'steady') === 'steady' && n >= 2) {
    const before = await bo.ask({ trials: trials.slice(0, n - 1), reports: () => [] });
    if (before.kind === 'trial' && before.tags) trials[n - 1] = { ...trials[n - 1], tags: before.tags };
  }
  const clock = opts.clock ?? (() => performance.now());
  const times: number[] = [];
  for (let s = 0; s < steps; s++) {
    const t0 = clock();
    const suggestion = await bo.ask({ trials, reports: () => [] });
    times.push(clock() - t0);
    if (suggestion.kind !== 'trial') throw new Error(`latency run expected a trial suggestion, got ${suggestion.kind}`);
    trials.push(record(trials.length, suggestion.params as Record<string, number>, suggestion.tags));
  }
  return times;
}

/** Milliseconds of one suggestion with n observations (`suggestLatencies` with one step). */
export async function suggestLatency(n: number, d: number, seed: number, opts: LatencyOptions = {}): Promise<number> {
  return (await suggestLatencies(n, d, seed, { ...opts, steps: 1 }))[0];
}
