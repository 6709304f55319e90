/**
 * The Store contract (src/engine/store/store.ts), one suite run against every Store
 * implementation (Optuna runs one conformance suite against every storage).
 * `makeStore` must return a fresh, empty store each time.
 */
import { describe, expect, it } from 'vitest';
import type { GroupRecord, Store } from '../../src/engine/store/store.ts';
import type { MetricReport, TrialRecord } from '../../src/engine/types.ts';
import type { Checkpoint } from '../../src/engine/runner.ts';
import { rngFor } from '../../src/engine/rng.ts';

export function group(id: string, extra: Partial<GroupRecord> = {}): GroupRecord {
  return {
    id,
    name: `group ${id}`,
    source: 'version: 1\nkind: group\n',
    seed: 42,
    concurrency: 2,
    algorithm: 'random',
    status: 'running',
    createdAt: 1_700_000_000_000,
    state: { nested: { list: [1, 2, 3] } },
    ...extra,
  };
}

export function trial(groupId: string, number: number, extra: Partial<TrialRecord> = {}): TrialRecord {
  return {
    groupId,
    number,
    params: { lr: 0.01 * (number + 1), layers: [32, 32], act: 'relu', flag: true, none: null },
    status: 'running',
    seed: 1000 + number,
    createdAt: 1_700_000_000_000 + number,
    metrics: { loss: { last: 1 / (number + 1), min: 0.1, max: 2, count: 3 } },
    ...extra,
  };
}

export function report(step: number, values: Record<string, number> = { loss: 1 / (step + 1) }): MetricReport {
  return { step, values, time: 1_700_000_000_000 + step };
}

export function bytes(n: number, seed: number): ArrayBuffer {
  const rng = rngFor(seed, 0xb17e5);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(256);
  return out.buffer;
}

const byId = (a: GroupRecord, b: GroupRecord) => a.id.localeCompare(b.id);

export function runStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract (docs/architecture.md, "Ports"): ${name}`, () => {
    describe('groups', () => {
      it('puts, gets, overwrites and lists groups', async () => {
        const s = await makeStore();
        expect(await s.getGroup('a')).toBeUndefined();
        expect(await s.listGroups()).toEqual([]);
        await s.putGroup(group('a'));
        await s.putGroup(group('b', { algorithm: 'grid' }));
        expect(await s.getGroup('a')).toEqual(group('a'));
        await s.putGroup(group('a', { status: 'done', finishedAt: 5, message: 'finished' }));
        expect(await s.getGroup('a')).toEqual(group('a', { status: 'done', finishedAt: 5, message: 'finished' }));
        expect([...(await s.listGroups())].sort(byId)).toEqual([group('a', { status: 'done', finishedAt: 5, message: 'finished' }), group('b', { algorithm: 'grid' })]);
      });
    });

    describe('trials', () => {
      it('upserts by (group, number) and lists one group in number order', async () => {
        const s = await makeStore();
        for (const n of [3, 0, 10, 2, 1]) await s.putTrial(trial('g', n));
        await s.putTrial(trial('other', 0));
        await s.putTrial(trial('g', 2, { status: 'succeeded', finishedAt: 9 }));
        const list = await s.listTrials('g');
        expect(list.map((t) => t.number)).toEqual([0, 1, 2, 3, 10]);
        expect(list[2]).toEqual(trial('g', 2, { status: 'succeeded', finishedAt: 9 }));
        expect(await s.listTrials('other')).toEqual([trial('other', 0)]);
        expect(await s.listTrials('none')).toEqual([]);
      });

      it('does not confuse group ids that are prefixes of each other', async () => {
        const s = await makeStore();
        await s.putTrial(trial('g', 0));
        await s.putTrial(trial('g1', 0));
        await s.putTrial(trial('g\u0000', 1));
        expect((await s.listTrials('g')).map((t) => t.groupId)).toEqual(['g']);
      });
    });

    describe('reports', () => {
      it('keeps write order across calls and trials, and filters by trial', async () => {
        const s = await makeStore();
        await s.addReports('g', 1, [report(0), report(1)]);
        await s.addReports('g', 0, [report(0)]);
        await s.addReports('h', 0, [report(7)]);
        await s.addReports('g', 1, [report(2)]);
        await s.addReports('g', 0, []);
        await s.addReports('g', 0, [report(1, { loss: 0.5, acc: 0.9 })]);
        const all = await s.listReports('g');
        expect(all.map((r) => [r.trial, r.step])).toEqual([[1, 0], [1, 1], [0, 0], [1, 2], [0, 1]]);
        expect(all[4]).toEqual({ ...report(1, { loss: 0.5, acc: 0.9 }), groupId: 'g', trial: 0 });
        expect((await s.listReports('g', 1)).map((r) => r.step)).toEqual([0, 1, 2]);
        expect((await s.listReports('g', 0)).map((r) => r.step)).toEqual([0, 1]);
        expect(await s.listReports('g', 5)).toEqual([]);
        expect(await s.listReports('h')).toEqual([{ ...report(7), groupId: 'h', trial: 0 }]);
      });

      it('keeps each group\'s order when many reports of two groups interleave', async () => {
        const s = await makeStore();
        for (let i = 0; i < 260; i++) await s.addReports(i % 3 === 0 ? 'a' : 'b', i % 2, [report(i)]);
        const steps = (id: string) => Array.from({ length: 260 }, (_, i) => i).filter((i) => (i % 3 === 0) === (id === 'a'));
        expect((await s.listReports('a')).map((r) => r.step)).toEqual(steps('a'));
        expect((await s.listReports('b')).map((r) => r.step)).toEqual(steps('b'));
        expect((await s.listReports('b', 1)).map((r) => r.step)).toEqual(steps('b').filter((i) => i % 2 === 1));
      });

      it('keeps non-finite metric values (a diverging loss)', async () => {
        const s = await makeStore();
        await s.addReports('g', 0, [report(0, { loss: NaN, up: Infinity, down: -Infinity, zero: -0 })]);
        const [r] = await s.listReports('g');
        expect(r!.values.loss).toBeNaN();
        expect(r!.values.up).toBe(Infinity);
        expect(r!.values.down).toBe(-Infinity);
        expect(Object.is(r!.values.zero, -0)).toBe(true);
      });

      it('stores reports in their given order, property: many random batches', async () => {
        const s = await makeStore();
        const rng = rngFor(7, 0x5e9);
        const expected: [number, number][] = [];
        for (let b = 0; b < 40; b++) {
          const t = rng.int(4);
          const batch = Array.from({ length: rng.int(4) }, () => report(expected.length + rng.int(3)));
          await s.addReports('g', t, batch);
          for (const r of batch) expected.push([t, r.step]);
        }
        expect((await s.listReports('g')).map((r) => [r.trial, r.step])).toEqual(expected);
        for (let t = 0; t < 4; t++) {
          expect((await s.listReports('g', t)).map((r) => r.step)).toEqual(expected.filter(([x]) => x === t).map(([, step]) => step));
        }
      });
    });

    describe('checkpoints', () => {
      it('round-trips bytes exactly, overwrites, and keeps them per trial', async () => {
        const s = await makeStore();
        const data = bytes(4099, 1);
        await s.putCheckpoint('g', 0, { step: 3, meta: { backend: 'cpu', specs: [{ name: 'w', shape: [2, 3] }] }, data });
        await s.putCheckpoint('g', 1, { step: 1, meta: {}, data: new ArrayBuffer(0) });
        const c = await s.getCheckpoint('g', 0);
        expect(c!.data).toBeInstanceOf(ArrayBuffer);
        expect(new Uint8Array(c!.data)).toEqual(new Uint8Array(data));
        expect(c!.step).toBe(3);
        expect(c!.meta).toEqual({ backend: 'cpu', specs: [{ name: 'w', shape: [2, 3] }] });
        const empty = await s.getCheckpoint('g', 1);
        expect(empty!.data).toBeInstanceOf(ArrayBuffer);
        expect(empty!.data.byteLength).toBe(0);
        await s.putCheckpoint('g', 0, { step: 9, meta: { v: 2 }, data: bytes(10, 2) });
        const over = await s.getCheckpoint('g', 0);
        expect(over!.step).toBe(9);
        expect(new Uint8Array(over!.data)).toEqual(new Uint8Array(bytes(10, 2)));
        expect(await s.getCheckpoint('g', 2)).toBeUndefined();
        expect(await s.getCheckpoint('h', 0)).toBeUndefined();
      });
    });

    describe('deleteGroup', () => {
      it('deletes the group with its trials, reports and checkpoints, and nothing else', async () => {
        const s = await makeStore();
        for (const id of ['g', 'g2']) {
          await s.putGroup(group(id));
          await s.putTrial(trial(id, 0));
          await s.putTrial(trial(id, 1));
          await s.addReports(id, 0, [report(0), report(1)]);
          await s.addReports(id, 1, [report(0)]);
          await s.putCheckpoint(id, 0, { step: 1, meta: {}, data: bytes(16, 3) });
        }
        // Interleaved writes: the reports of 'g' are no longer one contiguous run.
        for (let i = 0; i < 10; i++) await s.addReports(i % 2 ? 'g' : 'g2', 0, [report(10 + i)]);
        await s.deleteGroup('g');
        expect(await s.getGroup('g')).toBeUndefined();
        expect(await s.listTrials('g')).toEqual([]);
        expect(await s.listReports('g')).toEqual([]);
        expect(await s.listReports('g', 0)).toEqual([]);
        expect(await s.getCheckpoint('g', 0)).toBeUndefined();
        expect((await s.listGroups()).map((g) => g.id)).toEqual(['g2']);
        expect(await s.listTrials('g2')).toHaveLength(2);
        expect((await s.listReports('g2')).map((r) => r.step)).toEqual([0, 1, 0, 10, 12, 14, 16, 18]);
        expect(await s.getCheckpoint('g2', 0)).toBeDefined();
        await s.deleteGroup('missing');
      });
    });

    describe('reads never alias writes (Optuna)', () => {
      it('mutating what was written or read does not change the store', async () => {
        const s = await makeStore();
        const g = structuredClone(group('g')) as { -readonly [K in keyof GroupRecord]: GroupRecord[K] };
        const t = structuredClone(trial('g', 0)) as unknown as { params: Record<string, unknown>; metrics: Record<string, { last: number }> };
        const reports = [report(0)] as { values: Record<string, number> }[];
        const data = new Uint8Array([1, 2, 3]);
        const cp = { step: 1, meta: { a: [1] } as Record<string, unknown>, data: data.buffer };
        await s.putGroup(g);
        await s.putTrial(t as unknown as TrialRecord);
        await s.addReports('g', 0, reports as unknown as MetricReport[]);
        await s.putCheckpoint('g', 0, cp as Checkpoint);
        // Mutate the inputs after writing.
        g.name = 'changed';
        (g.state as { nested: { list: number[] } }).nested.list.push(4);
        t.params.lr = 99;
        t.metrics.loss!.last = 99;
        reports[0]!.values.loss = 99;
        data[0] = 99;
        (cp.meta.a as number[]).push(2);
        expect(await s.getGroup('g')).toEqual(group('g'));
        expect(await s.listTrials('g')).toEqual([trial('g', 0)]);
        expect((await s.listReports('g'))[0]!.values).toEqual(report(0).values);
        const read = await s.getCheckpoint('g', 0);
        expect([...new Uint8Array(read!.data)]).toEqual([1, 2, 3]);
        expect(read!.meta).toEqual({ a: [1] });
        // Mutate what was read.
        const rg = (await s.getGroup('g')) as unknown as { name: string; state: { nested: { list: number[] } } };
        rg.name = 'x';
        rg.state.nested.list.length = 0;
        const [lg] = (await s.listGroups()) as unknown as { name: string }[];
        lg!.name = 'y';
        const [rt] = (await s.listTrials('g')) as unknown as { params: Record<string, unknown> }[];
        rt!.params.lr = 7;
        const [rr] = (await s.listReports('g', 0)) as unknown as { values: Record<string, number> }[];
        rr!.values.loss = 7;
        new Uint8Array(read!.data)[1] = 7;
        expect(await s.getGroup('g')).toEqual(group('g'));
        expect(await s.listTrials('g')).toEqual([trial('g', 0)]);
        expect((await s.listReports('g'))[0]!.values).toEqual(report(0).values);
        expect([...new Uint8Array((await s.getCheckpoint('g', 0))!.data)]).toEqual([1, 2, 3]);
      });
    });
  });
}
