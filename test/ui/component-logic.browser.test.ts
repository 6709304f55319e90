/**
 * The pure parts behind the components: table sort and filter, params as YAML/JSON,
 * axis kinds, durations and the remaining-time estimate. Random inputs are seeded.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { ParamValue, Params, TrialRecord } from '../../src/engine/types.ts';
import { filterTrials, sortTrials, trialColumns } from '../../src/ui/components/trial-columns.ts';
import { paramsToJson, paramsToYaml } from '../../src/ui/components/params-text.ts';
import { axisKind } from '../../src/ui/components/parallel-coordinates.ts';
import { formatDuration, formatNumber } from '../../src/ui/components/format.ts';
import { clock } from '../../src/ui/components/status-bar.ts';
import { lcg, synthetic } from './synthetic.ts';

describe('trials table: sort and filter properties', () => {
  it('sorting any column is a permutation, ordered, missing values last, ties by number (200 seeded cases)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rnd = lcg(seed);
      const base = synthetic(25, 2, seed).trials;
      // Knock out some values so that missing cells occur in every column kind.
      const trials: TrialRecord[] = base.map((t) =>
        rnd() < 0.2 ? { ...t, metrics: {}, params: { optimizer: t.params.optimizer! }, resource: undefined, backend: undefined } : t,
      );
      const columns = trialColumns(trials, { name: 'val_loss', optimization: 'minimize' });
      const column = columns[Math.floor(rnd() * columns.length)]!;
      const direction = rnd() < 0.5 ? 'ascending' : 'descending';
      const out = sortTrials(trials, column, direction);
      expect(out.map((t) => t.number).sort((a, b) => a - b)).toEqual(trials.map((t) => t.number));
      const values = out.map((t) => column.value(t));
      const firstMissing = values.indexOf(undefined);
      if (firstMissing >= 0) expect(values.slice(firstMissing).every((v) => v === undefined)).toBe(true);
      for (let i = 1; i < out.length; i++) {
        const a = values[i - 1];
        const b = values[i];
        if (a === undefined || b === undefined) continue;
        const cmp = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
        if (cmp === 0) expect(out[i - 1]!.number).toBeLessThan(out[i]!.number);
        else expect(direction === 'ascending' ? cmp < 0 : cmp > 0, `${column.id} ${direction} at ${i}: ${a} then ${b}`).toBe(true);
      }
    }
  });

  it('filtering keeps exactly the trials containing every word, in their order', () => {
    const trials = synthetic(60, 1, 9).trials;
    for (const query of ['adam', 'running', 'sgd batch_size=32', 'SUCCEEDED   units=1', 'lr=0.00', '', 'zzz']) {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean);
      const expected = trials.filter((t) => {
        const text = [t.status, ...Object.entries(t.params).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)].join(' ').toLowerCase();
        return words.every((w) => text.includes(w));
      });
      expect(filterTrials(trials, query)).toEqual(expected);
    }
  });
});

describe('best params: text forms', () => {
  const tricky = ['yes', 'No', 'on', 'OFF', 'y', 'null', '~', 'true', '0.5', '1e3', '0x1F', '-', '- a', 'a: b', 'a #b', '#c', '[x]', '{y}', '"q"', "it's", ' pad ', '', 'line\nbreak', 'tab\t', 'é ü 中', '@at', '`tick`', '!tag', '&anchor', '*alias', '%dir', 'a,b', '?', '|', '>', 'plain_word', 'with.dots-and/slash'];

  function randomValue(rnd: () => number, depth = 0): ParamValue {
    const r = rnd();
    if (r < 0.3) return tricky[Math.floor(rnd() * tricky.length)]!;
    if (r < 0.45) return (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20);
    if (r < 0.55) return Math.floor((rnd() - 0.5) * 1e6);
    if (r < 0.62) return rnd() < 0.5;
    if (r < 0.67) return null;
    if (depth > 1) return 'leaf';
    if (r < 0.85) return Array.from({ length: Math.floor(rnd() * 4) }, () => randomValue(rnd, depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 3) }, () => [tricky[Math.floor(rnd() * tricky.length)]!, randomValue(rnd, depth + 1)]));
  }

  it('YAML round-trips through YAML 1.2 and 1.1 readers, JSON through JSON.parse (300 seeded param sets)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rnd = lcg(seed);
      const params: Record<string, ParamValue> = {};
      for (let i = 0; i < 6; i++) params[tricky[Math.floor(rnd() * tricky.length)]! || 'k'] = randomValue(rnd);
      const yaml = paramsToYaml(params as Params);
      expect(parseYaml(yaml, { version: '1.2' }) ?? {}, yaml).toEqual(params);
      expect(parseYaml(yaml, { version: '1.1' }) ?? {}, yaml).toEqual(params);
      expect(JSON.parse(paramsToJson(params as Params))).toEqual(params);
    }
  });

  it('writes exponent floats with a dot and a signed exponent (PyYAML reads `1e-7` as a string)', () => {
    expect(paramsToYaml({ a: 1e-7, f: 1e-5, b: -2.5e-8, c: 1e21, d: 0.001, e: 3 })).toBe('a: 1.0e-7\nf: 0.00001\nb: -2.5e-8\nc: 1.0e+21\nd: 0.001\ne: 3\n');
    expect(paramsToYaml({ a: Infinity, b: -Infinity, c: NaN })).toBe('a: .inf\nb: -.inf\nc: .nan\n');
  });
});

describe('parallel coordinates: axis kinds', () => {
  it('log only when all values are positive and span more than two decades; non-numbers are points', () => {
    expect(axisKind([1e-4, 1e-1])).toBe('log');
    expect(axisKind([1, 100])).toBe('linear');
    expect(axisKind([1, 100.5])).toBe('log');
    expect(axisKind([0, 1000])).toBe('linear');
    expect(axisKind([-1, 1000])).toBe('linear');
    expect(axisKind([16, 32, 64])).toBe('linear');
    expect(axisKind(['adam', 'sgd'])).toBe('point');
    expect(axisKind([1, 'a'])).toBe('point');
    expect(axisKind([true, false])).toBe('point');
    expect(axisKind([])).toBe('point');
  });
});

describe('group status: time and progress', () => {
  it('formats durations and numbers', () => {
    expect([0, 999, 12_000, 185_000, 3_725_000].map(formatDuration)).toEqual(['0s', '0s', '12s', '3m 05s', '1h 02m']);
    expect([3, 0.123456, 1234.5678, 1e-5, 2.5e7, -0.5, NaN, Infinity].map(formatNumber)).toEqual(['3', '0.1235', '1235', '1.00e-5', '2.50e+7', '-0.5', 'NaN', '∞']);
  });

  it("counts the snapshot's elapsed time on and its estimate down while the group runs, and holds them otherwise", () => {
    const p = { done: 10, running: 2, planned: 30, elapsedMs: 60_000, remainingMs: 120_000 };
    expect(clock(p, 'running', 0)).toEqual({ elapsed: 60_000, remaining: 120_000 });
    expect(clock(p, 'running', 5_000)).toEqual({ elapsed: 65_000, remaining: 115_000 });
    expect(clock(p, 'running', 200_000)).toEqual({ elapsed: 260_000, remaining: 0 });
    expect(clock({ ...p, remainingMs: undefined }, 'running', 5_000)).toEqual({ elapsed: 65_000 });
    expect(clock(p, 'paused', 5_000)).toEqual({ elapsed: 60_000 });
    expect(clock(undefined, 'running', 5_000)).toEqual({});
  });
});
