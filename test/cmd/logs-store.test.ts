// The capped trial log (head and tail kept, the cut said) and the journal file store
// (a rerun reads back what the last run wrote; a line cut short by a crash is dropped).
import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CappedLog } from '../../src/cmd/logs.ts';
import { FileStore } from '../../src/store/file.ts';
import type { TrialRecord } from '../../src/engine/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'hptune-logs-'));

describe('CappedLog', () => {
  it('keeps the head and the tail and says how much was cut', async () => {
    const path = join(dir, 'log.txt');
    const log = await CappedLog.open(path, 10, 5);
    log.write('0123456789abcdef');
    log.write('ghijklmnop');
    await log.close();
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('0123456789')).toBe(true);
    expect(text).toContain('log cut here: 11 characters left out');
    expect(text.endsWith('lmnop')).toBe(true);
  });

  it('quotes its last lines for a failure reason', async () => {
    const log = await CappedLog.open(join(dir, 'b.txt'));
    log.write('one\ntwo\nthree\n');
    log.note('done');
    expect(log.lastLines(2)).toBe('three\n[hptune] done');
    await log.close();
  });
});

describe('FileStore', () => {
  const trial = (n: number): TrialRecord => ({ groupId: 'g', number: n, params: { lr: 0.1 * n }, status: 'running', seed: n, createdAt: 1, metrics: {} });

  it('reads back groups, trials, reports and checkpoints after reopening', async () => {
    const path = join(dir, 'store.jsonl');
    const a = await FileStore.open(path);
    await a.putGroup({ id: 'g', name: 'n', source: 's', seed: 1, concurrency: 1, algorithm: 'grid', status: 'running', createdAt: 1 });
    await a.putTrial(trial(0));
    await a.putTrial({ ...trial(0), status: 'succeeded' });
    await a.addReports('g', 0, [{ step: 1, values: { loss: 0.5 }, time: 2 }]);
    await a.putCheckpoint('g', 0, { step: 1, meta: { kind: 'cmd', outputs: '/x' }, data: new Uint8Array([1, 2]).buffer });
    await a.close();
    const b = await FileStore.open(path);
    expect((await b.getGroup('g'))?.status).toBe('running');
    expect((await b.listTrials('g')).map((t) => t.status)).toEqual(['succeeded']);
    expect(await b.listReports('g', 0)).toEqual([{ groupId: 'g', trial: 0, step: 1, values: { loss: 0.5 }, time: 2 }]);
    const c = await b.getCheckpoint('g', 0);
    expect([c?.step, c?.meta, [...new Uint8Array(c!.data)]]).toEqual([1, { kind: 'cmd', outputs: '/x' }, [1, 2]]);
    await b.close();
  });

  it('drops a last line cut short by a crash and refuses a damaged journal', async () => {
    const path = join(dir, 'cut.jsonl');
    const a = await FileStore.open(path);
    await a.putTrial(trial(0));
    await a.close();
    appendFileSync(path, '{"op":"trial","trial":{"groupId":"g","num');
    const b = await FileStore.open(path);
    expect((await b.listTrials('g')).length).toBe(1);
    await b.putTrial(trial(1));
    await b.close();
    expect((await (await FileStore.open(path)).listTrials('g')).map((t) => t.number)).toEqual([0, 1]);
    writeFileSync(join(dir, 'bad.jsonl'), 'hello\n');
    await expect(FileStore.open(join(dir, 'bad.jsonl'))).rejects.toThrow(/bad.jsonl:1: not a journal line/);
  });
});
