/**
 * Command trials on a real single-node Slurm (docs/slurm.md): slurmctld, slurmd and munged
 * started by test/slurm/cluster.ts, real Python scripts that report through the shipped
 * tracking module, real sbatch / squeue / scancel.
 *
 * The time-limit test gives its job Slurm's smallest limit (one minute), then brings the
 * job's end time forward to now with `scontrol update EndTime=now` once it runs; Slurm's own
 * enforcement (a check every 30 s) then ends it. It starts first and runs beside the others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Engine, MemoryStore, type GroupRecord, type TrialRecord } from '../../src/engine/index.ts';
import { SlurmRunner, type SlurmRunnerOptions } from '../../src/cmd/slurm/runner.ts';
import { slurmResources } from '../../src/cmd/slurm/resources.ts';
import { slurmCommands, type SlurmCommands } from '../../src/cmd/slurm/commands.ts';
import { slurmMissing, startCluster, type Cluster } from './cluster.ts';

const skip = slurmMissing();
if (skip) console.log(`[slurm tests] skipped: ${skip}`);

/** A v0-style training loop: imports the tracking module exactly as Polyaxon v0 examples do. */
const TRAIN = `
import argparse, time
from polyaxon_client.tracking import Experiment

parser = argparse.ArgumentParser()
parser.add_argument('--lr', type=float)
parser.add_argument('--epochs', type=int, default=3)
parser.add_argument('--sleep', type=float, default=0.0)
args = parser.parse_args()
experiment = Experiment()
w = 0.0
for epoch in range(1, args.epochs + 1):
    w += args.lr * (1.0 - w)
    experiment.log_metrics(step=epoch, loss=(1.0 - w) ** 2)
    time.sleep(args.sleep)
`;

/**
 * The stop test's script. Only the trial that ignores TERM reports a loss under the
 * threshold, and only once its handler is in place: the stop cannot reach it earlier (when
 * any trial could meet the threshold, the TERM sometimes arrived while the ignoring trial's
 * Python was still starting, and the default action ended it).
 */
const TERM = `
import signal, sys, time
from polyaxon_client.tracking import Experiment

ignore = sys.argv[1] == '1'
if ignore:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
Experiment().log_metrics(step=1, loss=0.25 if ignore else 1.0)
time.sleep(600)
`;

function spec(body: string): string {
  return `version: 1\nkind: group\n${body}`;
}

describe.skipIf(skip)('Slurm runner against a real Slurm', () => {
  let cluster: Cluster;
  let folder: string;
  let timeLimited: Promise<{ group: GroupRecord; trials: readonly TrialRecord[] }>;

  beforeAll(async () => {
    cluster = await startCluster();
    folder = mkdtempSync(join(tmpdir(), 'hptune-slurm-spec-'));
    writeFileSync(join(folder, 'train.py'), TRAIN);
    writeFileSync(join(folder, 'term.py'), TERM);
    // Slurm's smallest time limit is one minute (SBATCH_TIMELIMIT overrides the script's options).
    timeLimited = runGroup(
      'tl',
      spec(`hptuning:\n  matrix:\n    lr: {values: [0.5]}\nrun:\n  cmd: python3 train.py --lr={{ lr }} --epochs=1 --sleep=600\n`),
      { env: { ...cluster.env, SBATCH_TIMELIMIT: '1' } },
    );
    timeLimited.catch(() => undefined);
    void (async () => {
      const running = join(cluster.dir, 'runs', 'tl', 'trials', '0', 'started');
      while (!existsSync(running)) await new Promise((r) => setTimeout(r, 100));
      const id = spawnSync('squeue', ['--noheader', '--name=hptune-tl-0', '--format=%i'], { env: { ...process.env, ...cluster.env }, encoding: 'utf8' }).stdout.trim();
      spawnSync('scontrol', ['update', `JobId=${id}`, 'EndTime=now'], { env: { ...process.env, ...cluster.env } });
    })();
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  }, 60_000);

  async function runGroup(id: string, text: string, extra: Partial<SlurmRunnerOptions> = {}) {
    const resources = slurmResources(text);
    const runner = new SlurmRunner({ runDir: join(cluster.dir, 'runs', id), specDir: folder, sbatchOptions: resources.options, env: cluster.env, pollMs: 500, maxBackoffMs: 2000, ...extra });
    const store = new MemoryStore();
    const engine = new Engine({ store, runner });
    const created = await engine.create(text, { id });
    if (!created.ok) throw new Error(JSON.stringify(created.issues));
    try {
      const group = await engine.run(id);
      return { group, trials: [...(await store.listTrials(id))].sort((a, b) => a.number - b.number), runner };
    } finally {
      await runner.close();
    }
  }

  /** Slurm's record of a job by name: state and reason, CPUs and memory asked for. */
  function job(name: string): { state: string; reason: string; cpus: string; mem: string } | undefined {
    const r = spawnSync('squeue', ['--noheader', '--states=all', `--name=${name}`, '--format=%T|%r|%C|%m'], { env: { ...process.env, ...cluster.env }, encoding: 'utf8' });
    const [state, reason, cpus, mem] = r.stdout.trim().split('\n').at(-1)!.split('|');
    return state ? { state, reason: reason!, cpus: cpus!, mem: mem! } : undefined;
  }

  it('runs a 4-trial random search as batch jobs with the resources asked for, and reads the metrics', async () => {
    const text = spec(`hptuning:
  concurrency: 2
  seed: 7
  random_search: {n_experiments: 4}
  matrix:
    lr: {uniform: [0.1, 0.9]}
environment:
  resources:
    cpu: {requests: 2}
    memory: {requests: 100, limits: 150}
run:
  cmd: python3 train.py --lr={{ lr }} --epochs=3
`);
    const { group, trials } = await runGroup('rs', text, { requiredMetrics: [{ name: 'loss', field: 'test' }] });
    expect(group.status, group.message).toBe('done');
    expect(trials.map((t) => t.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    for (const t of trials) {
      const lr = t.params['lr'] as number;
      // three epochs of w += lr (1 - w): loss = (1 - lr)^6
      expect(t.metrics['loss']!.last).toBeCloseTo((1 - lr) ** 6, 10);
      expect(t.metrics['loss']!.count).toBe(3);
      const slurm = job(`hptune-rs-${t.number}`);
      expect(slurm).toMatchObject({ state: 'COMPLETED', cpus: '2', mem: '150M' });
      const script = readFileSync(join(cluster.dir, 'runs', 'rs', 'trials', String(t.number), 'job.sh'), 'utf8');
      expect(script).toContain(`#SBATCH --chdir=${folder}`);
    }
  }, 60_000);

  it('fails only the trial whose command exits non-zero, with the end of its log', async () => {
    const text = spec(`hptuning:
  concurrency: 2
  matrix:
    code: {values: [0, 3]}
run:
  cmd: python3 train.py --lr=0.5 --epochs=1 && echo "exiting with {{ code }}" && exit {{ code }}
`);
    const { group, trials } = await runGroup('exit', text);
    expect(group.status).toBe('done');
    expect(trials.map((t) => t.status)).toEqual(['succeeded', 'failed']);
    expect(trials[1]!.message).toMatch(/^CommandFailed: the command exited with code 3; the end of its log \(\S+\/trials\/1\/log\.txt\): exiting with 3$/);
  }, 60_000);

  it('fails a trial whose job sbatch refuses, with sbatch\'s message', async () => {
    const text = spec(`hptuning:
  matrix:
    lr: {values: [0.5]}
environment:
  resources:
    memory: {limits: 100000000}
run:
  cmd: python3 train.py --lr={{ lr }}
`);
    const { trials } = await runGroup('refused', text);
    expect(trials.map((t) => t.status)).toEqual(['failed']);
    expect(trials[0]!.message).toMatch(/^SlurmError: sbatch refused the job: sbatch: .*error: .*(memory|node configuration)/i);
  }, 60_000);

  it('cancels the job of a stopped trial: TERM first, then scancel after the grace period', async () => {
    // The TERM-ignoring trial reports loss 0.25, which meets the threshold: the group stops its running trials.
    const text = spec(`hptuning:
  concurrency: 2
  early_stopping: [{metric: loss, value: 0.3, optimization: minimize}]
  matrix:
    ignore_term: {values: [0, 1]}
run:
  cmd: python3 term.py {{ ignore_term }}
  grace_period: 1
`);
    const { group, trials } = await runGroup('stop', text);
    expect(group.status).toBe('stopped');
    expect(trials.map((t) => t.status)).toEqual(['stopped', 'stopped']);
    // The trial that ends on TERM exits with 143; the one that ignores it is cancelled by Slurm.
    expect(job('hptune-stop-0')?.state).toMatch(/FAILED|CANCELLED/);
    expect(job('hptune-stop-1')?.state).toBe('CANCELLED');
  }, 60_000);

  it('a Ctrl-C while sbatch is submitting pauses the group and cancels the job at once, not at its first report', async () => {
    // The command reports only after ten minutes: a job left running would hold the test until its timeout.
    const text = spec(`hptuning:
  matrix:
    lr: {values: [0.5]}
run:
  cmd: sleep 600 && python3 train.py --lr={{ lr }} --epochs=1
  grace_period: 1
`);
    const real = slurmCommands(cluster.env);
    let ctrlC: () => void = () => undefined;
    const commands: SlurmCommands = {
      run: async (command, args) => {
        const r = await real.run(command, args);
        if (command === 'sbatch') ctrlC(); // the job is submitted; run() has not seen its id yet
        return r;
      },
    };
    const runner = new SlurmRunner({ runDir: join(cluster.dir, 'runs', 'ctrlc'), specDir: folder, env: cluster.env, pollMs: 500, maxBackoffMs: 2000, commands });
    const store = new MemoryStore();
    const engine = new Engine({ store, runner });
    const created = await engine.create(text, { id: 'ctrlc' });
    if (!created.ok) throw new Error(JSON.stringify(created.issues));
    // What `hptune run` does on Ctrl-C: the engine pauses, then the runner is interrupted.
    ctrlC = () => {
      engine.pause('ctrlc');
      runner.interrupt();
    };
    try {
      const group = await engine.run('ctrlc');
      expect(group.status).toBe('paused');
      expect((await store.listTrials('ctrlc')).map((t) => t.status)).toEqual(['created']);
      expect(job('hptune-ctrlc-0')?.state).toMatch(/CANCELLED|FAILED/);
    } finally {
      await runner.close();
    }
  }, 60_000);

  it('waits while slurmctld is down, says so, and finishes when it is back', async () => {
    const text = spec(`hptuning:
  concurrency: 1
  matrix:
    lr: {values: [0.2, 0.4]}
run:
  cmd: python3 train.py --lr={{ lr }} --epochs=1 --sleep=2
`);
    const statuses: (string | undefined)[] = [];
    const trial0 = join(cluster.dir, 'runs', 'down', 'trials', '0', 'started');
    const outage = (async () => {
      while (!existsSync(trial0)) await new Promise((r) => setTimeout(r, 50));
      await cluster.stopController();
      // Trial 0 ends meanwhile (its exit file says so); trial 1 cannot be submitted.
      while (!statuses.some((s) => s?.includes('sbatch'))) await new Promise((r) => setTimeout(r, 100));
      await cluster.startController();
    })();
    const { group, trials } = await runGroup('down', text, { onStatus: (m) => statuses.push(m) });
    await outage;
    expect(group.status, group.message).toBe('done');
    expect(trials.map((t) => t.status)).toEqual(['succeeded', 'succeeded']);
    const said = statuses.filter((s) => s !== undefined);
    expect(said.length).toBeGreaterThan(0);
    for (const s of said) expect(s).toMatch(/^Slurm controller unreachable \(.*(connect failure|did not answer).*\); retrying (sbatch )?in \d+ s, the group waits$/);
    expect(said.some((s) => s.includes('retrying sbatch'))).toBe(true);
    expect(statuses.at(-1)).toBeUndefined();
  }, 60_000);

  it('fails a trial whose job exceeds its time limit, with Slurm\'s state and reason', async () => {
    const { group, trials } = await timeLimited;
    expect(trials).toHaveLength(1);
    expect(trials[0]!.status).toBe('failed');
    expect(trials[0]!.message).toMatch(/^SlurmJobError: Slurm ended job \d+: it reached its time limit \(state TIMEOUT, reason TimeLimit\); the end of its log \(\S+\/log\.txt\): .*DUE TO TIME LIMIT/);
    expect(group.status).toBe('done');
  }, 90_000);
});
