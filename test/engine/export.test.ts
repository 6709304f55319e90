import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import type { Store } from '../../src/engine/store/store.ts';
import type { TrialRecord } from '../../src/engine/types.ts';
import { bestTrial, exportGroup } from '../../src/engine/export/export.ts';
import { importGroup } from '../../src/engine/export/import.ts';
import { parseGroupExport, validateGroupExport } from '../../src/engine/export/parse.ts';
import { stringifyGroupExport, toFileData } from '../../src/engine/export/serialize.ts';
import type { GroupExport } from '../../src/engine/export/format.ts';
import { summarizeAll } from '../../src/engine/group/metrics.ts';
import { bytes, group, report, trial } from '../store/store-contract.ts';

const loss = (last: number) => ({ loss: { last, min: last, max: last, count: 1 } });

/** A group with interleaved reports, a diverged trial (NaN loss) and a checkpoint; each trial's summary is what its reports give. */
async function filledStore(): Promise<Store> {
  const s = new MemoryStore();
  const reports = {
    0: [report(0, { loss: 0.9 }), report(1, { loss: 0.5, acc: -Infinity })],
    1: [report(0, { loss: 0.8 }), report(1, { loss: 0.2 })],
    2: [report(0, { loss: NaN, grad: Infinity })],
  };
  const summary = (n: 0 | 1 | 2) => ({ metrics: summarizeAll(reports[n]), step: reports[n].at(-1)!.step });
  await s.putGroup(group('g', { status: 'done', finishedAt: 1_700_000_100_000 }));
  await s.putTrial(trial('g', 0, { status: 'succeeded', ...summary(0) }));
  await s.putTrial(trial('g', 1, { status: 'succeeded', ...summary(1), events: [{ time: 1, kind: 'promoted', message: 'to rung 1' }], tags: { bracket: 1 } }));
  await s.putTrial(trial('g', 2, { status: 'failed', ...summary(2), message: 'diverged' }));
  await s.putTrial(trial('g', 3, { status: 'succeeded', metrics: {}, parent: 1, resource: 9 }));
  await s.addReports('g', 0, [reports[0][0]!]);
  await s.addReports('g', 1, reports[1]);
  await s.addReports('g', 2, reports[2]);
  await s.addReports('g', 0, [reports[0][1]!]);
  await s.putCheckpoint('g', 1, { step: 1, meta: { backend: 'cpu' }, data: bytes(1000, 9) });
  return s;
}

function expectRefused(text: string, path: string, message: RegExp): void {
  const r = parseGroupExport(text);
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.issues.map((i) => i.path)).toContain(path);
  expect(r.issues.find((i) => i.path === path)!.message).toMatch(message);
}

const validFile = async (): Promise<Record<string, unknown>> =>
  JSON.parse(stringifyGroupExport(await exportGroup(await filledStore(), 'g', { checkpoints: true, metric: { name: 'loss', optimization: 'minimize' } })));
const tamper = async (f: (file: any) => void): Promise<string> => {
  const file = await validFile();
  f(file);
  return JSON.stringify(file);
};

describe('export and import: round trip', () => {
  it('exports a group, writes it as text, reads it back and imports it unchanged', async () => {
    const src = await filledStore();
    const exported = await exportGroup(src, 'g', { checkpoints: true, metric: { name: 'loss', optimization: 'minimize' } });
    expect(exported.format).toBe('hptune-group');
    expect(exported.version).toBe(1);
    expect(exported.trials.map((t) => t.number)).toEqual([0, 1, 2, 3]);
    expect(exported.reports.map((r) => [r.trial, r.step])).toEqual([[0, 0], [1, 0], [1, 1], [2, 0], [0, 1]]);
    expect(exported.best).toEqual({ trial: 1, params: trial('g', 1).params, metric: 'loss', value: 0.2 });
    expect(exported.checkpoints!.map((c) => c.trial)).toEqual([1]);

    const text = stringifyGroupExport(exported);
    expect(text).toContain('"loss":"NaN"');
    expect(text).toContain('"grad":"Infinity"');
    expect(text).toContain('"acc":"-Infinity"');
    const parsed = parseGroupExport(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.value).toEqual(exported);

    const dst = new MemoryStore();
    expect(await importGroup(dst, parsed.value)).toEqual({ ok: true, groupId: 'g' });
    expect(await exportGroup(dst, 'g', { checkpoints: true, metric: { name: 'loss', optimization: 'minimize' } })).toEqual(exported);
    const c = await dst.getCheckpoint('g', 1);
    expect(new Uint8Array(c!.data)).toEqual(new Uint8Array(bytes(1000, 9)));
    const [nan] = await dst.listReports('g', 2);
    expect(nan!.values.loss).toBeNaN();
    expect(nan!.values.grad).toBe(Infinity);
  });

  it('leaves checkpoints and best out unless asked', async () => {
    const exported = await exportGroup(await filledStore(), 'g');
    expect('checkpoints' in exported).toBe(false);
    expect('best' in exported).toBe(false);
    expect(parseGroupExport(stringifyGroupExport(exported, 2)).ok).toBe(true);
  });

  it('refuses to export a group the store does not hold', async () => {
    await expect(exportGroup(new MemoryStore(), 'nope')).rejects.toThrow(/cannot export group "nope": the store holds no group with that id/);
  });

  it('imports under a new id, rewriting every record, next to the original', async () => {
    const store = await filledStore();
    const exported = await exportGroup(store, 'g', { checkpoints: true });
    expect(await importGroup(store, exported)).toEqual({
      ok: false,
      issues: [{ path: 'group.id', message: 'the store already holds a group with id "g"; import it under a new id' }],
    });
    expect(await importGroup(store, exported, { newId: 'copy' })).toEqual({ ok: true, groupId: 'copy' });
    const copy = await exportGroup(store, 'copy', { checkpoints: true });
    expect(copy.group).toEqual({ ...exported.group, id: 'copy' });
    expect(copy.trials).toEqual(exported.trials.map((t) => ({ ...t, groupId: 'copy' })));
    expect(copy.reports).toEqual(exported.reports.map((r) => ({ ...r, groupId: 'copy' })));
    expect(copy.checkpoints).toEqual(exported.checkpoints);
    expect((await importGroup(store, exported, { newId: '' })).ok).toBe(false);
  });

  it('writes nothing when the value is invalid', async () => {
    const exported = await exportGroup(await filledStore(), 'g');
    const bad: GroupExport = { ...exported, reports: [...exported.reports, { ...exported.reports[0]!, trial: 42 }] };
    const dst = new MemoryStore();
    const r = await importGroup(dst, bad);
    expect(r).toEqual({ ok: false, issues: [{ path: 'reports[5].trial', message: 'a report must be for a trial of the file, got trial 42' }] });
    expect(await dst.listGroups()).toEqual([]);
    expect(await dst.listTrials('g')).toEqual([]);
    expect(await dst.listReports('g')).toEqual([]);
  });

  it('rolls back a write that fails midway', async () => {
    const exported = await exportGroup(await filledStore(), 'g');
    const dst = new MemoryStore();
    let writes = 0;
    const failing = Object.assign(Object.create(dst) as MemoryStore, {
      addReports: async (...args: Parameters<Store['addReports']>) => {
        if (++writes === 3) throw new Error('disk full');
        return dst.addReports(...args);
      },
    });
    await expect(importGroup(failing, exported)).rejects.toThrow('disk full');
    expect(await dst.listGroups()).toEqual([]);
    expect(await dst.listTrials('g')).toEqual([]);
    expect(await dst.listReports('g')).toEqual([]);
  });
});

describe('export: best trial by last value (docs/differences.md, "The last reported value decides")', () => {
  const t = (n: number, last: number | undefined, status: TrialRecord['status'] = 'succeeded') =>
    trial('g', n, { status, metrics: last === undefined ? {} : loss(last) });

  it('picks the max or min last value; ties go to the earlier trial; failed, NaN and missing never win', () => {
    const trials = [t(4, 0.3), t(0, 0.3), t(1, 0.9), t(2, 0.05, 'failed'), t(3, NaN), t(5, undefined), t(6, 0.1, 'stopped')];
    expect(bestTrial(trials, { name: 'loss', optimization: 'minimize' })).toMatchObject({ trial: 6, value: 0.1 });
    expect(bestTrial(trials, { name: 'loss', optimization: 'maximize' })).toMatchObject({ trial: 1, value: 0.9 });
    expect(bestTrial([t(4, 0.3), t(0, 0.3)], { name: 'loss', optimization: 'minimize' })).toMatchObject({ trial: 0 });
    expect(bestTrial([t(0, -Infinity)], { name: 'loss', optimization: 'minimize' })).toMatchObject({ trial: 0, value: -Infinity });
    expect(bestTrial([t(0, NaN), t(1, undefined)], { name: 'loss', optimization: 'minimize' })).toBeUndefined();
    expect(bestTrial(trials, { name: 'acc', optimization: 'maximize' })).toBeUndefined();
  });
});

describe('import: bad or tampered files are refused with the reason', () => {
  it('accepts the untouched file', async () => {
    expect(parseGroupExport(JSON.stringify(await validFile())).ok).toBe(true);
  });

  it('refuses text that is not a JSON object', () => {
    expectRefused('{"format": "hptune-group",', '', /must be JSON text/);
    expectRefused('[1, 2]', '', /must be a JSON object, got an array/);
    expectRefused('"hello"', '', /must be a JSON object, got "hello"/);
  });

  it('refuses a wrong format tag or version', async () => {
    expectRefused(await tamper((f) => (f.format = 'polyaxon-group')), 'format', /format must be "hptune-group" \(an hptune group export\), got "polyaxon-group"/);
    expectRefused(await tamper((f) => delete f.format), 'format', /got nothing/);
    expectRefused(await tamper((f) => (f.version = 2)), 'version', /version 2 was written by a newer hptune; this one reads version 1/);
    expectRefused(await tamper((f) => (f.version = '1')), 'version', /version must be 1, got "1"/);
  });

  it('refuses records of another group', async () => {
    expectRefused(await tamper((f) => (f.trials[2].groupId = 'h')), 'trials[2].groupId', /every trial must belong to the file's group "g", got "h"/);
    expectRefused(await tamper((f) => (f.reports[0].groupId = 'h')), 'reports[0].groupId', /every report must belong to the file's group "g", got "h"/);
  });

  it('refuses duplicate trial numbers', async () => {
    expectRefused(await tamper((f) => (f.trials[3].number = 1)), 'trials[3].number', /trial numbers must be unique, but 1 is also trials\[1\]/);
  });

  it('refuses reports, checkpoints, parents and a best trial for unknown trials', async () => {
    expectRefused(await tamper((f) => (f.reports[1].trial = 7)), 'reports[1].trial', /a report must be for a trial of the file, got trial 7/);
    expectRefused(await tamper((f) => (f.checkpoints[0].trial = 7)), 'checkpoints[0].trial', /a checkpoint must be for a trial of the file, got trial 7/);
    expectRefused(await tamper((f) => f.checkpoints.push({ ...f.checkpoints[0] })), 'checkpoints[1].trial', /at most one checkpoint, but trial 1 also has checkpoints\[0\]/);
    expectRefused(await tamper((f) => (f.trials[3].parent = 9)), 'trials[3].parent', /parent must be a trial of the file, got 9/);
    expectRefused(await tamper((f) => (f.best.trial = 9)), 'best.trial', /the best trial must be a trial of the file, got 9/);
    expectRefused(await tamper((f) => (f.best.params.lr = 1)), 'best.params', /must be those of trial 1/);
  });

  it('refuses non-finite numbers outside metric values, and misspelt non-finite metric values', async () => {
    const file = JSON.stringify(await validFile());
    expectRefused(file.replace('"seed":42', '"seed":1e999'), 'group.seed', /expected number, received Infinity/);
    expectRefused(file.replace('"createdAt":1700000000000', '"createdAt":-1e400'), 'group.createdAt', /received -Infinity/);
    const metricRule = /a metric value must be a finite number or one of "NaN", "Infinity", "-Infinity"/;
    expectRefused(await tamper((f) => (f.reports[0].values.loss = 'nan')), 'reports[0].values.loss', new RegExp(`${metricRule.source}, got "nan"`));
    expectRefused(await tamper((f) => (f.reports[0].values.loss = null)), 'reports[0].values.loss', metricRule);
    expectRefused(await tamper((f) => (f.trials[0].metrics.loss.last = '-inf')), 'trials[0].metrics.loss.last', metricRule);
    expectRefused(file.replace('"time":1700000000000', '"time":1e999'), 'reports[0].time', /received Infinity/);
  });

  it('refuses wrong types, unknown keys and bad checkpoint bytes', async () => {
    expectRefused(await tamper((f) => (f.trials[0].status = 'exploded')), 'trials[0].status', /expected one of .*"succeeded".*, got "exploded"/);
    expectRefused(await tamper((f) => (f.trials[0].number = 1.5)), 'trials[0].number', /expected int.*, got 1.5/);
    expectRefused(await tamper((f) => (f.trials[0].extra = 1)), 'trials[0]', /Unrecognized key: "extra"/);
    expectRefused(await tamper((f) => (f.group.concurrency = 0)), 'group.concurrency', />0, got 0/);
    expectRefused(await tamper((f) => delete f.group.source), 'group.source', /expected string/);
    expectRefused(await tamper((f) => (f.checkpoints[0].data = 'Zh==')), 'checkpoints[0].data', /non-zero bits before its padding/);
    expectRefused(await tamper((f) => (f.trials[0].metrics['val/loss'] = { last: 'x' })), 'trials[0].metrics["val/loss"].last', /got "x"/);
  });

  it('keeps the list of reasons short for a file wrong everywhere', async () => {
    const text = await tamper((f) => {
      for (let i = 0; i < 50; i++) f.reports.push({ ...f.reports[0], trial: 100 + i });
    });
    const r = parseGroupExport(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(21);
    expect(r.issues[20]).toEqual({ path: '', message: 'and 30 more problems' });
  });

  it('imports an in-memory value exactly as its file: undefined dropped, cycles refused', async () => {
    const exported = await exportGroup(await filledStore(), 'g');
    const withUndefined = { ...exported, group: { ...exported.group, state: { kept: 1, dropped: undefined } } };
    const dst = new MemoryStore();
    expect(await importGroup(dst, withUndefined)).toEqual({ ok: true, groupId: 'g' });
    expect((await dst.getGroup('g'))!.state).toEqual({ kept: 1 });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const r = await importGroup(new MemoryStore(), { ...exported, group: { ...exported.group, state: cyclic } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.message).toMatch(/^the group cannot be written as JSON: .*circular/i);
  });

  it('validates the in-memory value exactly as its file', async () => {
    const exported = await exportGroup(await filledStore(), 'g');
    expect(validateGroupExport(toFileData(exported)).ok).toBe(true);
    const withInfinitySeed = { ...exported, group: { ...exported.group, seed: Infinity } };
    expect(validateGroupExport(toFileData(withInfinitySeed)).ok).toBe(false);
  });
});
