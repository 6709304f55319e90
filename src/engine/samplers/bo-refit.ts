/**
 * When BO refits the GP's hyperparameters, and what each BO trial records about its model.
 *
 * Every BO trial records in its tags the hyperparameters θ that chose it (log space, in
 * gp/model.ts order: length scales, then amplitude and noise when fitted), how many
 * observations θ was fitted on, and how many observations and running trials the step
 * conditioned on. The next step reads them back: it starts its fit at θ, or reuses θ without
 * fitting, so a step depends only on the history (it survives a reload), and a past step's
 * posterior can be rebuilt from the trial's tags (bo-view.ts).
 *
 * Refit schedule: θ is refitted at every step while fewer than REFIT_DIVISOR·2 observations
 * exist (every step of a 50-evaluation run), then once the observations have grown by
 * 1/REFIT_DIVISOR since the last fit (every 8 steps at n = 200, every 16 at n = 400).
 * Between refits the hyperparameters of 4 % fewer points are nearly the optimum for the new
 * ones, and skipping the O(n³) fit lets the factor grow by rows (gp/factor-cache.ts), so a
 * step costs O(n²) instead of O(n³) (the numbers are in `hptune bench --latency`).
 */

/** Tag prefix of θ's components. */
export const THETA_TAG = 'gp_theta_';
/** Tag: the number of observations θ was fitted on. */
export const FIT_N_TAG = 'gp_fit_n';
/** Tag: the number of observations the step conditioned on. */
export const OBSERVED_TAG = 'gp_observed';
/** Tag: the number of running trials the step conditioned on (constant liar). */
export const PENDING_TAG = 'gp_pending';

const REFIT_DIVISOR = 25;

export interface RecordedFit {
  readonly theta: Float64Array;
  /** Observations θ was fitted on; undefined for trials recorded before the schedule existed. */
  readonly fittedOn?: number;
}

/** θ (and its fit count) recorded by a trial's tags, if it has them. */
export function recordedFit(tags: Readonly<Record<string, number>> | undefined): RecordedFit | undefined {
  if (!tags || !(`${THETA_TAG}0` in tags)) return undefined;
  const theta: number[] = [];
  for (let j = 0; `${THETA_TAG}${j}` in tags; j++) theta.push(tags[`${THETA_TAG}${j}`]);
  if (!theta.every(Number.isFinite)) return undefined;
  const n = tags[FIT_N_TAG];
  return { theta: Float64Array.from(theta), ...(Number.isInteger(n) ? { fittedOn: n } : {}) };
}

/** Whether a step with `observed` observations refits θ (always when nothing was recorded). */
export function refitDue(observed: number, last: RecordedFit | undefined): boolean {
  if (last?.fittedOn === undefined || observed < last.fittedOn) return true;
  return observed - last.fittedOn >= Math.max(1, Math.floor(last.fittedOn / REFIT_DIVISOR));
}

export function fitTags(theta: ArrayLike<number>, fittedOn: number, observed: number, pending: number): Record<string, number> {
  const tags: Record<string, number> = { [FIT_N_TAG]: fittedOn, [OBSERVED_TAG]: observed, [PENDING_TAG]: pending };
  for (let i = 0; i < theta.length; i++) tags[`${THETA_TAG}${i}`] = theta[i];
  return tags;
}
