// Every chart draws a parameter on the axis its matrix option implies, not on one chosen by
// the range of the values drawn so far: a uniform [0, 1] is linear even across three decades.
import { describe, expect, it } from 'vitest';
import { matrixOf, optionAxis, paramAxisKind } from '../../src/ui/components/param-axis.ts';
import { makeAxis } from '../../src/ui/components/parallel-coordinates.ts';

const SPEC = `version: 1
kind: group
hptuning:
  seed: 1
  random_search: {n_experiments: 4}
  matrix:
    lr: {loguniform: [-9, -2]}
    dropout: {uniform: [0, 1]}
    units: {values: [16, 32, 64, 128]}
    opt: {pvalues: [[adam, 0.5], [sgd, 0.5]]}
    steps: {geomspace: [1, 1000, 4]}
    neg: {geomspace: [-1000, -1, 4]}
    width: {linspace: [1, 1000, 5]}
run: {objective: branin}
`;

describe('param axis', () => {
  const matrix = matrixOf(SPEC);

  it('follows the matrix option, not the range of the values', () => {
    expect(matrix?.map((e) => e.name)).toEqual(['lr', 'dropout', 'units', 'opt', 'steps', 'neg', 'width']);
    expect(paramAxisKind('lr', matrix, [1e-4, 2e-4])).toBe('log');
    expect(paramAxisKind('dropout', matrix, [0.001, 0.9])).toBe('linear');
    expect(paramAxisKind('units', matrix, [16, 128])).toBe('categorical');
    expect(paramAxisKind('opt', matrix, ['adam'])).toBe('categorical');
    expect(paramAxisKind('steps', matrix, [1, 10, 1000])).toBe('log');
    expect(paramAxisKind('width', matrix, [1, 1000])).toBe('linear');
  });

  it('falls back when the option cannot apply', () => {
    // A log axis needs positive values; a param outside the matrix is linear or categorical by type.
    expect(paramAxisKind('neg', matrix, [-1000, -1])).toBe('linear');
    expect(paramAxisKind('epochs', matrix, [3, 9])).toBe('linear');
    expect(paramAxisKind('epochs', matrix, ['a'])).toBe('categorical');
    expect(paramAxisKind('x', undefined, [1e-5, 1])).toBe('linear');
  });

  it('maps every option kind', () => {
    expect(optionAxis('qloguniform')).toBe('log');
    expect(optionAxis('lognormal')).toBe('log');
    expect(optionAxis('logspace')).toBe('log');
    expect(optionAxis('quniform')).toBe('linear');
    expect(optionAxis('normal')).toBe('linear');
    expect(optionAxis('range')).toBe('linear');
  });

  it('an unparsable spec has no matrix', () => {
    expect(matrixOf('kind: nope')).toBeUndefined();
    expect(matrixOf(undefined)).toBeUndefined();
  });

  it('parallel coordinates draw a uniform [0, 1] param linearly and a log-uniform one on a log axis', () => {
    const uniform = makeAxis('dropout', [0.001, 0.5, 1], 268, 40, paramAxisKind('dropout', matrix, [0.001, 0.5, 1]));
    expect(uniform.kind).toBe('linear');
    // Halfway in value is halfway up the axis.
    expect(uniform.y(0.5)).toBeCloseTo((268 + 40) / 2, 0);
    const lr = makeAxis('lr', [1e-4, 1e-3, 1e-2], 268, 40, paramAxisKind('lr', matrix, [1e-4, 1e-3, 1e-2]));
    expect(lr.kind).toBe('log');
    expect(lr.y(1e-3)).toBeCloseTo((268 + 40) / 2, 0);
    const units = makeAxis('units', [16, 64], 268, 40, 'categorical');
    expect(units.kind).toBe('point');
  });
});
