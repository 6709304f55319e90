/**
 * What a group will do before it runs (`hptune plan`, the UI's preview): the number of
 * trials (the effective count after the caps of docs/differences.md, "Random search is capped at the reachable configurations"), and per algorithm the grid's first
 * points, the Hyperband brackets, the ASHA rungs or the BO phases.
 */
import type { Spec } from './spec/types.ts';
import type { Params } from './types.ts';
import { gridPoint, gridSize } from './samplers/grid.ts';
import { effectiveRandomCount } from './samplers/random.ts';
import { distinctCombinations } from './space/cardinality.ts';
import { hyperbandPlan } from './schedulers/hyperband/math.ts';
import { ashaPlan } from './schedulers/hyperband/asha.ts';
import { bohbPlan } from './schedulers/hyperband/bohb.ts';

export type Plan =
  | { readonly algorithm: 'grid'; readonly trials: number; readonly space: number; readonly first: readonly Params[] }
  | { readonly algorithm: 'random'; readonly trials: number; readonly requested: number | null; readonly space: number | null }
  | ({ readonly algorithm: 'hyperband'; readonly trials: number } & ReturnType<typeof hyperbandPlan>)
  | ({ readonly algorithm: 'asha'; readonly trials: number } & ReturnType<typeof ashaPlan>)
  | {
      readonly algorithm: 'bo';
      readonly trials: number;
      readonly initial: number;
      readonly iterations: number;
      readonly space: number | null;
    }
  | {
      readonly algorithm: 'tpe';
      readonly trials: number;
      /** Random trials before the model, then model-guided ones. */
      readonly startup: number;
      readonly guided: number;
      readonly space: number | null;
    }
  | ({ readonly algorithm: 'bohb'; readonly trials: number } & ReturnType<typeof bohbPlan>);

const FIRST = 5;

export function planGroup(spec: Spec): Plan {
  const { matrix, algorithm: a } = spec.hptuning;
  const finite = (n: number) => (Number.isFinite(n) ? n : null);
  switch (a.kind) {
    case 'grid': {
      const space = gridSize(matrix);
      const trials = Math.min(space, a.nExperiments ?? space);
      const first = Array.from({ length: Math.min(FIRST, trials) }, (_, i) => gridPoint(matrix, i));
      return { algorithm: 'grid', trials, space, first };
    }
    case 'random': {
      const space = distinctCombinations(matrix);
      const trials = a.nExperiments === undefined ? 0 : effectiveRandomCount(matrix, a.nExperiments);
      return { algorithm: 'random', trials, requested: a.nExperiments ?? null, space: finite(space) };
    }
    case 'hyperband':
      return { ...hyperbandPlan(a), algorithm: 'hyperband' };
    case 'asha':
      return { ...ashaPlan(a), algorithm: 'asha' };
    case 'bo': {
      const space = distinctCombinations(matrix);
      const initial = Math.min(a.nInitialTrials, space);
      const iterations = Math.min(a.nIterations, Math.max(0, space - initial));
      return { algorithm: 'bo', trials: initial + iterations, initial, iterations, space: finite(space) };
    }
    case 'tpe': {
      const space = distinctCombinations(matrix);
      const trials = Math.min(a.nExperiments, space);
      const startup = Math.min(a.nStartupTrials, trials);
      return { algorithm: 'tpe', trials, startup, guided: trials - startup, space: finite(space) };
    }
    case 'bohb':
      return bohbPlan(matrix, a);
  }
}
