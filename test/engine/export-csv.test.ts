import { describe, expect, it } from 'vitest';
import { trialsToCsv } from '../../src/engine/export/csv.ts';
import type { StoredReport } from '../../src/engine/store/store.ts';
import type { TrialRecord } from '../../src/engine/types.ts';
import { trial } from '../store/store-contract.ts';

const summary = (last: number) => ({ last, min: last, max: last, count: 1 });
const t = (number: number, params: TrialRecord['params'], metrics: Record<string, number>, status: TrialRecord['status'] = 'succeeded') =>
  trial('g', number, { params, status, metrics: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, summary(v)])) });
const r = (trialNumber: number, step: number, values: Record<string, number>): StoredReport => ({ groupId: 'g', trial: trialNumber, step, values, time: step });

describe('trials as CSV (RFC 4180)', () => {
  it('writes one row per trial in number order, a column per param and per metric', () => {
    const csv = trialsToCsv([
      t(1, { lr: 0.1 + 0.2, act: 'relu' }, { loss: 0.25, acc: 0.5 }),
      t(0, { lr: 1e-7, act: 'tanh', batch: 32 }, { loss: NaN }, 'failed'),
    ]);
    expect(csv).toBe(
      'trial,status,lr,act,batch,loss,acc\r\n' +
      '0,failed,1e-7,tanh,32,NaN,\r\n' +
      '1,succeeded,0.30000000000000004,relu,,0.25,0.5\r\n',
    );
  });

  it('quotes fields holding a comma, a quote, CR or LF, and doubles quotes', () => {
    const csv = trialsToCsv([t(0, { name: 'a,b', q: 'say "hi"', nl: 'x\ny', cr: 'x\rz', plain: ' sp ', list: [1, 'a'], dict: { k: null }, none: null, yes: true }, {})]);
    expect(csv).toBe(
      'trial,status,name,q,nl,cr,plain,list,dict,none,yes\r\n' +
      '0,succeeded,"a,b","say ""hi""","x\ny","x\rz", sp ,"[1,""a""]","{""k"":null}",null,true\r\n',
    );
  });

  it('takes each metric’s last value from the reports when given, in report order', () => {
    const trials = [t(0, { x: 1 }, { loss: 9 }), t(1, { x: 2 }, { loss: 9 })];
    const reports = [r(0, 0, { loss: 0.9 }), r(1, 0, { loss: 0.8, acc: 0.1 }), r(0, 1, { loss: 0.4 }), r(1, 1, { acc: 0.3 })];
    expect(trialsToCsv(trials, reports)).toBe('trial,status,x,loss,acc\r\n0,succeeded,1,0.4,\r\n1,succeeded,2,0.8,0.3\r\n');
  });

  it('prefixes a param and a metric that share a name, and names that clash with fixed columns', () => {
    const csv = trialsToCsv([t(0, { loss: 1, status: 'x' }, { loss: 2, trial: 3 })]);
    expect(csv.split('\r\n')[0]).toBe('trial,status,param:loss,param:status,metric:loss,metric:trial');
    expect(csv.split('\r\n')[1]).toBe('0,succeeded,1,x,2,3');
  });

  it('writes only the header for no trials', () => {
    expect(trialsToCsv([])).toBe('trial,status\r\n');
  });
});
