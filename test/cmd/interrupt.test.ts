// Ctrl-C and a trial handed to the local runner at the same moment: its folder is being
// prepared (or the engine starts it just before it learns of the pause) when `interrupt()`
// comes. It must come back paused, to run again when the group continues, and its process
// must not start: started, it would run unattended until its first report, and a command
// that exits without reporting would fail the trial with "reported no metric".
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSpec, type TrialJob } from '../../src/engine/index.ts';
import { LocalCommandRunner } from '../../src/cmd/local-runner.ts';

function job(dir: string, trial: number): TrialJob {
  // A command that leaves a trace when it runs, and reports nothing.
  const parsed = parseSpec(`version: 1\nkind: group\nhptuning:\n  matrix:\n    x: {values: [1]}\nrun:\n  cmd: touch ${join(dir, 'ran')}-{{ x }}\n`);
  if (!parsed.ok) throw new Error(parsed.issues[0]?.message);
  return { groupId: 'g', trial, params: { x: trial }, seed: 1, groupSeed: 1, run: parsed.spec.run! };
}

const never = { aborted: false, addEventListener: () => {}, removeEventListener: () => {} };

describe('a trial handed over as Ctrl-C comes', { timeout: 60_000 }, () => {
  it('comes back paused without its process being started', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hptune-interrupt-'));
    const runner = new LocalCommandRunner({ runDir: dir, cwd: dir });
    const reports: unknown[] = [];
    // Handed over, then Ctrl-C while its folder and log are being made.
    const during = runner.run(job(dir, 0), async (r) => (reports.push(r), 'continue' as const), never);
    runner.interrupt();
    // Handed over after Ctrl-C (the engine started it before it learnt of the pause).
    const after = runner.run(job(dir, 1), async (r) => (reports.push(r), 'continue' as const), never);
    expect(await during).toEqual({ kind: 'halted', decision: 'pause' });
    expect(await after).toEqual({ kind: 'halted', decision: 'pause' });
    expect(existsSync(join(dir, 'ran-0'))).toBe(false);
    expect(existsSync(join(dir, 'ran-1'))).toBe(false);
    expect(reports).toEqual([]);
    expect(readFileSync(join(dir, 'trials', '0', 'log.txt'), 'utf8')).toContain('not started, the group is pausing (Ctrl-C)');
  });

  it('runs the same command when nobody interrupted (the trace above is real)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hptune-interrupt-'));
    const runner = new LocalCommandRunner({ runDir: dir, cwd: dir });
    const outcome = await runner.run(job(dir, 0), async () => 'continue' as const, never);
    expect(existsSync(join(dir, 'ran-0'))).toBe(true);
    // It reported nothing: without a Ctrl-C, that fails the trial.
    expect(outcome).toMatchObject({ kind: 'failed', name: 'NoMetrics' });
  });
});
