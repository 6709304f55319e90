import { describe, expect, it } from 'vitest';
import { drive, entries, history, trial, values } from './sampler-helpers.ts';
import type { Suggestion } from '../../src/engine/algorithm.ts';
import { createGridSearch, GRID_EMPTY_MESSAGE, gridPoint, gridSize } from '../../src/engine/samplers/grid.ts';

const sixty = entries({
  feature1: values(1, 2, 3),
  feature2: { kind: 'linspace', start: 1, stop: 2, num: 5 },
  feature3: { kind: 'range', start: 1, stop: 5, step: 1 },
});

describe('grid search', () => {
  it('60-point space, n_experiments 10: the first 10 points in itertools.product order', () => {
    expect(gridSize(sixty)).toBe(60);
    const { params, end } = drive(createGridSearch(sixty, 10));
    const p = (feature1: number, feature2: number, feature3: number) => ({ feature1, feature2, feature3 });
    expect(params).toEqual([
      p(1, 1.0, 1), p(1, 1.0, 2), p(1, 1.0, 3), p(1, 1.0, 4),
      p(1, 1.25, 1), p(1, 1.25, 2), p(1, 1.25, 3), p(1, 1.25, 4),
      p(1, 1.5, 1), p(1, 1.5, 2),
    ]);
    expect(end).toEqual({ kind: 'exhausted' });
  });

  it('without n_experiments every point once; the last point varies last key fastest', () => {
    const { params } = drive(createGridSearch(sixty));
    expect(params).toHaveLength(60);
    expect(params[59]).toEqual({ feature1: 3, feature2: 2.0, feature3: 4 });
    expect(params[20]).toEqual({ feature1: 2, feature2: 1.0, feature3: 1 });
    expect(params.map((_, i) => gridPoint(sixty, i))).toEqual(params);
  });

  it('values [1,2,3] with n_experiments 10 → 3 trials, then exhausted saying why', () => {
    const { params, end } = drive(createGridSearch(entries({ feature1: values(1, 2, 3) }), 10));
    expect(params).toEqual([{ feature1: 1 }, { feature1: 2 }, { feature1: 3 }]);
    expect(end.kind).toBe('exhausted');
    expect(end.kind === 'exhausted' && end.reason).toMatch(/3 points, fewer than n_experiments 10/);
  });

  it('logspace 0.01:0.1:5 × dropout [0.2, 0.5] → 10 suggestions; n_experiments 4 → the first 4', () => {
    const m = entries({ lr: { kind: 'logspace', start: 0.01, stop: 0.1, num: 5, base: 10 }, dropout: values(0.2, 0.5) });
    const lrs = [1.023292992280754, 1.077705253694322, 1.135010815672315, 1.1953635256737185, 1.2589254117941673];
    const all = lrs.flatMap((lr) => [0.2, 0.5].map((dropout) => ({ lr, dropout })));
    expect(drive(createGridSearch(m)).params).toEqual(all);
    expect(drive(createGridSearch(m, 4)).params).toEqual(all.slice(0, 4));
  });

  it('declaration order decides the product order (docs/differences.md, "Matrix keys keep their declared order"): lr, batch_size, optimizer', () => {
    const m = entries({ lr: values(0.001, 0.01), batch_size: values(32, 64), optimizer: values('adam', 'sgd') });
    const { params } = drive(createGridSearch(m));
    expect(params.every((p) => Object.keys(p).join() === 'lr,batch_size,optimizer')).toBe(true);
    expect(params.map((p) => [p.lr, p.batch_size, p.optimizer])).toEqual([
      [0.001, 32, 'adam'], [0.001, 32, 'sgd'], [0.001, 64, 'adam'], [0.001, 64, 'sgd'],
      [0.01, 32, 'adam'], [0.01, 32, 'sgd'], [0.01, 64, 'adam'], [0.01, 64, 'sgd'],
    ]);
  });

  it('types are preserved: param1 [1, 2] × param2 [3.3, 4.4] → 4 points, ints stay ints', () => {
    const { params } = drive(createGridSearch(entries({ param1: values(1, 2), param2: values(3.3, 4.4) })));
    expect(params).toEqual([
      { param1: 1, param2: 3.3 },
      { param1: 1, param2: 4.4 },
      { param1: 2, param2: 3.3 },
      { param1: 2, param2: 4.4 },
    ]);
    expect(Number.isInteger(params[0].param1)).toBe(true);
  });

  it('no dedup: duplicate values give duplicate trials; nested values are returned as given', () => {
    const pair = [1, 2];
    const { params } = drive(createGridSearch(entries({ x: values(1, 1, pair) })));
    expect(params).toEqual([{ x: 1 }, { x: 1 }, { x: [1, 2] }]);
    expect(params[2].x).toBe(pair);
  });

  it('step 4: an empty product fails the group with Polyaxon\'s message', () => {
    const m = entries({ a: values(1, 2), r: { kind: 'range', start: 1, stop: 5, step: -1 } });
    expect(gridSize(m)).toBe(0);
    expect(createGridSearch(m).ask(history([]))).toEqual({ kind: 'failed', message: GRID_EMPTY_MESSAGE });
  });

  it('a distribution cannot be used with grid search', () => {
    const m = entries({ lr: { kind: 'uniform', low: 0, high: 1 } });
    expect(() => gridSize(m)).toThrow(/`lr` defines a distribution, and it cannot be used with grid search.*uniform/);
    const pv = entries({ act: { kind: 'pvalues', values: [['relu', 0.5]] } });
    expect(() => gridSize(pv)).toThrow(/`act` defines a distribution/);
    const s = createGridSearch(m).ask(history([])) as Suggestion;
    expect(s.kind === 'failed' && s.message).toMatch(/^Experiment group could not create new suggestions\. `lr` defines a distribution/);
  });

  it('gridPoint rejects indices outside [0, size)', () => {
    expect(() => gridPoint(sixty, 60)).toThrow(/\[0, 60\), got 60/);
    expect(() => gridPoint(sixty, -1)).toThrow(RangeError);
    expect(() => gridPoint(sixty, 1.5)).toThrow(RangeError);
  });

  it('trial k gets point k whatever was asked before (only the number of trials matters)', () => {
    const alg = createGridSearch(sixty, 30);
    const filler = (n: number) => Array.from({ length: n }, () => ({ feature1: 0 }));
    expect(alg.ask(history(filler(17)))).toEqual({ kind: 'trial', params: gridPoint(sixty, 17) });
    expect(alg.ask(history(filler(3)))).toEqual({ kind: 'trial', params: gridPoint(sixty, 3) });
    expect((alg.ask(history(filler(30))) as Suggestion).kind).toBe('exhausted');
    expect(alg.name).toBe('grid');
  });

  it('an empty matrix has one (empty) point', () => {
    expect(gridSize([])).toBe(1);
    expect(drive(createGridSearch([])).params).toEqual([{}]);
  });
});
