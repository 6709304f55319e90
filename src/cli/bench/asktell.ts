/**
 * The ask/tell loop's own cost per trial (docs/benchmarks.md, "What hptune bench measures";
 * target < 0.1 ms), beside the full engine's on the same trials: a random-search group of
 * no-op trials (memory store) run once through `createGroup` / `ask` / `tell` and once by
 * `Engine.run` with the in-process runner, alternating, after a warm-up of each.
 */
import { Engine, MemoryStore, createGroup } from '../../engine/index.ts';
import { InProcessRunner } from '../../workers/inprocess.ts';
import { median } from './stats.ts';

export interface AskTellOverhead {
  readonly trials: number;
  readonly reps: number;
  /** Median over repetitions of the wall time per trial, in ms. */
  readonly asktell_ms_per_trial: number;
  readonly engine_ms_per_trial: number;
  /** ask/tell over the full engine. */
  readonly ratio: number;
}

const spec = (n: number, seed: number) => ({
  version: 1,
  kind: 'group',
  hptuning: { seed, random_search: { n_experiments: n }, matrix: { x1: { uniform: [-5, 10] }, x2: { uniform: [0, 15] } } },
});

/** ms per trial of one ask/tell loop that tells each trial its first parameter. */
async function askTell(n: number, seed: number): Promise<number> {
  const t0 = performance.now();
  const g = createGroup(spec(n, seed), { id: `asktell-${seed}` });
  for (let t = await g.ask(); t; t = await g.ask()) await g.tell(t, [{ step: 1, values: { loss: t.params['x1'] as number } }]);
  await g.done;
  return (performance.now() - t0) / n;
}

/** ms per trial of the same group run by the engine with the no-op objective. */
async function engineRun(n: number, seed: number): Promise<number> {
  const t0 = performance.now();
  const engine = new Engine({ store: new MemoryStore(), runner: new InProcessRunner() });
  const created = await engine.create(JSON.stringify({ ...spec(n, seed), run: { objective: 'noop' } }), { id: `engine-${seed}` });
  if (!created.ok) throw new Error(`overhead spec invalid: ${created.issues[0]?.message}`);
  await engine.run(created.group.id);
  return (performance.now() - t0) / n;
}

export async function askTellOverhead(trials = 2000, reps = 5): Promise<AskTellOverhead> {
  await askTell(trials, 1); // warm-up: the first groups also pay for compilation
  await engineRun(trials, 1);
  const a: number[] = [];
  const e: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    a.push(await askTell(trials, 2 + rep));
    e.push(await engineRun(trials, 2 + rep));
  }
  const asktell_ms_per_trial = median(a);
  const engine_ms_per_trial = median(e);
  return { trials, reps, asktell_ms_per_trial, engine_ms_per_trial, ratio: asktell_ms_per_trial / engine_ms_per_trial };
}

export function describeAskTell(o: AskTellOverhead): string {
  return `Ask/tell loop overhead per no-op trial (random search, memory store, ${o.trials.toLocaleString('en')} trials, median of ${o.reps} runs alternating): ask/tell ${o.asktell_ms_per_trial.toPrecision(4)} ms, full engine with the in-process runner ${o.engine_ms_per_trial.toPrecision(4)} ms; ratio ${o.ratio.toPrecision(4)}`;
}
