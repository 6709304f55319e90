/**
 * `hptune bench`: each algorithm on each problem over seeds 0…N−1 (docs/benchmarks.md):
 * median and IQR of the simple regret max(best_f − f*, 0) at 10/25/50/100 % of the budget,
 * the wall time, and the engine's own overhead per trial measured with the no-op objective.
 * Numbers, not assertions: the machines are shared and noisy, so compare ratios of one run.
 */
import { Engine, MemoryStore, OBJECTIVES, parseSpec, type ObjectiveName } from '../../engine/index.ts';
import { boLatency, describeBoLatency, type BoLatencyRow } from '../bench/bo-latency.ts';
import { InProcessRunner } from '../../workers/inprocess.ts';
import { BENCH_ALGORITHMS, type BenchAlgorithm } from '../bench/algorithms.ts';
import { LC4_ALGORITHMS, LC4_MARKS, benchLc4, type Lc4Row } from '../bench/lc4.ts';
import { slotUse, type SlotUse } from '../bench/slots.ts';
import { median, spread, type Spread } from '../bench/stats.ts';
import { formatTable, short } from '../table.ts';
import type { Io } from '../main.ts';
import { describeOverhead, overheadScaling, type OverheadScaling } from '../bench/overhead.ts';
import { askTellOverhead, describeAskTell, type AskTellOverhead } from '../bench/asktell.ts';
import { benchReplay, describeReplay } from '../bench/replay.ts';

export interface BenchOptions {
  readonly problems?: readonly string[];
  readonly algorithms?: readonly string[];
  readonly seeds?: number;
  /** The first seed: the problems run on seeds firstSeed…firstSeed+seeds−1 (a second seed set checks a result found on the first). */
  readonly firstSeed?: number;
  readonly budget?: number;
  readonly json: boolean;
  readonly latency: boolean;
  readonly storage?: boolean;
  /** The worker pool's measurements instead of the search benchmarks. */
  readonly workers?: boolean;
  /** Command trials' overhead and slot use (src/cli/bench/commands.ts) instead of the search benchmarks. */
  readonly commands?: boolean;
  /** Slurm's submit-to-start latency and what hptune adds per job (src/cli/bench/slurm.ts), on the cluster this machine submits to. */
  readonly slurm?: boolean;
}

const CLOSED_FORM: readonly ObjectiveName[] = ['branin', 'hartmann3', 'hartmann6', 'rosenbrock2_scaled', 'ackley5'];
const PROBLEMS: readonly string[] = [...CLOSED_FORM, 'lc4'];
const FRACTIONS = [0.1, 0.25, 0.5, 1] as const;

export interface BenchRow {
  readonly problem: string;
  readonly algorithm: string;
  readonly budget: number;
  readonly seeds: number;
  readonly regret: Spread;
  readonly regret_at: Readonly<Record<string, Spread>>;
  readonly wall_s: number;
  readonly overhead_ms: number;
}

export async function bench(opts: BenchOptions, io: Io): Promise<number> {
  const problems = opts.problems ?? PROBLEMS;
  const known = [...new Set([...Object.keys(BENCH_ALGORITHMS), ...Object.keys(LC4_ALGORITHMS)])];
  const algorithms = opts.algorithms ?? known;
  for (const p of problems) if (!PROBLEMS.includes(p)) throw new Error(`unknown problem ${JSON.stringify(p)}; known: ${PROBLEMS.join(', ')}`);
  for (const a of algorithms) if (!known.includes(a)) throw new Error(`unknown algorithm ${JSON.stringify(a)}; known: ${known.join(', ')}`);
  if (opts.slurm) {
    const { benchSlurm } = await import('../bench/slurm.ts');
    return benchSlurm({ json: opts.json }, io);
  }
  if (opts.commands) {
    const { runCommandBench } = await import('../bench/commands.ts');
    return runCommandBench({ json: opts.json, reps: opts.seeds ?? 3 }, io);
  }
  if (opts.workers) {
    // Trains real TF.js models in worker_threads: minutes, and nothing else is run.
    const { runWorkerBench } = await import('../../workers/bench.node.ts');
    await runWorkerBench({ what: 'all', reps: opts.seeds ?? 3, trials: 4, epochs: 1, samples: 1000 }, (line) => io.out(line));
    return 0;
  }
  const seeds = opts.seeds ?? 20;
  const firstSeed = opts.firstSeed ?? 0;
  const budget = opts.budget ?? 50;

  const engine = { parse_50_keys_ms: parseTiming(), overhead_ms_per_trial: await overheadPerTrial(BENCH_ALGORITHMS.random!, 2000), overhead_scaling: await overheadScaling(), asktell_overhead: await askTellOverhead() };
  const results: (BenchRow | Lc4Row)[] = [];
  const progress = (row: BenchRow | Lc4Row) => {
    results.push(row);
    if (!opts.json) io.err(`${row.problem} × ${row.algorithm}: median regret ${short(row.regret.median, 4)} (${row.wall_s.toFixed(1)} s)`);
  };
  for (const problem of problems) {
    for (const name of algorithms) {
      if (problem === 'lc4') {
        // LC4's budget is resource units (docs/benchmarks.md), not evaluations: --budget does not apply.
        if (LC4_ALGORITHMS[name]) progress(await benchLc4(name, seeds, firstSeed));
      } else if (BENCH_ALGORITHMS[name]) {
        progress(await benchOne(problem as ObjectiveName, name, BENCH_ALGORITHMS[name], budget, seeds, firstSeed));
      }
    }
  }
  const latency = opts.latency ? await boLatency() : undefined;
  const storage = opts.storage ? await storageTimings() : undefined;
  const slots =
    problems.includes('lc4') && algorithms.includes('asha') ? [await slotUse('asha'), ...(algorithms.includes('hyperband') ? [await slotUse('hyperband')] : [])] : undefined;
  if (opts.json) io.out(JSON.stringify({ engine, results, ...(latency && { latency }), ...(slots && { slots }), ...(storage && { storage }) }, null, 2));
  else io.out(describe(engine, results, latency, slots) + (storage ? '\n\n' + describeStorage(storage) : ''));
  return 0;
}

/**
 * The storage targets on the IndexedDB store (fake-indexeddb in Node, which is slower
 * than Chromium's): one report written per commit (median ms, target < 1), and reopening a
 * group of 1,000 trials × 100 reports (target < 1 s; a resume reads the group and its
 * trials, the charts all reports).
 */
async function storageTimings() {
  await import('../bench/fake-idb.ts'); // idb needs the IndexedDB globals (IDBRequest, …) in Node
  const { IdbStore } = await import('../../store/idb.ts');
  const { benchReportWrites, benchReopen } = await import('../../store/bench.ts');
  const writes = await benchReportWrites(await IdbStore.open('bench-writes'));
  const reopen = await benchReopen(await IdbStore.open('bench-reopen'), () => IdbStore.open('bench-reopen'));
  return { report_write_ms: writes, reopen_ms: reopen, replay: await benchReplay((name) => IdbStore.open(name)) };
}

function describeStorage(s: Awaited<ReturnType<typeof storageTimings>>): string {
  const r = s.reopen_ms;
  return [
    'Storage (IndexedDB store on fake-indexeddb in Node):',
    `  one report per commit: median ${s.report_write_ms.median.toFixed(3)} ms, p95 ${s.report_write_ms.p95.toFixed(3)} ms (${s.report_write_ms.n} writes)`,
    `  reopen 1,000 trials × 100 reports: open ${r.openMs.toFixed(0)} ms, group + trials (what a resume reads) ${r.trialsMs.toFixed(0)} ms, all reports ${r.reportsMs.toFixed(0)} ms, total ${r.totalMs.toFixed(0)} ms`,
    ...describeReplay(s.replay),
  ].join('\n');
}

async function benchOne(problem: ObjectiveName, name: string, algorithm: BenchAlgorithm, budget: number, seeds: number, firstSeed: number): Promise<BenchRow> {
  const fStar = OBJECTIVES[problem].fStar;
  const curves: number[][] = [];
  const t0 = performance.now();
  for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
    const losses = await runGroup(problem, algorithm, budget, seed);
    let best = Infinity;
    curves.push(losses.map((f) => Math.max((best = Math.min(best, f)) - fStar, 0)));
  }
  const wall_s = (performance.now() - t0) / 1000;
  const at = (frac: number) => spread(curves.map((c) => c[Math.min(c.length, Math.ceil(frac * budget)) - 1] ?? NaN));
  const regret_at = Object.fromEntries(FRACTIONS.map((f) => [`${f * 100}%`, at(f)]));
  return {
    problem,
    algorithm: name,
    budget,
    seeds,
    regret: at(1),
    regret_at,
    wall_s,
    overhead_ms: await overheadPerTrial(algorithm, budget),
  };
}

/** Runs one group and returns each trial's loss in trial order (failed trials: +Infinity). */
async function runGroup(problem: ObjectiveName | 'noop', algorithm: BenchAlgorithm, budget: number, seed: number): Promise<number[]> {
  const shape = problem === 'noop' ? 'branin' : problem;
  const source = JSON.stringify({
    version: 1,
    kind: 'group',
    hptuning: { seed, ...algorithm.hptuning(shape, budget) },
    run: { objective: problem },
  });
  const engine = new Engine({ store: new MemoryStore(), runner: new InProcessRunner() });
  const created = await engine.create(source, { id: `bench-${seed}` });
  if (!created.ok) throw new Error(`bench spec invalid: ${created.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  await engine.run(created.group.id, algorithm.options ? { algorithm: algorithm.options } : {});
  const trials = await engine.trials(created.group.id);
  return trials.map((t) => t.metrics.loss?.last ?? Infinity);
}

/**
 * Wall time per trial of a group whose trials do nothing: the engine's own cost
 * (target < 0.1 ms), once warm — a first group also pays for JIT compilation.
 */
async function overheadPerTrial(algorithm: BenchAlgorithm, n: number): Promise<number> {
  await runGroup('noop', algorithm, n, 12344);
  const t0 = performance.now();
  const losses = await runGroup('noop', algorithm, n, 12345);
  return (performance.now() - t0) / Math.max(1, losses.length);
}

/** Median time to parse and validate a spec with a 50-key matrix (target < 5 ms). */
function parseTiming(): number {
  const matrix = Object.fromEntries(
    Array.from({ length: 50 }, (_, i) => [`p${i}`, i % 3 === 0 ? { uniform: [0, 1] } : i % 3 === 1 ? { values: [1, 2, 3] } : { linspace: '0.001:0.1:5' }]),
  );
  const source = `version: 1\nkind: group\nhptuning:\n  random_search: {n_experiments: 10}\n  matrix: ${JSON.stringify(matrix)}\n`;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) parseSpec(source); // warm-up: the first parses compile the parser
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    const r = parseSpec(source);
    times.push(performance.now() - t0);
    if (!r.ok) throw new Error(`parse timing spec invalid: ${r.issues[0]?.message}`);
  }
  return median(times);
}

function describe(
  engine: { parse_50_keys_ms: number; overhead_ms_per_trial: number; overhead_scaling: OverheadScaling; asktell_overhead: AskTellOverhead },
  rows: readonly (BenchRow | Lc4Row)[],
  latency: readonly BoLatencyRow[] | undefined,
  slots: readonly SlotUse[] | undefined,
): string {
  const closed = rows.filter((r): r is BenchRow => r.problem !== 'lc4');
  const lc4 = rows.filter((r): r is Lc4Row => r.problem === 'lc4');
  const iqr = (s: Spread) => `${short(s.median, 4)} [${short(s.q25, 3)}, ${short(s.q75, 3)}]`;
  const out = [
    `Engine: parse+validate a 50-key matrix ${engine.parse_50_keys_ms.toFixed(2)} ms (median of 30); overhead ${engine.overhead_ms_per_trial.toFixed(4)} ms per no-op trial (random search, 2000 trials, after a warm-up group)`,
    describeOverhead(engine.overhead_scaling),
    describeAskTell(engine.asktell_overhead),
  ];
  if (closed.length > 0) {
    const table = [['problem', 'algorithm', 'budget', 'seeds', 'regret median [q25, q75]', ...FRACTIONS.map((f) => `@${f * 100}%`), 'wall s', 'ms/trial']];
    for (const r of closed) {
      table.push([
        r.problem,
        r.algorithm,
        String(r.budget),
        String(r.seeds),
        iqr(r.regret),
        ...FRACTIONS.map((f) => short(r.regret_at[`${f * 100}%`]!.median, 4)),
        r.wall_s.toFixed(2),
        r.overhead_ms.toFixed(4),
      ]);
    }
    out.push('', 'Simple regret max(best_f − f*, 0) at a share of the evaluations:', formatTable(table, { header: true }));
  }
  if (lc4.length > 0) {
    const table = [['algorithm', 'seeds', 'trials', 'regret median [q25, q75]', ...LC4_MARKS.map((m) => `@${m}`), 'wall s']];
    for (const r of lc4) {
      table.push([r.algorithm, String(r.seeds), String(r.trials), iqr(r.regret), ...LC4_MARKS.map((m) => short(r.regret_at[String(m)]?.median, 4)), r.wall_s.toFixed(2)]);
    }
    out.push('', `LC4: true regret f(x_inc) − 0.10 at units of resource spent (budget ${lc4[0]!.budget}):`, formatTable(table, { header: true }));
  }
  if (slots) {
    out.push('', 'Slot use on LC4 (R = 27, η = 3, 10 ms per step, concurrency 2, a 3 s window): share of slot time running trials');
    for (const s of slots) out.push(`  ${s.algorithm}: ${(s.busy * 100).toFixed(1)} % busy (${s.trials} trials, ${s.wall_s.toFixed(1)} s)`);
  }
  if (latency) out.push(...describeBoLatency(latency));
  return out.join('\n');
}
