/**
 * SlurmMonitor's decisions on answers the test cluster cannot produce quickly: a job squeue
 * has forgotten (Slurm keeps ended jobs MinJobAge, 300 s by default) looked up with sacct,
 * then `sacct --completion` when there is no accounting database; and the backoff while the
 * controller does not answer. The answers are the texts Slurm 22.05 printed on the test
 * cluster for the same calls; the end-to-end behaviour is in slurm.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { SlurmMonitor } from '../../src/cmd/slurm/monitor.ts';
import type { SlurmCommands, SlurmResult } from '../../src/cmd/slurm/commands.ts';

function scripted(answer: (command: string, args: readonly string[]) => SlurmResult): SlurmCommands & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    run: async (command, args) => {
      calls.push(`${command} ${args.join(' ')}`);
      return answer(command, args);
    },
  };
}

const UNREACHABLE: SlurmResult = { ok: false, unreachable: true, message: 'squeue: slurm_load_jobs error: Unable to contact slurm controller (connect failure)' };

describe('SlurmMonitor', () => {
  it('looks a forgotten job up with sacct, then sacct --completion when accounting is disabled', async () => {
    const slurm = scripted((command, args) => {
      if (command === 'squeue') return { ok: false, unreachable: false, message: 'squeue: slurm_load_jobs error: Invalid job id specified' };
      if (!args.includes('--completion')) return { ok: false, unreachable: false, message: 'sacct: Slurm accounting storage is disabled' };
      return { ok: true, stdout: '5|TIMEOUT|\n' };
    });
    const monitor = new SlurmMonitor(slurm, { pollMs: 60_000, maxMs: 60_000, onStatus: () => undefined });
    monitor.track('5');
    await monitor.poke();
    monitor.close();
    expect(monitor.state('5')).toEqual({ id: '5', state: 'TIMEOUT', reason: '' });
    expect(slurm.calls).toEqual([
      'squeue --noheader --states=all --jobs=5 --format=%i|%T|%r',
      'sacct --noheader --parsable2 --allocations --jobs=5 --format=JobID,State,Reason',
      'sacct --completion --noheader --parsable2 --allocations --jobs=5 --format=JobID,State,Reason',
    ]);
  });

  it('calls a job neither squeue nor sacct knows unknown, and keeps the others squeue lists', async () => {
    const slurm = scripted((command) => (command === 'squeue' ? { ok: true, stdout: '7|RUNNING|None\n' } : { ok: true, stdout: '' }));
    const monitor = new SlurmMonitor(slurm, { pollMs: 60_000, maxMs: 60_000, onStatus: () => undefined });
    monitor.track('7');
    monitor.track('8');
    await monitor.poke();
    monitor.close();
    expect(monitor.state('7')).toEqual({ id: '7', state: 'RUNNING', reason: '' });
    expect(monitor.state('8')).toBe('unknown');
  });

  it('backs off while the controller does not answer, says so each time, and clears it when it answers', async () => {
    let down = 3;
    const said: (string | undefined)[] = [];
    const slurm = scripted(() => (down-- > 0 ? UNREACHABLE : { ok: true, stdout: '9|RUNNING|None\n' }));
    const monitor = new SlurmMonitor(slurm, { pollMs: 1000, maxMs: 3000, onStatus: (m) => said.push(m) });
    monitor.track('9');
    for (let i = 0; i < 4; i++) await monitor.poke();
    monitor.close();
    expect(said).toEqual([
      `Slurm controller unreachable (${UNREACHABLE.message}); retrying in 1 s, the group waits`,
      `Slurm controller unreachable (${UNREACHABLE.message}); retrying in 2 s, the group waits`,
      `Slurm controller unreachable (${UNREACHABLE.message}); retrying in 3 s, the group waits`,
      undefined,
    ]);
    expect(monitor.unreachable).toBe(false);
    // While it was down, the job kept its last known state (none is failed for an outage).
    expect(monitor.state('9')).toEqual({ id: '9', state: 'RUNNING', reason: '' });
  });
});
