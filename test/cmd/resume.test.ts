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

function hptune(args: string[], onStarted?: (child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    onStarted?.(child);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
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
    const out = join(dir, 'results.json');
    const first = await hptune(['run', file, '--out', out, '--json'], (child) => {
      void untilLines(join(dir, 'results.run', 'trials', '0', 'metrics.jsonl'), 2).then(() => child.kill('SIGINT'));
    });
    expect(first.code).toBe(130);
    expect(first.stderr).toContain('Run the same command again to continue');
    const paused = JSON.parse(first.stdout) as { group: { status: string }; reports: { trial: number; step: number }[] };
    expect(paused.group.status).toBe('paused');
    expect(paused.reports.length).toBeGreaterThan(0);
    expect(paused.reports.length).toBeLessThan(18);

    const second = await hptune(['run', file, '--out', out, '--json']);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('Continuing the group');
    const done = JSON.parse(second.stdout) as { group: { status: string }; trials: { status: string }[]; reports: { trial: number; step: number; values: { loss: number } }[] };
    expect(done.group.status).toBe('done');
    expect(done.trials.map((t) => t.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    for (const trial of [0, 1, 2]) {
      const reports = done.reports.filter((r) => r.trial === trial);
      expect(reports.map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(reports.map((r) => r.values.loss)).toEqual([1, 2, 3, 4, 5, 6].map((s) => (trial + 1) / s));
    }
  });
});
