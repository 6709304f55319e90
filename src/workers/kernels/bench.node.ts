/**
 * Stock against fast cpu kernels in one run (`hptune bench --workers`; docs/benchmarks.md,
 * "Training speed"), the two alternating so a change in the machine's load does not always
 * favour the same side, each line with the load average seen before it:
 * - one epoch of the MNIST MLP 784-128-10 on 8,000 images (the second epoch of a 2-epoch
 *   trial on a warm worker: training and the validation pass) at batch 32 and at batch 128;
 * - the app's default group (public/examples/mnist-hyperband.yaml) run by `hptune run` on its
 *   2 workers, wall time.
 * The choice reaches the workers through HPTUNE_KERNELS (kernels/index.ts), which a Worker
 * or child process copies from this process's environment when it starts.
 */
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import type { Params, TrialJob } from '../../engine/index.ts';
import { createNodePool } from '../node-pool.ts';

type Kernels = 'stock' | 'fast';
const never = { aborted: false, addEventListener() {}, removeEventListener() {} };
const load = () => loadavg()[0]!.toFixed(2);
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const cpuSeconds = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

/** Runs `f` with HPTUNE_KERNELS set (for the workers and child processes it starts), then restores it. */
async function withKernels<T>(kernels: Kernels, f: () => Promise<T>): Promise<T> {
  const saved = process.env.HPTUNE_KERNELS;
  process.env.HPTUNE_KERNELS = kernels;
  try {
    return await f();
  } finally {
    if (saved === undefined) delete process.env.HPTUNE_KERNELS;
    else process.env.HPTUNE_KERNELS = saved;
  }
}

const job = (params: Params, batch: number, epochs: number, samples?: number): TrialJob => ({
  groupId: 'bench',
  trial: 0,
  params: { ...params, batch_size: batch, epochs },
  seed: 1000,
  groupSeed: 1,
  run: { kind: 'model', model: 'mlp', dataset: 'mnist', backend: 'cpu', ...(samples !== undefined && { samples }) },
});

export interface EpochTime {
  readonly wall: number;
  /** CPU seconds of this process (all threads, the worker's included). */
  readonly cpu: number;
  readonly valAccuracy: number;
  readonly load: string;
}

/** Seconds of the second epoch of a 2-epoch trial of the MLP `params` on 8,000 images, in a fresh warm worker with the given kernels. */
export function epochTime(kernels: Kernels, params: Params, batch: number): Promise<EpochTime> {
  return withKernels(kernels, async () => {
    const pool = createNodePool({ size: 1 });
    try {
      await pool.run(job(params, batch, 1, 64), () => 'continue', never); // warm: tfjs, MNIST decode, the kernels' first calls
      const before = load();
      const stamps: { wall: number; cpu: number; acc: number }[] = [];
      const out = await pool.run(job(params, batch, 2), (r) => (stamps.push({ wall: performance.now(), cpu: cpuSeconds(), acc: r.values.val_accuracy! }), 'continue'), never);
      if (out.kind !== 'completed' || stamps.length !== 2) throw new Error(`MNIST trial did not complete: ${JSON.stringify(out)}`);
      const [a, b] = stamps as [(typeof stamps)[0], (typeof stamps)[0]];
      return { wall: (b.wall - a.wall) / 1000, cpu: b.cpu - a.cpu, valAccuracy: b.acc, load: before };
    } finally {
      await pool.close();
    }
  });
}

const HPTUNE = new URL('../../cli/hptune.js', import.meta.url);
const DEFAULT_GROUP = new URL('../../../public/examples/mnist-hyperband.yaml', import.meta.url);

export interface GroupTime {
  readonly wall: number;
  readonly trials: number;
  readonly best?: number;
  readonly load: string;
}

/** Wall seconds of `hptune run` on the default group (a child process, so its workers start with the chosen kernels). */
export function groupTime(kernels: Kernels): Promise<GroupTime> {
  return withKernels(kernels, async () => {
    const before = load();
    const t0 = performance.now();
    const child = spawn(process.execPath, [HPTUNE.pathname, 'run', DEFAULT_GROUP.pathname, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const wall = (performance.now() - t0) / 1000;
    if (code !== 0) throw new Error(`hptune run ${DEFAULT_GROUP.pathname} exited with ${code}: ${stderr.slice(-500)}`);
    const result = JSON.parse(stdout) as { trials: unknown[]; best?: { value?: number } };
    return { wall, trials: result.trials.length, ...(typeof result.best?.value === 'number' && { best: result.best.value }), load: before };
  });
}

/** `reps` alternating stock/fast pairs of `measure`, printed as they come; returns a function giving the stock and fast medians of a measure. */
async function alternate<T extends { wall: number; load: string }>(reps: number, measure: (k: Kernels) => Promise<T>, line: (r: T) => string, print: (s: string) => void) {
  const runs: Record<Kernels, T[]> = { stock: [], fast: [] };
  for (let i = 0; i < reps; i++) {
    for (const k of (i % 2 === 0 ? ['stock', 'fast'] : ['fast', 'stock']) as Kernels[]) {
      const r = await measure(k);
      runs[k].push(r);
      print(`    rep ${i + 1} ${k.padEnd(5)} ${line(r)}  [load ${r.load}]`);
    }
  }
  return (key: (r: T) => number) => ({ stock: median(runs.stock.map(key)), fast: median(runs.fast.map(key)) });
}

const s4 = (x: number) => Number(x.toPrecision(4)).toString();

/** Prints the stock/fast comparison for the MLP `params` (784-128-10): per batch size, then the default group. */
export async function runKernelBench(params: Params, reps: number, print: (line: string) => void): Promise<void> {
  print(`fast cpu kernels vs stock tfjs cpu, ${reps} alternating repetitions, ${availableParallelism()} cores:`);
  for (const batch of [32, 128]) {
    print(`  MNIST MLP 784-128-10, one epoch of 8,000 images + validation, batch ${batch}:`);
    const medians = await alternate(reps, (k) => epochTime(k, params, batch), (r) => `${s4(r.wall)} s wall, ${s4(r.cpu)} s cpu, val_accuracy ${s4(r.valAccuracy)}`, print);
    const [m, c] = [medians((r) => r.wall), medians((r) => r.cpu)];
    // On a shared machine the cpu seconds (what an idle core would take) are the steadier comparison.
    print(`  batch ${batch}: median stock ${s4(m.stock)} s, fast ${s4(m.fast)} s per epoch: ${s4(m.stock / m.fast)}× faster (target ≥ 2×); cpu ${s4(c.stock)} s vs ${s4(c.fast)} s: ${s4(c.stock / c.fast)}×`);
  }
  print(`  default group (mnist-hyperband: Hyperband, max_iter 9, 2,000 images, concurrency 2), hptune run, wall time:`);
  const g = (await alternate(1, groupTime, (r) => `${s4(r.wall)} s, ${r.trials} trials${r.best === undefined ? '' : `, best val_accuracy ${s4(r.best)}`}`, print))((r) => r.wall);
  print(`  default group: stock ${s4(g.stock)} s, fast ${s4(g.fast)} s: ${s4(g.stock / g.fast)}× faster`);
}
