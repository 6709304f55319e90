/**
 * `hptune bench --slurm` (docs/slurm.md, "What hptune adds"): a group of trivial command
 * trials run as Slurm jobs on the cluster this machine submits to, and per trial:
 *
 * - Slurm's own time: sbatch's call, and submit-to-start (sbatch called → the batch script's
 *   first line ran);
 * - what hptune adds: preparing the job (render, folders, batch script) before sbatch, and
 *   noticing the end (the script's exit file written → the trial's outcome handed back).
 *
 * The script's timestamps come from the compute node's clock: on a cluster, the two clocks
 * must agree for submit-to-start and the end delay to mean anything (NTP).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { Engine, MemoryStore } from '../../engine/index.ts';
import { missingSlurmCommand } from '../../cmd/slurm/commands.ts';
import { SlurmRunner, type SlurmTiming } from '../../cmd/slurm/runner.ts';
import { median, quantile } from './stats.ts';
import { formatTable, short } from '../table.ts';
import type { Io } from '../main.ts';

export interface SlurmBenchOptions {
  readonly json: boolean;
  readonly trials?: number;
  readonly concurrency?: number;
}

const SPEC = (n: number, c: number) => `version: 1
kind: group
hptuning:
  concurrency: ${c}
  matrix:
    x: {range: [0, ${n}, 1]}
run:
  cmd: |
    printf '{"step": 1, "metrics": {"loss": {{ x }}}}\\n' >> "$HPTUNE_METRICS_FILE"
`;

const MEASURES = {
  sbatch_ms: (t: SlurmTiming) => t.submitted - t.submitting,
  submit_to_start_ms: (t: SlurmTiming) => (t.started === undefined ? undefined : t.started - t.submitting),
  hptune_prepare_ms: (t: SlurmTiming) => t.submitting - t.called,
  hptune_end_ms: (t: SlurmTiming) => (t.ended === undefined ? undefined : t.returned - t.ended),
  hptune_total_ms: (t: SlurmTiming) => (t.ended === undefined ? undefined : t.submitting - t.called + (t.returned - t.ended)),
} as const;

const LABELS: Record<keyof typeof MEASURES, string> = {
  sbatch_ms: "sbatch call (Slurm's)",
  submit_to_start_ms: "submit to start (Slurm's)",
  hptune_prepare_ms: 'hptune: job prepared before sbatch',
  hptune_end_ms: 'hptune: end noticed and handed back',
  hptune_total_ms: 'hptune adds per trial',
};

export async function benchSlurm(opts: SlurmBenchOptions, io: Io): Promise<number> {
  const missing = await missingSlurmCommand();
  if (missing) throw new Error(`bench --slurm needs a Slurm cluster to submit to, and ${missing} is not on PATH (docs/slurm.md, "Setup")`);
  const n = opts.trials ?? 10;
  const c = opts.concurrency ?? 2;
  // In the current folder: it must be on the filesystem the compute nodes share.
  const runDir = await mkdtemp(resolve('hptune-bench-slurm-'));
  const runner = new SlurmRunner({ runDir, specDir: runDir });
  const store = new MemoryStore();
  const engine = new Engine({ store, runner });
  const started = Date.now();
  try {
    const created = await engine.create(SPEC(n, c), { id: 'bench' });
    if (!created.ok) throw new Error(`the benchmark spec is invalid: ${created.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    const group = await engine.run('bench');
    const failed = (await store.listTrials('bench')).filter((t) => t.status !== 'succeeded');
    if (group.status !== 'done' || failed.length > 0) throw new Error(`the benchmark group ended ${group.status}: ${failed[0]?.message ?? group.message ?? ''} (trial folders in ${join(runDir, 'trials')})`);
  } finally {
    await runner.close();
  }
  const wall = (Date.now() - started) / 1000;
  // A shared machine's load stretches hptune's milliseconds: print it beside them.
  const load = loadavg()[0]!;
  const rows = Object.entries(MEASURES).map(([key, f]) => {
    const values = runner.timings.map(f).filter((v): v is number => v !== undefined);
    return { key, median: median(values), q90: quantile(values, 0.9), max: Math.max(...values), n: values.length };
  });
  await rm(runDir, { recursive: true, force: true });
  if (opts.json) {
    io.out(JSON.stringify({ slurm: { trials: n, concurrency: c, wall_s: wall, load_1min: load, ...Object.fromEntries(rows.map((r) => [r.key, { median: r.median, q90: r.q90, max: r.max }])) } }, null, 2));
    return 0;
  }
  io.out(`Slurm: ${n} trivial command trials, ${c} jobs in flight, ${short(wall, 4)} s in all (load average ${short(load, 3)})`);
  io.out(
    formatTable(
      [['per trial (ms)', 'median', '90th pct', 'max'], ...rows.map((r) => [LABELS[r.key as keyof typeof MEASURES], short(r.median, 4), short(r.q90, 4), short(r.max, 4)])],
      { header: true },
    ),
  );
  return 0;
}
