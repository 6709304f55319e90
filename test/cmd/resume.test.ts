// Ctrl-C on `hptune run` with command trials: every child is terminated, the group is left
// paused in the run folder, and the same command again continues it with nothing lost
// (each step of each trial stored exactly once). A real SIGINT to a real CLI process.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve('src/cli/hptune.js');
const FIXTURES = resolve('test/fixtures/cmd');

function hptune(
  args: string[],
  onStarted?: (child: ReturnType<typeof spawn>) => void,
  onStderr?: (stderr: string, child: ReturnType<typeof spawn>) => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      onStderr?.(stderr, child);
    });
    onStarted?.(child);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 2));
}

/** SIGINT to the CLI once its stderr contains `text` (once). */
function sigintOn(text: string): (stderr: string, child: ReturnType<typeof spawn>) => void {
  let sent = false;
  return (stderr, child) => {
    if (sent || !stderr.includes(text)) return;
    sent = true;
    child.kill('SIGINT');
  };
}

function polyaxonfile(dir: string): string {
  const file = join(dir, 'p.yaml');
  writeFileSync(
    file,
    `version: 1
kind: group
hptuning:
  concurrency: 2
  matrix:
    x: {values: [1, 2, 3]}
run:
  cmd: python3 ${FIXTURES}/slow.py --steps=6 --x={{ x }}
`,
  );
  return file;
}

type Done = { group: { status: string }; trials: { status: string }[]; reports: { trial: number; step: number; values: { loss: number } }[] };

/** The group ran to the end with every step of every trial stored exactly once. */
function expectComplete(done: Done): void {
  expect(done.group.status).toBe('done');
  expect(done.trials.map((t) => t.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  for (const trial of [0, 1, 2]) {
    const reports = done.reports.filter((r) => r.trial === trial);
    expect(reports.map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(reports.map((r) => r.values.loss)).toEqual([1, 2, 3, 4, 5, 6].map((s) => (trial + 1) / s));
  }
}

/** Resolves once `path` holds at least `lines` lines (polling a file another process writes). */
async function untilLines(path: string, lines: number): Promise<void> {
  for (;;) {
    if (existsSync(path) && readFileSync(path, 'utf8').split('\n').filter(Boolean).length >= lines) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Two real CLI runs on a shared machine: a generous time limit (a guard, not an assertion).
describe('Ctrl-C and resuming a command group', { timeout: 180_000 }, () => {
  it('pauses on SIGINT, then continues from the stored reports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hptune-resume-'));
    const file = polyaxonfile(dir);
    const out = join(dir, 'results.json');
    const first = await hptune(['run', file, '--out', out, '--json'], (child) => {
      void untilLines(join(dir, 'results.run', 'trials', '0', 'metrics.jsonl'), 2).then(() => child.kill('SIGINT'));
    });
    expect(first.code, first.stderr).toBe(130);
    expect(first.stderr).toContain('Run the same command again to continue');
    const paused = JSON.parse(first.stdout) as { group: { status: string }; reports: { trial: number; step: number }[] };
    expect(paused.group.status).toBe('paused');
    // The two lines trial 0 wrote before the SIGINT are stored, even when the CLI had not read them yet.
    expect(paused.reports.filter((r) => r.trial === 0).map((r) => r.step).slice(0, 2)).toEqual([1, 2]);
    expect(paused.reports.length).toBeLessThan(18);

    const second = await hptune(['run', file, '--out', out, '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('Continuing the group');
    expectComplete(JSON.parse(second.stdout) as Done);
  });

  // The moments before the group runs: the spec being read, the run folder opened, the group
  // created or read back. The CLI's Ctrl-C handler used to be installed only after them, so a
  // SIGINT there killed the process (no exit code, nothing said); now it pauses the group as
  // soon as it runs, and the exit code says the user interrupted it.
  it('pauses on a SIGINT that comes while the run starts or continues, and loses nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hptune-resume-'));
    const file = polyaxonfile(dir);
    const out = join(dir, 'results.json');
    const args = ['run', file, '--out', out, '--json'];

    // As soon as the run folder's store exists: the group is not created yet.
    const store = join(dir, 'results.run', 'store.jsonl');
    const first = await hptune(args, (child) => {
      void until(() => existsSync(store)).then(() => child.kill('SIGINT'));
    });
    expect(first.signal, first.stderr).toBeNull();
    expect(first.code, first.stderr).toBe(130);
    expect((JSON.parse(first.stdout) as Done).group.status).toBe('paused');
    expect(first.stderr).toContain('Run the same command again to continue');

    const second = await hptune(args, undefined, sigintOn('Continuing the group'));
    expect(second.signal, second.stderr).toBeNull();
    expect(second.code, second.stderr).toBe(130);
    expect((JSON.parse(second.stdout) as Done).group.status).toBe('paused');

    const third = await hptune(args);
    expect(third.code, third.stderr).toBe(0);
    expectComplete(JSON.parse(third.stdout) as Done);
  });
});
