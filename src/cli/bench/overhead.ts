/**
 * The engine's own cost per trial as a group grows (docs/benchmarks.md, "What hptune bench measures"):
 * one random-search group of no-op trials (MemoryStore, in-process runner) runs to the
 * largest size, and the wall time of the trials just before each size is measured, so the
 * numbers at 1k, 10k and 100k trials come from one run on the same machine state. A group
 * whose state were copied per event would show the 100k window far slower than the 1k one.
 */
import { Engine, MemoryStore } from '../../engine/index.ts';
import { InProcessRunner } from '../../workers/inprocess.ts';
import { median } from './stats.ts';

export interface OverheadScaling {
  /** Milliseconds per trial over the `window` trials before each size. */
  readonly at: readonly { readonly trials: number; readonly ms_per_trial: number }[];
  readonly window: number;
  readonly reps: number;
  /** ms per trial at the largest size over ms per trial at the smallest. */
  readonly ratio: number;
}

function noopGroup(n: number, seed: number): string {
  return JSON.stringify({
    version: 1,
    kind: 'group',
    hptuning: { seed, random_search: { n_experiments: n }, matrix: { x1: { uniform: [-5, 10] }, x2: { uniform: [0, 15] } } },
    run: { objective: 'noop' },
  });
}

/** Runs a no-op group of `n` trials and returns the time (ms) at which each trial ended. */
async function endTimes(n: number, seed: number): Promise<Float64Array> {
  const engine = new Engine({ store: new MemoryStore(), runner: new InProcessRunner() });
  const created = await engine.create(noopGroup(n, seed), { id: `overhead-${seed}` });
  if (!created.ok) throw new Error(`overhead spec invalid: ${created.issues[0]?.message}`);
  const ends = new Float64Array(n);
  await engine.run(created.group.id, {
    observer: { trial: (t) => void (t.status === 'succeeded' && (ends[t.number] = performance.now())) },
  });
  return ends;
}

/**
 * The window before each size is cut into 10 chunks; a size's figure is the median over
 * chunks and repetitions of the chunk means, so one scheduler pause on a shared machine
 * does not decide it, while the garbage collection every trial causes still counts.
 */
export async function overheadScaling(sizes: readonly number[] = [1000, 10_000, 100_000], window = 1000, reps = 3): Promise<OverheadScaling> {
  await endTimes(10 * window, 1); // warm-up: the first trials also pay for compilation
  const largest = Math.max(...sizes);
  const chunk = window / 10;
  const samples = sizes.map(() => [] as number[]);
  for (let rep = 0; rep < reps; rep++) {
    const ends = await endTimes(largest, 2 + rep);
    sizes.forEach((n, i) => {
      for (let end = n - 1; end > n - 1 - window + chunk / 2; end -= chunk) {
        const start = Math.max(0, end - chunk);
        samples[i]!.push((ends[end]! - ends[start]!) / (end - start));
      }
    });
  }
  const at = sizes.map((trials, i) => ({ trials, ms_per_trial: median(samples[i]!) }));
  return { at, window, reps, ratio: at.at(-1)!.ms_per_trial / at[0]!.ms_per_trial };
}

export function describeOverhead(s: OverheadScaling): string {
  const parts = s.at.map((a) => `${a.trials.toLocaleString('en')} trials ${a.ms_per_trial.toPrecision(4)} ms`);
  return `Engine overhead per no-op trial as the group grows (random search, memory store; median of 100-trial means over the ${s.window} trials before each size, ${s.reps} runs): ${parts.join(', ')}; ratio ${s.at.at(-1)!.trials.toLocaleString('en')}/${s.at[0]!.trials.toLocaleString('en')} ${s.ratio.toPrecision(4)}`;
}
