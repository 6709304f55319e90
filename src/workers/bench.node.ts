/**
 * The worker measurements of `hptune bench --workers` (docs/benchmarks.md, "Workers"; by
 * hand: `tsx src/workers/bench.node.ts [mnist|speedup|dispatch|kernels] [--reps 3 --trials 4 --epochs 1 --samples 1000]`),
 * each line with the load average seen before it (the machine may be shared):
 * - an MLP 784-128-10 on MNIST on cpu: seconds per epoch and validation accuracy per epoch
 *   (target ≥ 0.95 within 10 epochs);
 * - wall time of a fixed batch of MNIST-MLP trials on 1 worker and on 2 (target ≥ 1.7×);
 * - dispatch overhead: job to first report on a warm worker (target < 5 ms);
 * - the fast cpu kernels against tfjs's stock ones: an epoch at batch 32 and 128, and the
 *   default group (kernels/bench.node.ts; target: an epoch in at most half the stock time).
 */
import type { Decision, TrialJob, TrialReport } from '../engine/index.ts';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { runKernelBench } from './kernels/bench.node.ts';
import { createNodePool } from './node-pool.ts';

const cpuSeconds = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const never = { aborted: false, addEventListener() {}, removeEventListener() {} };

/** The "good params" MNIST MLP: one hidden layer of 128 relu units, Adam 1e-3, batch 32. */
export const MNIST_MLP_PARAMS = { layers: 1, units: 128, activation: 'relu', optimizer: 'adam', learning_rate: 0.001, batch_size: 32, dropout: 0.2 } as const;

const mnistJob = (trial: number, epochs: number, samples?: number): TrialJob => ({
  groupId: 'bench',
  trial,
  params: { ...MNIST_MLP_PARAMS, epochs },
  seed: 1000 + trial,
  groupSeed: 1,
  run: { kind: 'model', model: 'mlp', dataset: 'mnist', backend: 'cpu', ...(samples !== undefined && { samples }) },
});

export interface MnistBench {
  /** Wall seconds per epoch (training + validation), first epoch excluded when there are more. */
  readonly epochSeconds: number;
  /** CPU seconds per epoch (this process, all threads): the wall time on an otherwise idle core. */
  readonly epochCpuSeconds: number;
  readonly valAccuracy: readonly number[];
  readonly reached95At?: number;
}

export async function benchMnistMlp(epochs = 10): Promise<MnistBench> {
  const pool = createNodePool({ size: 1 });
  try {
    // Warm the worker (tfjs, MNIST decode) so epoch times are training only.
    await pool.run(mnistJob(0, 1, 32), () => 'continue', never);
    const stamps: number[] = [performance.now()];
    const cpu: number[] = [cpuSeconds()];
    const reports: TrialReport[] = [];
    const out = await pool.run(mnistJob(1, epochs), (r) => (reports.push(r), stamps.push(performance.now()), cpu.push(cpuSeconds()), 'continue'), never);
    if (out.kind !== 'completed') throw new Error(`MNIST trial did not complete: ${JSON.stringify(out)}`);
    const mean = (xs: number[]) => {
      const steady = xs.length > 1 ? xs.slice(1) : xs;
      return steady.reduce((a, b) => a + b, 0) / steady.length;
    };
    const valAccuracy = reports.map((r) => r.values.val_accuracy);
    const at = valAccuracy.findIndex((a) => a >= 0.95);
    return {
      epochSeconds: mean(stamps.slice(1).map((t, i) => (t - stamps[i]) / 1000)),
      epochCpuSeconds: mean(cpu.slice(1).map((c, i) => c - cpu[i])),
      valAccuracy,
      ...(at >= 0 && { reached95At: at + 1 }),
    };
  } finally {
    await pool.close();
  }
}

/**
 * Wall and CPU seconds (all threads of this process) for `trials` MNIST-MLP trials of
 * `epochs` epochs on `workers` workers (workers warmed first). On a shared machine the
 * wall-time speedup depends on free cores; equal CPU seconds show the pool adds no work.
 */
export async function benchBatch(workers: number, trials = 4, epochs = 1, samples = 1000): Promise<{ wall: number; cpu: number }> {
  const pool = createNodePool({ size: workers });
  try {
    await Promise.all(Array.from({ length: workers }, (_, i) => pool.run(mnistJob(i, 1, 32), () => 'continue', never)));
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const outs = await Promise.all(Array.from({ length: trials }, (_, i) => pool.run(mnistJob(10 + i, epochs, samples), () => 'continue', never)));
    const bad = outs.find((o) => o.kind !== 'completed');
    if (bad) throw new Error(`a batch trial did not complete: ${JSON.stringify(bad)}`);
    const c = process.cpuUsage(c0);
    return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
  } finally {
    await pool.close();
  }
}

/** Median milliseconds from `run()` to the first report of a trivial user-code trial on a warm worker. */
export async function benchDispatch(n = 50): Promise<number> {
  const pool = createNodePool({ size: 1 });
  const job: TrialJob = { groupId: 'bench', trial: 0, params: {}, seed: 1, groupSeed: 1, run: { kind: 'code', code: '(p, report) => report({ loss: 0 })' } };
  try {
    await pool.run(job, () => 'continue', never);
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      let first = 0;
      await pool.run(job, (): Decision => ((first ||= performance.now()), 'continue'), never);
      times.push(first - t0);
    }
    return times.sort((a, b) => a - b)[Math.floor(n / 2)];
  } finally {
    await pool.close();
  }
}

/** One repetition of the speedup target: the same batch on 1 worker and on 2, with the load average (1 min) seen before each. */
export interface SpeedupRep {
  readonly one: { wall: number; cpu: number; load: number };
  readonly two: { wall: number; cpu: number; load: number };
}

/**
 * `reps` repetitions of `benchBatch(1)` and `benchBatch(2)`, the order alternating so a
 * change in the machine's load does not always favour the same side. On a machine shared
 * by other processes a wall-time ratio alone misleads: cpu / wall (cores this process got)
 * and cpu(2) / cpu(1) (extra work the second worker costs) are printed beside it, and
 * 2·cpu(1) / cpu(2): the speedup two otherwise idle cores would give a CPU-bound batch.
 */
export async function benchSpeedup(reps = 3, trials = 4, epochs = 1, samples = 1000, onRep?: (r: SpeedupRep, i: number) => void): Promise<SpeedupRep[]> {
  const measure = async (workers: number) => ({ load: loadavg()[0]!, ...(await benchBatch(workers, trials, epochs, samples)) });
  const out: SpeedupRep[] = [];
  for (let i = 0; i < reps; i++) {
    const first = await measure(i % 2 === 0 ? 1 : 2);
    const second = await measure(i % 2 === 0 ? 2 : 1);
    const rep = i % 2 === 0 ? { one: first, two: second } : { one: second, two: first };
    out.push(rep);
    onRep?.(rep, i);
  }
  return out;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export interface WorkerBenchOptions {
  readonly what: 'all' | 'dispatch' | 'mnist' | 'speedup' | 'kernels';
  readonly reps: number;
  readonly trials: number;
  readonly epochs: number;
  readonly samples: number;
}

/** Runs the worker measurements and prints one line per number (`hptune bench --workers` and this file's CLI). */
export async function runWorkerBench(o: WorkerBenchOptions, print: (line: string) => void): Promise<void> {
  const load = () => `load ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`;
  if (o.what === 'all' || o.what === 'dispatch') {
    const before = load();
    print(`dispatch overhead (median of 50, warm worker): ${(await benchDispatch()).toFixed(2)} ms  [${before}]`);
  }
  if (o.what === 'all' || o.what === 'mnist') {
    const before = load();
    const m = await benchMnistMlp();
    print(`MNIST MLP 784-128-10, cpu: ${m.epochSeconds.toFixed(2)} s/epoch wall, ${m.epochCpuSeconds.toFixed(2)} s/epoch cpu; val_accuracy ${m.valAccuracy.map((a) => a.toFixed(4)).join(' ')}; ≥ 0.95 at epoch ${m.reached95At ?? 'never'}  [${before}]`);
  }
  if (o.what === 'all' || o.what === 'speedup') {
    const f = (r: SpeedupRep['one']) => `${r.wall.toFixed(2)} s wall / ${r.cpu.toFixed(2)} s cpu (${(r.cpu / r.wall).toFixed(2)} cores, load ${r.load.toFixed(2)})`;
    print(`${o.trials} MNIST-MLP trials (${o.epochs} epoch(s), ${o.samples} samples), ${o.reps} repetitions on ${availableParallelism()} cores:`);
    const all = await benchSpeedup(o.reps, o.trials, o.epochs, o.samples, ({ one, two }, i) =>
      print(`  rep ${i + 1}: 1 worker ${f(one)}; 2 workers ${f(two)}; speedup ${(one.wall / two.wall).toFixed(2)}×, cpu(2)/cpu(1) ${(two.cpu / one.cpu).toFixed(2)}, on free cores ${((2 * one.cpu) / two.cpu).toFixed(2)}×`),
    );
    print(`  median speedup ${median(all.map((r) => r.one.wall / r.two.wall)).toFixed(2)}× (target ≥ 1.7×), median cpu(2)/cpu(1) ${median(all.map((r) => r.two.cpu / r.one.cpu)).toFixed(2)}, on free cores ${median(all.map((r) => (2 * r.one.cpu) / r.two.cpu)).toFixed(2)}×`);
  }
  if (o.what === 'all' || o.what === 'kernels') {
    await runKernelBench(MNIST_MLP_PARAMS, o.reps, print);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { reps: { type: 'string', default: '3' }, trials: { type: 'string', default: '4' }, epochs: { type: 'string', default: '1' }, samples: { type: 'string', default: '1000' } } });
  const [reps, trials, epochs, samples] = [values.reps, values.trials, values.epochs, values.samples].map(Number) as [number, number, number, number];
  const what = (positionals[0] ?? 'all') as WorkerBenchOptions['what'];
  await runWorkerBench({ what, reps, trials, epochs, samples }, (line) => console.log(line));
}
