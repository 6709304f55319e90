/**
 * Reading Slurm's answers (docs/slurm.md, "Failures"): squeue and sacct lines as Slurm 22.05
 * prints them with the formats hptune asks for, and the reason a trial fails with.
 */
import { describe, expect, it } from 'vitest';
import { parseJobId, parseStates, slurmEnding, hasEnded } from '../../src/cmd/slurm/states.ts';

describe('Slurm job states', () => {
  it('reads squeue --format=%i|%T|%r and sacct --parsable2 lines, job lines only', () => {
    const squeue = '12|RUNNING|None\n13|PENDING|Resources\n14|TIMEOUT|TimeLimit\n';
    const sacct = '15|CANCELLED by 0|\n15.batch|CANCELLED|\n16|OUT_OF_MEMORY|\n17|NODE_FAIL|NodeDown\n';
    const states = parseStates(squeue + sacct);
    expect([...states.values()]).toEqual([
      { id: '12', state: 'RUNNING', reason: '' },
      { id: '13', state: 'PENDING', reason: 'Resources' },
      { id: '14', state: 'TIMEOUT', reason: 'TimeLimit' },
      { id: '15', state: 'CANCELLED', reason: '' },
      { id: '16', state: 'OUT_OF_MEMORY', reason: '' },
      { id: '17', state: 'NODE_FAIL', reason: 'NodeDown' },
    ]);
    expect([...states.values()].map(hasEnded)).toEqual([false, false, true, true, true, true]);
  });

  it("says why Slurm ended a job, and leaves a job that ended on its own to its exit code", () => {
    const ending = (state: string, reason = '') => slurmEnding({ id: '7', state, reason });
    expect(ending('TIMEOUT', 'TimeLimit')).toBe('Slurm ended job 7: it reached its time limit (state TIMEOUT, reason TimeLimit)');
    expect(ending('OUT_OF_MEMORY')).toBe('Slurm ended job 7: it ran out of memory (state OUT_OF_MEMORY)');
    expect(ending('NODE_FAIL', 'NodeDown')).toBe('Slurm ended job 7: its node failed (state NODE_FAIL, reason NodeDown)');
    expect(ending('CANCELLED')).toBe('Slurm ended job 7: it was cancelled (state CANCELLED)');
    expect(ending('COMPLETED')).toBeUndefined();
    expect(ending('FAILED', 'NonZeroExitCode')).toBeUndefined();
    expect(ending('FAILED', 'BadConstraints')).toBe('Slurm ended job 7: it failed (state FAILED, reason BadConstraints)');
  });

  it('reads the job id sbatch --parsable prints, with or without a cluster name', () => {
    expect(parseJobId('812\n')).toBe('812');
    expect(parseJobId('812;cluster2\n')).toBe('812');
    expect(parseJobId('sbatch: warning: something\n')).toBeUndefined();
  });
});
