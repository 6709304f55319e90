/**
 * BOHB (Falkner, Klein & Hutter 2018, "BOHB: Robust and Efficient Hyperparameter
 * Optimization at Scale", Algorithm 2): Hyperband (hyperband.ts, unchanged) whose fresh
 * configurations come from a kernel density model (samplers/tpe/kde.ts) instead of random
 * draws; hptune's `hptuning.bohb` section (docs/extensions.md, "BOHB"). With `model: gp`
 * they come from hptune's GP instead (bohb-gp.ts; docs/extensions.md, "BOHB with a Gaussian
 * process").
 *
 * - Brackets cycle s_max … 0 for `n_iterations` brackets (default: one Hyperband pass). Each
 *   pass is run by the Hyperband sampler on the trials of that pass (tag `pass`); promotions,
 *   rung barriers and resume are Hyperband's.
 * - Every fresh configuration is, with probability `random_fraction`, drawn at random (as
 *   random search draws); otherwise it is the model's proposal on the largest budget with
 *   enough finished trials. Before any budget has enough, it is random.
 * - The model sees every finished trial of every pass at its own resource, so it carries over
 *   from pass to pass. Step k draws from `rngFor(seed, STREAM.bohb, k)` and the state is the
 *   history, so a reopened group goes on with the same suggestions.
 */
import type { BohbAlgorithm, MatrixEntry } from '../../spec/types.ts';
import type { ParamValue, TrialRecord } from '../../types.ts';
import { TRIAL_DONE } from '../../types.ts';
import { failing, type History, type SearchAlgorithm, type Suggestion } from '../../algorithm.ts';
import { rngFor, STREAM } from '../../rng.ts';
import { drawUnseen } from '../../space/draw.ts';
import { allCategorical, buildDims, decodePoint, type Dim } from '../../samplers/tpe/space.ts';
import { observations, snap } from '../../samplers/tpe/tpe.ts';
import { formatSig as sig } from '../../format.ts';
import { minPoints, pointsNeeded, propose, type BudgetObservation } from '../../samplers/tpe/kde.ts';
import { buildBoSpace } from '../../space/encoding.ts';
import { drive } from '../../gp/cooperative.ts';
import { proposeGp, type GpContext } from './bohb-gp.ts';
import { createHyperband } from './hyperband.ts';
import { bracketBudget, bracketRungs, ladderCost, rungResource, sMax, type BracketPlan } from './math.ts';
import { spaceSize } from './promotion.ts';
import { configKey } from '../../space/configs.ts';

/** How many passes and which bracket ends the last one, for `n_iterations` brackets. */
export function bohbSchedule(alg: BohbAlgorithm): { perPass: number; passes: number; lastBracket: number; brackets: number } {
  const top = sMax(alg.maxIter, alg.eta);
  const perPass = top + 1;
  const brackets = alg.nIterations ?? perPass;
  return { perPass, passes: Math.ceil(brackets / perPass), lastBracket: top - ((brackets - 1) % perPass), brackets };
}

/** A fresh configuration's matrix params and why, or undefined when none is left. */
type Fresh = { params: Record<string, ParamValue>; why: string; tags?: Record<string, number> } | undefined;
/** The GP's proposal gives the event loop a turn this often (as BO's suggestions do). */
const SLICE_MS = 15;

export function createBohb(matrix: readonly MatrixEntry[], alg: BohbAlgorithm, seed: number): SearchAlgorithm {
  if (allCategorical(matrix)) {
    return failing('bohb', 'BOHB needs at least one numeric matrix entry: every entry is categorical, which random or grid search covers as well');
  }
  let dims: Dim[];
  try {
    dims = buildDims(matrix);
  } catch (e) {
    return failing('bohb', `BOHB cannot model the matrix: ${(e as Error).message}`);
  }
  const hyperband = createHyperband(matrix, { ...alg, kind: 'hyperband' }, seed);
  const { passes, lastBracket } = bohbSchedule(alg);
  const space = spaceSize(matrix, 'BOHB');
  const needed = pointsNeeded(dims, alg);
  let gp: GpContext | undefined;
  if (alg.model === 'gp') {
    const built = buildBoSpace(matrix);
    if (!built.ok) return failing('bohb', `BOHB's GP cannot model the matrix: ${built.message}`);
    const top = sMax(alg.maxIter, alg.eta);
    gp = { matrix, space: built.space, metric: alg.metric, minPoints: minPoints(dims, alg), budgets: [rungResource(alg.maxIter, alg.eta, top, 0), alg.maxIter] };
  }

  function ask(history: History): Suggestion | Promise<Suggestion> {
    if (typeof space !== 'number') return space;
    let pass = history.trials.reduce((p, t) => Math.max(p, t.tags?.pass ?? 0), 0);
    for (;;) {
      const trials = history.trials.filter((t) => (t.tags?.pass ?? 0) === pass);
      const next = hyperband.ask({ trials, reports: (n) => history.reports(n) });
      // Hyperband answers synchronously (it fits no model); only BOHB's GP takes time.
      if (next instanceof Promise) return { kind: 'failed', message: 'BOHB expected a synchronous Hyperband sampler' };
      if (next.kind === 'exhausted' && pass + 1 < passes) {
        pass++;
        continue;
      }
      if (next.kind !== 'trial') return next;
      const bracket = next.tags?.bracket ?? 0;
      if (pass === passes - 1 && bracket < lastBracket) {
        return history.trials.some((t) => !TRIAL_DONE.has(t.status)) ? { kind: 'wait' } : { kind: 'exhausted' };
      }
      const where = passes > 1 ? `pass ${pass + 1} of ${passes}, ` : '';
      const tags = { ...next.tags, pass };
      if (next.parent !== undefined) return { ...next, tags, note: `${where}${next.note}` };
      const made = (fresh: Fresh): Suggestion => {
        if (!fresh) return history.trials.some((t) => !TRIAL_DONE.has(t.status)) ? { kind: 'wait' } : { kind: 'exhausted', reason: 'no untried configuration is left' };
        return { ...next, params: { ...next.params, ...fresh.params }, tags: { ...tags, ...fresh.tags }, note: `${where}${next.note}; ${fresh.why}` };
      };
      const fresh = proposal(history, trials.filter((t) => t.tags?.bracket === bracket && t.tags?.rung === 0));
      return fresh instanceof Promise ? fresh.then(made) : made(fresh);
    }
  }

  /** The matrix part of a fresh configuration and why: the model's proposal or a random draw, unlike the rung's others. */
  function proposal(history: History, rung: readonly TrialRecord[]): Fresh | Promise<Fresh> {
    const k = history.trials.length;
    const rng = rngFor(seed, STREAM.bohb, k);
    const seen = new Set(rung.map((t) => configKey(matrix, t.params)));
    const random = (why: string) => {
      const params = drawUnseen(matrix, rngFor(seed, STREAM.params, k), seen, space as number);
      return params ? { params, why } : undefined;
    };
    if (rng.next() < alg.randomFraction) return random(`random (${sig(alg.randomFraction)} of proposals are)`);
    if (gp) {
      return drive(proposeGp(gp, history.trials, rung, rng), SLICE_MS).then((p) => ('none' in p ? random(`random: ${p.none}`) : p));
    }
    const byBudget = new Map<number, BudgetObservation[]>();
    for (const o of observations(dims, history.trials, alg.metric)) {
      const budget = history.trials[o.trial]!.resource;
      if (budget === undefined) continue;
      const list = byBudget.get(budget);
      if (list) list.push(o);
      else byBudget.set(budget, [o]);
    }
    const model = propose(dims, byBudget, alg, rng, (x) => snap(dims, x));
    if (!model) return random(`random: no budget has the ${needed} finished trials a model needs yet`);
    for (const c of model.candidates) {
      const params = decodePoint(dims, c.x);
      if (seen.has(configKey(matrix, params))) continue;
      return {
        params,
        why: `model proposal: KDE on budget ${sig(model.budget)} with ${model.points} points (good ${model.good}, bad ${model.bad}), best of ${model.candidates.length} samples by l/g = ${sig(Math.exp(c.score))}`,
      };
    }
    return random(`random: all ${model.candidates.length} model samples were tried already`);
  }

  /** Hyperband's view of the current pass (its brackets, rungs and ranking decisions). */
  function inspect(history: History) {
    const pass = history.trials.reduce((p, t) => Math.max(p, t.tags?.pass ?? 0), 0);
    return hyperband.inspect?.({ trials: history.trials.filter((t) => (t.tags?.pass ?? 0) === pass), reports: (n) => history.reports(n) });
  }

  return { name: 'bohb', ask, inspect };
}

export interface BohbPlan {
  readonly algorithm: 'bohb';
  readonly s_max: number;
  readonly B: number;
  readonly n_iterations: number;
  readonly passes: number;
  /** The brackets in the order they run: Hyperband's, cycled. */
  readonly brackets: readonly BracketPlan[];
  readonly trials: number;
  readonly resource_total: number;
  readonly resource_total_resume: number;
  readonly random_fraction: number;
  /** What proposes fresh configurations: the kernel density estimates or the GP. */
  readonly model: 'kde' | 'gp';
  /** Fresh configurations before a budget can be modelled: the points it needs. */
  readonly model_points: number;
}

/** What `hptune plan` shows for BOHB: Hyperband's bracket table for `n_iterations` brackets. */
export function bohbPlan(matrix: readonly MatrixEntry[], alg: BohbAlgorithm): BohbPlan {
  const { perPass, passes, brackets: n } = bohbSchedule(alg);
  const top = perPass - 1;
  const brackets: BracketPlan[] = [];
  let trials = 0;
  let scratch = 0;
  let resume = 0;
  for (let i = 0; i < n; i++) {
    const s = top - (i % perPass);
    const rungs = bracketRungs(alg.maxIter, alg.eta, alg.resource.type, s);
    const cost = ladderCost(rungs);
    trials += rungs.reduce((sum, r) => sum + r.configs, 0);
    scratch += cost.scratch;
    resume += cost.resume;
    brackets.push({ s, rungs });
  }
  let points = Infinity;
  try {
    const dims = buildDims(matrix);
    points = alg.model === 'gp' ? minPoints(dims, alg) : pointsNeeded(dims, alg);
  } catch {
    // The parser refuses such a matrix; the plan still shows the brackets.
  }
  return {
    algorithm: 'bohb',
    s_max: top,
    B: bracketBudget(alg.maxIter, alg.eta),
    n_iterations: n,
    passes,
    brackets,
    trials,
    resource_total: scratch,
    resource_total_resume: resume,
    random_fraction: alg.randomFraction,
    model: alg.model,
    model_points: points,
  };
}
