/**
 * Configurations as the algorithms that draw them share them: the key that tells two
 * configurations apart (the matrix part of a trial's params), and a fresh configuration
 * drawn as random search draws it. Hyperband and ASHA fill brackets with them, and
 * model-based samplers use the key to skip configurations already tried.
 */
import type { MatrixEntry } from './types.ts';
import type { ParamValue, Params } from '../types.ts';
import { rngFor, STREAM } from '../rng.ts';
import { drawUnseen } from './draw.ts';
import { paramsKey } from './params-key.ts';

/** The matrix part of a trial's params, keyed as random search keys its draws (docs/differences.md, "Random search is capped at the reachable configurations"). */
export function configKey(matrix: readonly MatrixEntry[], params: Params): string {
  // Algorithms rebuild their state from the history at every ask; trial records share
  // their params object across status updates, so a key is computed once per trial.
  let byParams = keyCache.get(matrix);
  if (!byParams) keyCache.set(matrix, (byParams = new WeakMap()));
  let key = byParams.get(params);
  if (key === undefined) {
    const picked: Record<string, ParamValue> = {};
    for (const e of matrix) if (e.name in params) picked[e.name] = params[e.name]!;
    byParams.set(params, (key = paramsKey(picked)));
  }
  return key;
}
const keyCache = new WeakMap<readonly MatrixEntry[], WeakMap<Params, string>>();

/**
 * A fresh configuration for trial `trial`, distinct from `seen`, drawn as random search
 * draws: from the trial's own stream, by bounded rejection, then by enumerating the
 * unseen combinations of a small finite space. Undefined when none is left. Polyaxon's
 * Hyperband reseeded every bracket with the group seed and so re-drew the same
 * configurations; per-trial streams give every bracket new ones (docs/differences.md,
 * "Each bracket draws fresh configurations").
 */
export function freshConfig(
  matrix: readonly MatrixEntry[],
  space: number,
  seed: number,
  trial: number,
  seen: ReadonlySet<string>,
): Record<string, ParamValue> | undefined {
  return drawUnseen(matrix, rngFor(seed, STREAM.params, trial), seen, space);
}
