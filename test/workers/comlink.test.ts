// Comlink's own testing style: the whole RPC in one realm over a MessageChannel.
import * as Comlink from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import type { Decision, TrialReport } from '../../src/engine/runner.ts';
import { createTrialApi, type TrialWorkerApi } from '../../src/workers/trial-api.ts';

const { port1, port2 } = new MessageChannel();
Comlink.expose(createTrialApi(), port1);
const remote = Comlink.wrap<TrialWorkerApi>(port2);
afterAll(() => {
  remote[Comlink.releaseProxy]();
  port1.close();
  port2.close();
});

describe('MessageChannel round trip of the trial API', () => {
  it('streams reports through a proxied callback and obeys its answer', async () => {
    const reports: TrialReport[] = [];
    const outcome = await remote.run(
      {
        groupId: 'g',
        trial: 0,
        params: { units: 4, epochs: 5, learning_rate: 0.05 },
        seed: 3,
        groupSeed: 1,
        run: { kind: 'model', model: 'mlp', dataset: 'gaussians', backend: 'cpu', samples: 100 },
      },
      Comlink.proxy(async (r: TrialReport): Promise<Decision> => {
        reports.push(r);
        return r.step === 2 ? 'pause' : 'continue';
      }),
    );
    expect(reports.map((r) => r.step)).toEqual([1, 2]);
    expect(outcome.kind).toBe('halted');
    if (outcome.kind !== 'halted') return;
    expect(outcome.decision).toBe('pause');
    // The checkpoint crossed as a (transferred) ArrayBuffer: 2·4+4 + 4·2+2 weights, Adam's iteration + 2 moments each.
    expect(outcome.checkpoint?.data).toBeInstanceOf(ArrayBuffer);
    expect(outcome.checkpoint?.data.byteLength).toBe(4 * (22 + 1 + 2 * 22));
    expect(outcome.checkpoint?.step).toBe(2);
  });

  it('errors cross as data', async () => {
    const outcome = await remote.run(
      { groupId: 'g', trial: 1, params: {}, seed: 1, groupSeed: 1, run: { kind: 'code', code: '() => { throw new TypeError("nope") }' } },
      Comlink.proxy((): Decision => 'continue'),
    );
    expect(outcome).toEqual({ kind: 'failed', name: 'TypeError', message: 'nope' });
  });
});
