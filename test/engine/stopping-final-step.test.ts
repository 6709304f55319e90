// An early-stopping policy never stops a trial at its last report: the trial has done all
// its work by then, and "stopped" would mislabel a complete result.
import { describe, expect, it } from 'vitest';
import { Engine, MemoryStore, type TrialRecord } from '../../src/engine/index.ts';
import { InProcessRunner } from '../../src/workers/inprocess.ts';

async function run(spec: string): Promise<readonly TrialRecord[]> {
  const engine = new Engine({ store: new MemoryStore(), runner: new InProcessRunner() });
  const created = await engine.create(spec);
  if (!created.ok) throw new Error(JSON.stringify(created.issues));
  await engine.run(created.group.id);
  return engine.trials(created.group.id);
}

/** Whether some trial's final loss is worse than the median of the earlier trials' (the rule would fire). */
function someWorseThanMedianBefore(trials: readonly TrialRecord[]): boolean {
  return trials.some((t, i) => {
    const before = trials.slice(0, i).map((p) => p.metrics.loss!.last).sort((a, b) => a - b);
    if (before.length === 0) return false;
    const m = before.length >> 1;
    const median = before.length % 2 ? before[m]! : (before[m - 1]! + before[m]!) / 2;
    return t.metrics.loss!.last > median;
  });
}

describe('early-stopping policies at the last step', () => {
  it('branin reports once (its last step): the median rule stops none of the trials', async () => {
    const trials = await run(`version: 1
kind: group
hptuning:
  seed: 1
  matrix:
    x1: {values: [-5, 0, 5, 10]}
    x2: {values: [0, 7.5, 15]}
  early_stopping:
    - {metric: loss, value: -1000, optimization: minimize, policy: {kind: median, evaluation_interval: 1}}
run: {objective: branin}
`);
    expect(trials).toHaveLength(12);
    expect(someWorseThanMedianBefore(trials)).toBe(true); // so the rule had something to stop
    expect(trials.map((t) => t.status)).toEqual(new Array(12).fill('succeeded'));
  });

  it('lc4 with epochs 3: a policy judging only at step 3 (the last) stops nothing; at step 1 it still stops', async () => {
    const spec = (interval: number) => `version: 1
kind: group
params: {epochs: 3}
hptuning:
  seed: 1
  matrix:
    x1: {values: [0.1, 0.5, 0.9]}
    x2: {values: [0.2, 0.8]}
    x3: {values: [0.5]}
    x4: {values: [0.5]}
  early_stopping:
    - {metric: loss, value: -1000, optimization: minimize, policy: {kind: median, evaluation_interval: ${interval}}}
run: {objective: lc4}
`;
    const atLast = await run(spec(3));
    expect(someWorseThanMedianBefore(atLast)).toBe(true);
    expect(atLast.every((t) => t.status === 'succeeded' && t.step === 3)).toBe(true);
    const early = await run(spec(1));
    expect(early.some((t) => t.status === 'stopped' && t.step! < 3)).toBe(true);
  });
});
