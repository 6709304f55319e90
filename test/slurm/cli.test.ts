/**
 * `hptune run FILE --on slurm` from the command line (docs/slurm.md): bad input is refused
 * before anything is submitted (no Slurm needed), and a real run on the test cluster
 * prints its trials and leaves each trial's batch script and log in the run folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type Io } from '../../src/cli/main.ts';
import { slurmMissing, startCluster, type Cluster } from './cluster.ts';

const dir = mkdtempSync(join(tmpdir(), 'hptune-slurm-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function hptune(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Io = { out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), progress: () => {}, isTTY: false };
  const code = await main(argv, io);
  return { code, out: stdout.join('\n'), err: stderr.join('\n') };
}

function spec(name: string, extra: string, run = 'run:\n  cmd: python3 -c "print({{ lr }})"\n'): string {
  const p = join(dir, name);
  writeFileSync(p, `version: 1\nkind: group\nhptuning:\n  matrix:\n    lr: {values: [0.1, 0.2]}\n${extra}${run}`);
  return p;
}

describe('hptune run --on slurm: refused before the group starts', () => {
  it('names the resource field, the rule and the value, with line and column', async () => {
    const f = spec('bad-resources.yaml', 'environment:\n  resources:\n    cpu: {requests: two}\n    gpu: {limits: 0.5}\n');
    const r = await hptune('run', f, '--on', 'slurm', '--out', join(dir, 'bad.json'));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${f}:8:21 environment.resources.cpu.requests: must be a number > 0, received 'two'`);
    expect(r.err).toContain(`${f}:9:19 environment.resources.gpu.limits: must be a whole number of GPUs, received 0.5`);
    expect(existsSync(join(dir, 'bad.run'))).toBe(false);
  });

  it('says which Slurm command is missing when Slurm is not installed', async () => {
    const f = spec('ok.yaml', '');
    const empty = join(dir, 'empty-path');
    mkdirSync(empty, { recursive: true });
    const path = process.env['PATH'];
    process.env['PATH'] = empty;
    try {
      const r = await hptune('run', f, '--on', 'slurm', '--out', join(dir, 'ok.json'));
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^hptune: --on slurm needs Slurm's sbatch, squeue, scancel on PATH, and sbatch is not there\./);
      expect(existsSync(join(dir, 'ok.run'))).toBe(false);
    } finally {
      process.env['PATH'] = path;
    }
  });

  it('refuses a spec whose trials are not commands, and an unknown target', async () => {
    const f = spec('objective.yaml', '', 'run: {objective: branin}\n');
    const r = await hptune('run', f, '--on', 'slurm');
    expect(r.code).toBe(1);
    expect(r.err.split('\n').at(-1)).toBe(`hptune: --on slurm runs command trials (run.cmd); ${f} runs run.objective`);
    const u = await hptune('run', f, '--on', 'kubernetes');
    expect(u.code).toBe(2);
    expect(u.err).toContain('--on must be one of local, slurm, received "kubernetes"');
  });
});

const skip = slurmMissing();
describe.skipIf(skip)('hptune run --on slurm on a real Slurm', () => {
  let cluster: Cluster;
  const saved: Record<string, string | undefined> = {};
  beforeAll(async () => {
    cluster = await startCluster();
    for (const [k, v] of Object.entries(cluster.env)) [saved[k], process.env[k]] = [process.env[k], v];
  }, 60_000);
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    await cluster?.stop();
  }, 60_000);

  it('runs the group as batch jobs and prints its trials', async () => {
    writeFileSync(join(dir, 'report.py'), 'import sys\nfrom polyaxon_client.tracking import Experiment\nExperiment().log_metrics(step=1, loss=float(sys.argv[1]) ** 2)\n');
    const f = spec('run.yaml', 'environment:\n  resources:\n    memory: {limits: 100}\n', 'run:\n  cmd: python3 report.py {{ lr }}\n');
    const r = await hptune('run', f, '--on', 'slurm', '--out', join(dir, 'run.json'));
    expect(r.err).toContain('Trials run as Slurm batch jobs with --mem=100M');
    expect(r.code, r.err).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { trials: { status: string; metrics: { loss: { last: number } } }[] };
    expect(result.trials.map((t) => [t.status, t.metrics.loss.last])).toEqual([
      ['succeeded', 0.1 ** 2],
      ['succeeded', 0.2 ** 2],
    ]);
    const script = readFileSync(join(dir, 'run.run', 'trials', '0', 'job.sh'), 'utf8');
    expect(script).toMatch(/^#SBATCH --job-name=hptune-\S+-0$/m);
    expect(script).toContain('#SBATCH --mem=100M');
  }, 60_000);
});
