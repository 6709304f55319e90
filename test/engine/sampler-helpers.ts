// Shared by the grid and random search tests: matrix builders and a minimal ask loop.
import type { ParamValue, Params, TrialRecord } from '../../src/engine/types.ts';
import type { MatrixEntry, MatrixOption } from '../../src/engine/spec/types.ts';
import type { History, SearchAlgorithm, Suggestion } from '../../src/engine/algorithm.ts';

export const values = (...v: ParamValue[]): MatrixOption => ({ kind: 'values', values: v });
export const entries = (m: Record<string, MatrixOption>): MatrixEntry[] => Object.entries(m).map(([name, option]) => ({ name, option }));

export function trial(number: number, params: Params): TrialRecord {
  return { groupId: 'g', number, params, status: 'succeeded', seed: 0, createdAt: 0, metrics: {} };
}

export function history(params: readonly Params[]): History {
  return { trials: params.map((p, i) => trial(i, p)), reports: () => [] };
}

/** Asks until the algorithm stops suggesting trials, like the group driver (one new history snapshot per ask). */
export function drive(alg: SearchAlgorithm, limit = 10_000): { params: Params[]; end: Suggestion } {
  const params: Params[] = [];
  for (let i = 0; i < limit; i++) {
    const s = alg.ask(history(params)) as Suggestion;
    if (s.kind !== 'trial') return { params, end: s };
    params.push(s.params);
  }
  throw new Error(`still suggesting after ${limit} trials`);
}
