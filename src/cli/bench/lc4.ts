/**
 * The learning-curve benchmark LC4 (docs/benchmarks.md): every method gets the same total
 * resource (72 × 81 = 5832 units with R = 81, η = 3). Cost = units of resource trained:
 * a trial that resumes from its parent's checkpoint pays only the increment (docs/differences.md, "Resuming a promoted trial").
 * Hyperband passes are repeated with fresh configurations until the budget is spent, as
 * Li et al. (2018) do; a trial whose cost would cross the budget is not started (the
 * group is stopped there). Score = f(x_inc) − 0.10, x_inc being the configuration with
 * the smallest observed loss so far (each trial's loss at its own resource, the value
 * Hyperband's Algorithm 1 returns), at 486, 972, 1944, 2916, 3888 and 5832 units.
 * The noise seed is the run's seed for every method and pass, so all see the same noise.
 */
import { Engine, MemoryStore, type TrialRecord, type TrialRunner } from '../../engine/index.ts';
import { InProcessRunner } from '../../workers/inprocess.ts';
import { lc4True } from '../../workers/objectives/lc4.ts';
import { spread, type Spread } from './stats.ts';
import { LC4_MODEL_METHODS } from './lc4-models.ts';

export const LC4_BUDGET = 72 * 81;
export const LC4_MARKS = [486, 972, 1944, 2916, 3888, 5832] as const;
const R = 81;
const ETA = 3;

const matrix = { x1: { uniform: [0, 1] }, x2: { uniform: [0, 1] }, x3: { uniform: [0, 1] }, x4: { uniform: [0, 1] } };
const resource = { name: 'epochs', type: 'int' };
const metric = { name: 'loss', optimization: 'minimize' };

/** The `hptuning` of one pass of each LC4 method; `passes` says whether to repeat it. */
export const LC4_ALGORITHMS: Record<string, { hptuning: Record<string, unknown>; params?: Record<string, unknown>; passes: boolean; resume: boolean }> = {
  random: { hptuning: { random_search: { n_experiments: 72 } }, params: { epochs: R }, passes: false, resume: false },
  hyperband: { hptuning: { hyperband: { max_iter: R, eta: ETA, resource, metric, resume: false } }, passes: true, resume: false },
  'hyperband-resume': { hptuning: { hyperband: { max_iter: R, eta: ETA, resource, metric, resume: true } }, passes: true, resume: true },
  asha: {
    hptuning: { asha: { max_iter: R, min_resource: 1, eta: ETA, n_experiments: LC4_BUDGET, resource, metric, resume: true } },
    passes: false,
    resume: true,
  },
  ...LC4_MODEL_METHODS,
};

export interface Lc4Row {
  readonly problem: 'lc4';
  readonly algorithm: string;
  readonly budget: number;
  readonly seeds: number;
  readonly regret: Spread;
  readonly regret_at: Readonly<Record<string, Spread>>;
  readonly trials: number;
  readonly wall_s: number;
}

export async function benchLc4(name: string, seeds: number, firstSeed = 0, budget = LC4_BUDGET): Promise<Lc4Row> {
  const method = LC4_ALGORITHMS[name];
  if (!method) throw new Error(`no LC4 method ${name}`);
  const t0 = performance.now();
  const curves: { cost: number; regret: number }[][] = [];
  let trials = 0;
  for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
    const points = await runMethod(method, seed, budget);
    trials += points.length;
    let best = Infinity;
    let inc: readonly number[] = [];
    curves.push(points.map((p) => (p.loss < best && ([best, inc] = [p.loss, p.x]), { cost: p.cost, regret: lc4True(inc) - 0.1 })));
  }
  const at = (units: number) => spread(curves.map((c) => c.filter((p) => p.cost <= units).at(-1)?.regret ?? NaN));
  return {
    problem: 'lc4',
    algorithm: name,
    budget,
    seeds,
    regret: at(budget),
    regret_at: Object.fromEntries(LC4_MARKS.filter((m) => m <= budget).map((m) => [String(m), at(m)])),
    trials: Math.round(trials / seeds),
    wall_s: (performance.now() - t0) / 1000,
  };
}

interface Point {
  readonly cost: number;
  readonly loss: number;
  readonly x: readonly number[];
}

/** Runs passes of a method until the budget is spent; returns each counted trial in start order with the cumulative cost. */
async function runMethod(method: (typeof LC4_ALGORITHMS)[string], seed: number, budget: number): Promise<Point[]> {
  const points: Point[] = [];
  let spent = 0;
  for (let pass = 0; spent < budget; pass++) {
    const store = new MemoryStore();
    const engine = new Engine({ store, runner: withNoiseSeed(new InProcessRunner(), seed) });
    const source = JSON.stringify({
      version: 1,
      kind: 'group',
      ...(method.params && { params: method.params }),
      hptuning: { seed: seed * 1000 + pass, matrix, ...method.hptuning },
      run: { objective: 'lc4' },
    });
    const created = await engine.create(source, { id: `lc4-${seed}-${pass}` });
    if (!created.ok) throw new Error(created.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    const id = created.group.id;
    const started: TrialRecord[] = [];
    const cost = (t: TrialRecord) => Number(t.params.epochs) - (method.resume && t.parent !== undefined ? Number(started[t.parent]?.params.epochs ?? 0) : 0);
    let passSpent = spent;
    let over = false;
    await engine.run(id, {
      observer: {
        trial: (t) => {
          if (t.status !== 'running' || over || started[t.number]) return;
          started[t.number] = t;
          if (passSpent + cost(t) > budget) {
            over = true;
            engine.stop(id, 'budget spent');
          } else passSpent += cost(t);
        },
      },
    });
    const trials = await engine.trials(id);
    for (const t of trials) {
      if (spent + cost(t) > budget || t.status !== 'succeeded') break;
      spent += cost(t);
      const loss = t.metrics.loss?.last;
      if (loss !== undefined) points.push({ cost: spent, loss, x: [1, 2, 3, 4].map((i) => Number(t.params[`x${i}`])) });
    }
    if (!method.passes || over || trials.length === 0) break;
  }
  return points;
}

/** Every trial of every pass sees the run's noise seed (docs/benchmarks.md: the same noise for every method). */
function withNoiseSeed(runner: TrialRunner, seed: number): TrialRunner {
  return { ...runner, unsupported: (r) => runner.unsupported?.(r), run: (job, report, signal) => runner.run({ ...job, groupSeed: seed }, report, signal) };
}
