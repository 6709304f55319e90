/**
 * `hptune bench --commands`: what command trials cost (docs/benchmarks.md, "Command trials in hptune bench").
 * - Overhead per trial: a grid of trivial commands (print one metric line) run one at a
 *   time through the engine, the file store and the local runner, against the same command
 *   lines spawned bare with `bash -c` one after another. Both per trial, and the difference:
 *   what hptune adds to spawning (templating, the log, the metrics, the store).
 *   Target: below 20 ms per trial in all.
 * - Slots: 10 trials of `sleep 1` with concurrency 2. Target: under 6 s (5 s is ideal).
 * Medians over --seeds repetitions (default 3). Numbers, not assertions.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../engine/index.ts';
import { FileStore } from '../../store/file.ts';
import { LocalCommandRunner } from '../../cmd/local-runner.ts';
import { median } from './stats.ts';
import { formatTable, short } from '../table.ts';
import type { Io } from '../main.ts';

const TRIALS = 50;
const LINE = `printf 'HPTUNE_METRICS {"metrics": {"loss": %s}}\\n' {{ x }}`;

export interface CommandBench {
  readonly trials: number;
  /** Per trial through hptune: spawn, template, log, metrics, store. */
  readonly hptune_ms_per_trial: number;
  /** Per trial for the same command lines spawned bare with bash -c. */
  readonly bare_spawn_ms_per_trial: number;
  /** The difference: what hptune adds to a spawn. */
  readonly added_ms_per_trial: number;
  readonly slots: { readonly trials: number; readonly concurrency: number; readonly sleep_s: number; readonly wall_s: number };
}

async function groupWall(yaml: string, dir: string): Promise<number> {
  const store = await FileStore.open(join(dir, 'store.jsonl'));
  const runner = new LocalCommandRunner({ runDir: dir, cwd: dir });
  const engine = new Engine({ store, runner });
  const created = await engine.create(yaml, { id: 'bench' });
  if (!created.ok) throw new Error(created.issues[0]!.message);
  const start = performance.now();
  const group = await engine.run('bench');
  const wall = performance.now() - start;
  await store.close();
  if (group.status !== 'done') throw new Error(`the benchmark group ended ${group.status}: ${group.message ?? ''}`);
  return wall;
}

function bareSpawns(n: number): Promise<number> {
  const start = performance.now();
  const one = (i: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const child = spawn('/bin/bash', ['-c', LINE.replace('{{ x }}', String(i))], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      child.stdout.resume();
      child.stderr.resume();
      child.once('error', reject);
      child.once('close', () => resolve());
    });
  return (async () => {
    for (let i = 0; i < n; i++) await one(i);
    return performance.now() - start;
  })();
}

export async function commandBench(reps: number): Promise<CommandBench> {
  const overhead = `version: 1
kind: group
hptuning:
  matrix:
    x: {range: [0, ${TRIALS}, 1]}
run:
  cmd: ${JSON.stringify(LINE)}
`;
  const hp: number[] = [];
  const bare: number[] = [];
  const slotWalls: number[] = [];
  for (let r = 0; r < reps; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'hptune-bench-cmd-'));
    try {
      hp.push((await groupWall(overhead, dir)) / TRIALS);
      bare.push((await bareSpawns(TRIALS)) / TRIALS);
      // Its own folder (a store holds one group); the script sits in the trials' working directory.
      const slotDir = join(dir, 'slots');
      mkdirSync(slotDir);
      writeFileSync(join(slotDir, 'work.sh'), 'sleep 1\necho "HPTUNE_METRICS {\\"metrics\\": {\\"loss\\": $1}}"\n');
      const slots = `version: 1
kind: group
hptuning:
  concurrency: 2
  matrix:
    x: {range: [0, 10, 1]}
run:
  cmd: sh work.sh {{ x }}
`;
      slotWalls.push((await groupWall(slots, slotDir)) / 1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const h = median(hp);
  const b = median(bare);
  return {
    trials: TRIALS,
    hptune_ms_per_trial: h,
    bare_spawn_ms_per_trial: b,
    added_ms_per_trial: h - b,
    slots: { trials: 10, concurrency: 2, sleep_s: 1, wall_s: median(slotWalls) },
  };
}

export async function runCommandBench(opts: { readonly json: boolean; readonly reps: number }, io: Io): Promise<number> {
  const r = await commandBench(opts.reps);
  if (opts.json) {
    io.out(JSON.stringify({ commands: r }, null, 2));
    return 0;
  }
  io.out(
    formatTable(
      [
        ['measure', 'value', 'target'],
        [`per command trial through hptune (${r.trials} trials, one at a time)`, `${short(r.hptune_ms_per_trial, 4)} ms`, '< 20 ms'],
        ['the same command lines spawned bare (bash -c)', `${short(r.bare_spawn_ms_per_trial, 4)} ms`, ''],
        ['added by hptune per trial (template, log, metrics, store)', `${short(r.added_ms_per_trial, 4)} ms`, ''],
        [`${r.slots.trials} trials of sleep ${r.slots.sleep_s} with ${r.slots.concurrency} slots`, `${short(r.slots.wall_s, 4)} s`, '< 6 s (5 s ideal)'],
      ],
      { header: true },
    ),
  );
  return 0;
}
