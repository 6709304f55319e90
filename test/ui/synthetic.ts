/**
 * Synthetic trials and reports for the component tests: seeded (a small LCG, so the
 * data never changes between runs), shaped like a Hyperband group on an MLP.
 */
import type { StoredReport } from '../../src/engine/store/store.ts';
import type { TrialRecord, TrialStatus } from '../../src/engine/types.ts';

export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface Synthetic {
  readonly trials: TrialRecord[];
  readonly reports: StoredReport[];
}

/** `n` trials × `steps` reports of `val_loss` and `accuracy`; every 7th trial running, every 11th failed. */
export function synthetic(n: number, steps: number, seed = 1): Synthetic {
  const rnd = lcg(seed);
  const trials: TrialRecord[] = [];
  const reports: StoredReport[] = [];
  const optimizers = ['adam', 'sgd', 'rmsprop'];
  for (let i = 0; i < n; i++) {
    const lr = 10 ** (-4 + 3 * rnd());
    const params = {
      lr,
      batch_size: [16, 32, 64][Math.floor(rnd() * 3)]!,
      optimizer: optimizers[Math.floor(rnd() * 3)]!,
      units: 32 + Math.floor(rnd() * 224),
    };
    const status: TrialStatus = i % 7 === 3 ? 'running' : i % 11 === 5 ? 'failed' : 'succeeded';
    const last = status === 'running' ? Math.floor(steps / 2) : steps;
    const floor = 0.2 + Math.abs(Math.log10(lr) + 2.5) * 0.3 + rnd() * 0.1;
    let min = Infinity, max = -Infinity, v = 0, acc = 0;
    for (let s = 1; s <= last; s++) {
      v = floor + 2 * Math.exp(-s / 4) + rnd() * 0.02;
      acc = 1 - v / 3;
      min = Math.min(min, v);
      max = Math.max(max, v);
      reports.push({ groupId: 'g', trial: i, step: s, values: { val_loss: v, accuracy: acc }, time: 1_000 * s });
    }
    trials.push({
      groupId: 'g',
      number: i,
      params,
      status,
      seed: i,
      createdAt: 0,
      metrics: { val_loss: { last: v, min, max, count: last }, accuracy: { last: acc, min: acc, max: acc, count: last } },
      step: last,
      resource: steps,
      backend: 'cpu',
      ...(status === 'failed' ? { message: `ParamError: lr=${lr} diverged` } : {}),
      ...(i === 12 ? { parent: 2 } : {}),
      ...(i === 2 ? { events: [{ time: 5, kind: 'promoted' as const, message: 'promoted to rung 1 with 9 epochs (top 1/3)' }] } : {}),
    });
  }
  return { trials, reports };
}
