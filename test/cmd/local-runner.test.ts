// Command trials run as local processes by `hptune run`, with real Python scripts
// (test/fixtures/cmd) that report through the shipped polyaxon_client / polyaxon_helper.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main, type Io } from '../../src/cli/main.ts';

const FIXTURES = resolve('test/fixtures/cmd');
const PY = `python3 ${FIXTURES}`;

interface Exported {
  group: { status: string; message?: string };
  trials: { number: number; status: string; message?: string; params: Record<string, unknown>; metrics: Record<string, { last: number; count: number }>; parent?: number; resource?: number }[];
  reports: { trial: number; step: number; values: Record<string, number> }[];
}

async function runGroup(yaml: string, ...extra: string[]): Promise<{ code: number; result: Exported; dir: string; err: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'hptune-cmd-'));
  const file = join(dir, 'polyaxonfile.yaml');
  writeFileSync(file, yaml);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Io = { out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), progress: () => {}, isTTY: false };
  const code = await main(['run', file, '--json', '--out', join(dir, 'results.json'), ...extra], io);
  return { code, result: JSON.parse(stdout.join('\n')) as Exported, dir, err: stderr.join('\n') };
}

/** Alive and not a zombie (a zombie is dead, waiting for a parent that may never reap it). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const log = (dir: string, n: number) => readFileSync(join(dir, 'results.run', 'trials', String(n), 'log.txt'), 'utf8');

// Real processes on a shared machine: generous time limits (a guard, not an assertion).
describe('command trials', { timeout: 120_000 }, () => {
  it('runs a grid over a v0 training script, list form, in the polyaxonfile folder', async () => {
    const { code, result, dir } = await runGroup(`version: 1
kind: group
params: {epochs: 3}
hptuning:
  concurrency: 2
  matrix:
    lr: {values: [0.05, 0.2]}
    optimizer: {values: [sgd]}
run:
  cmd:
    - cp ${FIXTURES}/train.py .
    - python3 train.py --lr={{ lr }} --epochs={{ epochs }} --optimizer={{ optimizer }}
`);
    expect(code).toBe(0);
    expect(result.trials.map((t) => t.status)).toEqual(['succeeded', 'succeeded']);
    for (const t of result.trials) expect(t.metrics['val_loss']!.count).toBe(3);
    // A larger learning rate fits y = 3x - 1 faster in three epochs.
    expect(result.trials[1]!.metrics['val_loss']!.last).toBeLessThan(result.trials[0]!.metrics['val_loss']!.last);
    expect(existsSync(join(dir, 'train.py'))).toBe(true); // the working directory is the file's folder
    expect(log(dir, 1)).toContain('python3 train.py --lr=0.2 --epochs=3 --optimizer=sgd');
    expect(log(dir, 1)).toMatch(/done: w=/);
    expect(existsSync(join(dir, 'results.run', 'trials', '0', 'outputs', 'model.json'))).toBe(true);
  });

  it('reads polyaxon_helper.send_metrics and stdout lines, and warns about a malformed line in the log', async () => {
    const { code, result, dir } = await runGroup(`version: 1
kind: group
hptuning:
  seed: 3
  random_search: {n_experiments: 2}
  matrix:
    x: {uniform: [0, 1]}
run:
  cmd: ${PY}/helper.py
`);
    expect(code).toBe(0);
    for (const t of result.trials) {
      // Steps left out are numbered per source: the metrics file, and stdout.
      const steps = (name: string) => result.reports.filter((r) => r.trial === t.number && name in r.values).map((r) => r.step);
      expect(steps('loss')).toEqual([1, 2, 3]);
      expect(steps('accuracy')).toEqual([1]);
      expect(t.metrics['accuracy']!.last).toBeCloseTo(0.5 + (t.params['x'] as number), 10);
    }
    expect(log(dir, 0)).toContain('[hptune] warning: malformed metrics line ignored (not JSON): {not json}');
  });

  it('fails a trial alone: non-zero exit with the end of its log, the if operator choosing the script', async () => {
    const { code, result } = await runGroup(`version: 1
kind: group
hptuning:
  matrix:
    x: {values: [1, 2]}
run:
  cmd:
    if:
      cond: "{{ x }} == 1"
      do: ${PY}/fail.py
      else_do: ${PY}/train.py --epochs=2
`);
    expect(code).toBe(0);
    expect(result.group.status).toBe('done');
    const [failed, ok] = result.trials;
    expect(failed!.status).toBe('failed');
    expect(failed!.message).toContain('exited with code 3');
    expect(failed!.message).toContain('ValueError: the data set is empty');
    expect(ok!.status).toBe('succeeded');
  });

  it('fails trials that report nothing, miss a metric the spec acts on, or cannot start', async () => {
    const { result } = await runGroup(`version: 1
kind: group
hptuning:
  matrix:
    script: {values: ['${PY}/silent.py', '${PY}/train.py --epochs=1', 'nosuchprogram --lr=1']}
  early_stopping:
    - {metric: accuracy, value: 0.99, optimization: maximize}
run:
  cmd: "{{ script }}"
`);
    const [silent, missing, absent] = result.trials;
    expect(silent!.message).toContain('reported no metric');
    expect(silent!.message).toContain('trained, but told nobody');
    expect(missing!.message).toContain('never reported accuracy (named by hptuning.early_stopping[0])');
    expect(absent!.message).toContain('could not start the command: spawn nosuchprogram ENOENT'); // the OS's message
    expect(result.trials.every((t) => t.status === 'failed')).toBe(true);
  });

  it('stops a hanging trial: SIGTERM ignored, SIGKILL after the grace period, its whole process group ends', async () => {
    const { result, dir } = await runGroup(
      `version: 1
kind: group
hptuning:
  matrix:
    loss: {values: [0.5]}
  early_stopping:
    - {metric: loss, value: 0.9, optimization: minimize}
run:
  cmd: exec ${PY}/hang.py {{ loss }} --ignore-term
`,
      '--grace',
      '1',
    );
    expect(result.group.status).toBe('stopped');
    expect(result.trials[0]!.status).toBe('stopped');
    const pids = readFileSync(join(dir, 'results.run', 'trials', '0', 'outputs', 'pids'), 'utf8').split(' ').map(Number);
    for (const pid of pids) expect(running(pid)).toBe(false);
    expect(log(dir, 0)).toContain('SIGKILL sent to the process group');
  });

  it('runs Hyperband over commands: promoted trials re-render the resource and resume from their parent outputs', async () => {
    const { code, result, dir } = await runGroup(`version: 1
kind: group
hptuning:
  seed: 1
  concurrency: 2
  hyperband:
    max_iter: 3
    eta: 3
    resource: {name: epochs, type: int}
    metric: {name: val_loss, optimization: minimize}
    resume: true
  matrix:
    lr: {values: [0.01, 0.05, 0.1, 0.2]}
run:
  cmd: ${PY}/train.py --lr={{ lr }} --epochs={{ epochs }}
`);
    expect(code).toBe(0);
    const promoted = result.trials.filter((t) => t.parent !== undefined);
    expect(promoted.length).toBeGreaterThan(0);
    for (const t of promoted) {
      expect(t.status).toBe('succeeded');
      expect(log(dir, t.number)).toContain(`--epochs=${t.resource}`);
      expect(log(dir, t.number)).toContain(`resuming trial ${t.parent}'s outputs`);
      const parent = result.trials[t.parent!]!;
      const steps = result.reports.filter((r) => r.trial === t.number).map((r) => r.step);
      // Resumed: only the increment is trained, from the step after the parent's last.
      expect(steps[0]).toBe(parent.resource! + 1);
      expect(steps.at(-1)).toBe(t.resource);
    }
  });
});

describe('hptune check with run.cmd', () => {
  it('refuses an unknown template name with its line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hptune-cmd-'));
    const file = join(dir, 'p.yaml');
    writeFileSync(file, `version: 1
kind: group
params: {batch_size: 32}
hptuning:
  matrix:
    lr: {values: [0.1]}
run:
  cmd: python train.py --lr={{ lr }} --bs={{ batchsize }}
`);
    const stderr: string[] = [];
    const code = await main(['check', file], { out: () => {}, err: (t) => void stderr.push(t), progress: () => {}, isTTY: false });
    expect(code).toBe(1);
    expect(stderr).toEqual([
      `${file}:8:43 run.cmd: {{ batchsize }} names 'batchsize', which no trial has: a template name must be a matrix key, a params name or an inputs/outputs item (known: batch_size and lr)`,
    ]);
  });
});
