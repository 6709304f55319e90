/**
 * Hyperband's arithmetic (docs/hptuning.md, "Hyperband's brackets and rungs") with this project's decisions applied, and the
 * plan `hptune plan --json` prints.
 *
 * Notation (Li et al. 2018, "Hyperband", Algorithm 1; docs/hptuning.md, "Hyperband's brackets and rungs"):
 * - R = `max_iter`, the largest resource one configuration is trained to; η = `eta`.
 * - s_max = the largest integer s with η^s ≤ R (exact, not Polyaxon's floating
 *   `int(ln R / ln η)`, which gives 4 for R=243, η=3).
 * - B = (s_max + 1)·R, the budget of one bracket.
 * - bracket s = s_max, …, 0 (iteration i = s_max − s), most aggressive first.
 * - n(s) = ⌈(B/R)·η^s/(s+1)⌉ configurations start the bracket (the formula, not the
 *   docs' table).
 * - r(s) = R·η^(−s); rung j of bracket s trains to resource(s, j) = r(s)·η^j, j = 0..s.
 *   Bracket s ends at rung s, resource R (Polyaxon's extra rung above `max_iter` is dropped).
 * - keep(s, j) = ⌊n(s)·η^(−j)/η⌋ configurations go on from rung j to rung j+1, for j < s.
 *
 * The floating expressions are Polyaxon's, in Polyaxon's order, so the resources match Polyaxon's
 * (e.g. R=100, η=3, int: 99 at the top of bracket 3, docs/hptuning.md, "Hyperband schedules"), apart from docs/differences.md, "Hyperband never trains above max_iter" and docs/differences.md, "s_max is computed exactly".
 */
import type { HyperbandAlgorithm } from '../../spec/types.ts';

/** docs/differences.md, "s_max is computed exactly": relative tolerance of the η^s ≤ R test, so float η and R that are exact powers are not lost to rounding. */
export const S_MAX_TOLERANCE = 1e-9;

export type ResourceType = 'int' | 'float';

/** Rejects what Polyaxon accepted and then crashed on (docs/hptuning.md, "Hyperband fields", docs/differences.md, "eta must be greater than 1"). */
export function checkGeometry(maxIter: number, eta: number): void {
  if (!(Number.isFinite(maxIter) && maxIter >= 1)) throw new RangeError(`max_iter must be a number >= 1, got ${maxIter}`);
  if (!(Number.isFinite(eta) && eta > 1)) throw new RangeError(`eta must be a number > 1, got ${eta}`);
}

/** docs/differences.md, "s_max is computed exactly": the largest integer s with η^s ≤ R·(1 + 1e-9). R=81, η=3 → 4; R=243, η=3 → 5. */
export function sMax(maxIter: number, eta: number): number {
  checkGeometry(maxIter, eta);
  let s = 0;
  while (eta ** (s + 1) <= maxIter * (1 + S_MAX_TOLERANCE)) s++;
  return s;
}

/** B = (s_max + 1)·R (docs/hptuning.md, "Hyperband's brackets and rungs"). */
export function bracketBudget(maxIter: number, eta: number): number {
  return (sMax(maxIter, eta) + 1) * maxIter;
}

/** n(s) = ⌈(B/R)·η^s/(s+1)⌉ (docs/hptuning.md, "Hyperband's brackets and rungs", docs/differences.md, "Hyperband bracket sizes follow the formula"; Polyaxon `get_n_configs`). */
export function nConfigs(maxIter: number, eta: number, s: number): number {
  return Math.ceil(((bracketBudget(maxIter, eta) / maxIter) * eta ** s) / (s + 1));
}

/** resource(s, j) = r(s)·η^j with r(s) = R·η^(−s), uncast (Polyaxon `get_resources`, `get_n_resources`). */
export function rungResource(maxIter: number, eta: number, s: number, j: number): number {
  return maxIter * eta ** -s * eta ** j;
}

/**
 * keep(s, j) = ⌊n(s)·η^(−j)/η⌋ (Polyaxon `get_n_config_to_keep`), and 0 from the last rung
 * of a bracket, j ≥ s (nothing is promoted above R; Polyaxon promoted ⌊n(0)/η⌋ from
 * bracket 0 to R·η).
 */
export function keep(maxIter: number, eta: number, s: number, j: number): number {
  if (j >= s) return 0;
  return Math.trunc((nConfigs(maxIter, eta, s) * eta ** -j) / eta);
}

/**
 * The resource value a trial receives in its params (docs/hptuning.md, "Hyperband fields", resource.type): `int` truncates
 * toward 0 as Polyaxon's `int()` does (so 99.99999999999999 → 99, docs/hptuning.md, "Hyperband schedules"), but never
 * below 1, so a bottom rung that docs/differences.md, "s_max is computed exactly" admits by its tolerance still trains one unit.
 */
export function castResource(value: number, type: ResourceType): number {
  return type === 'int' ? Math.max(1, Math.trunc(value)) : value;
}

export interface RungPlan {
  readonly configs: number;
  readonly resource: number;
}
export interface BracketPlan {
  readonly s: number;
  readonly rungs: readonly RungPlan[];
}
export interface HyperbandPlan {
  readonly algorithm: 'hyperband';
  readonly s_max: number;
  readonly B: number;
  readonly brackets: readonly BracketPlan[];
  /** Trials created in all: fresh configurations plus promotions. */
  readonly trials: number;
  /** Units of resource when every trial trains from scratch (`resume: false`). */
  readonly resource_total: number;
  /** Units of resource when promoted trials train only the increment (`resume: true`, docs/differences.md, "Resuming a promoted trial"). */
  readonly resource_total_resume: number;
}

/** The rungs of one bracket: n(s) configurations at rung 0, then keep(s, j) at rung j+1. */
export function bracketRungs(maxIter: number, eta: number, type: ResourceType, s: number): RungPlan[] {
  const rungs: RungPlan[] = [];
  let configs = nConfigs(maxIter, eta, s);
  for (let j = 0; j <= s; j++) {
    rungs.push({ configs, resource: castResource(rungResource(maxIter, eta, s, j), type) });
    configs = keep(maxIter, eta, s, j);
  }
  return rungs;
}

/** Units trained by a ladder of rungs, from scratch and when each rung resumes the one below (docs/differences.md, "Resuming a promoted trial"). */
export function ladderCost(rungs: readonly RungPlan[]): { scratch: number; resume: number } {
  let scratch = 0;
  let resume = 0;
  let below = 0;
  for (const r of rungs) {
    scratch += r.configs * r.resource;
    resume += r.configs * (r.resource - below);
    below = r.resource;
  }
  return { scratch, resume };
}

/**
 * The full Hyperband schedule (what `hptune plan --json` prints). R=81, η=3 gives
 * n = 81/34/15/8/5, 206 trials, 1902 units from scratch and 1581 with resume.
 * Counts are the formula's; an all-discrete matrix smaller than n(s) caps rung 0 at run time.
 */
export function hyperbandPlan(alg: HyperbandAlgorithm): HyperbandPlan {
  const { maxIter, eta } = alg;
  const top = sMax(maxIter, eta);
  const brackets: BracketPlan[] = [];
  let trials = 0;
  let scratch = 0;
  let resume = 0;
  for (let s = top; s >= 0; s--) {
    const rungs = bracketRungs(maxIter, eta, alg.resource.type, s);
    const cost = ladderCost(rungs);
    trials += rungs.reduce((sum, r) => sum + r.configs, 0);
    scratch += cost.scratch;
    resume += cost.resume;
    brackets.push({ s, rungs });
  }
  return {
    algorithm: 'hyperband',
    s_max: top,
    B: bracketBudget(maxIter, eta),
    brackets,
    trials,
    resource_total: scratch,
    resource_total_resume: resume,
  };
}
