import { describe, expect, it } from 'vitest';
import { formatIssue, parseSpec, parseSpecObject } from '../../src/engine/spec/parse.ts';
import { group, ok, option } from './spec-helpers.ts';

describe('grid search examples', () => {
  it('G1: no algorithm section → grid; params, run.cmd', () => {
    const { spec, warnings } = ok(
      parseSpec(`# G1
version: 1
kind: group
params: {epochs: 5}
hptuning:
  matrix:
    optimizer: {values: [adam, sgd, rmsprop]}
    weight_decay: {values: [0.0, 0.0001]}
run:
  cmd: python fit.py --opt={{ optimizer }} --wd={{ weight_decay }} --epochs={{ epochs }}
`),
    );
    expect(warnings).toEqual([]);
    expect(spec).toEqual({
      version: 1,
      params: { epochs: 5 },
      hptuning: {
        concurrency: 1,
        seed: null,
        matrix: [
          { name: 'optimizer', option: { kind: 'values', values: ['adam', 'sgd', 'rmsprop'] } },
          { name: 'weight_decay', option: { kind: 'values', values: [0, 0.0001] } },
        ],
        algorithm: { kind: 'grid' },
        earlyStopping: [],
      },
      run: { kind: 'cmd', cmd: 'python fit.py --opt={{ optimizer }} --wd={{ weight_decay }} --epochs={{ epochs }}' },
      ignoredSections: [],
    });
  });

  it('G2: explicit grid with a cap and concurrency', () => {
    const { spec } = ok(
      parseSpec(
        group(`hptuning:
  concurrency: 4
  grid_search:
    n_experiments: 8
  matrix:
    dropout: {linspace: 0.1:0.5:5}
    layers: {range: {start: 2, stop: 6, step: 1}}
`),
      ),
    );
    expect(spec.hptuning.concurrency).toBe(4);
    expect(spec.hptuning.algorithm).toEqual({ kind: 'grid', nExperiments: 8 });
    expect(spec.hptuning.matrix).toEqual([
      { name: 'dropout', option: { kind: 'linspace', start: 0.1, stop: 0.5, num: 5 } },
      { name: 'layers', option: { kind: 'range', start: 2, stop: 6, step: 1 } },
    ]);
  });

  it('G3: grid + early stopping', () => {
    const { spec } = ok(
      parseSpec(
        group(`hptuning:
  concurrency: 2
  matrix:
    lr: {geomspace: [0.0001, 0.1, 4]}
    batch_size: {values: [32, 128]}
  early_stopping:
    - {metric: val_acc, value: 0.95, optimization: maximize}
    - {metric: val_loss, value: 0.02, optimization: minimize}
`),
      ),
    );
    expect(spec.hptuning.matrix[0]!.option).toEqual({ kind: 'geomspace', start: 0.0001, stop: 0.1, num: 4 });
    expect(spec.hptuning.earlyStopping).toEqual([
      { metric: 'val_acc', value: 0.95, optimization: 'maximize' },
      { metric: 'val_loss', value: 0.02, optimization: 'minimize' },
    ]);
  });
});

describe('random search examples', () => {
  it('R1: mixed discrete and continuous space, seeded', () => {
    const { spec } = ok(
      parseSpec(
        group(`hptuning:
  seed: 1234
  concurrency: 3
  random_search:
    n_experiments: 25
  matrix:
    lr: {loguniform: [-9.2, -2.3]}
    momentum: {uniform: 0.8:0.99}
    hidden: {quniform: [64, 512, 64]}
    activation: {pvalues: [[relu, 0.6], [tanh, 0.3], [elu, 0.1]]}
`),
      ),
    );
    expect(spec.hptuning.seed).toBe(1234);
    expect(spec.hptuning.algorithm).toEqual({ kind: 'random', nExperiments: 25 });
    expect(spec.hptuning.matrix.map((e) => e.option)).toEqual([
      { kind: 'loguniform', low: -9.2, high: -2.3 },
      { kind: 'uniform', low: 0.8, high: 0.99 },
      { kind: 'quniform', low: 64, high: 512, q: 64 },
      { kind: 'pvalues', values: [['relu', 0.6], ['tanh', 0.3], ['elu', 0.1]] },
    ]);
  });

  it('R2: all-discrete', () => {
    const { spec } = ok(
      parseSpec(
        group(`hptuning:
  random_search: {n_experiments: 20}
  matrix:
    augment: {values: [flip, crop]}
    depth: {range: 18:51:16}
`),
      ),
    );
    expect(spec.hptuning.matrix[1]!.option).toEqual({ kind: 'range', start: 18, stop: 51, step: 16 });
  });

  it('R3: normal-family distributions, loc may exceed scale', () => {
    const { spec } = ok(
      parseSpec(
        group(`hptuning:
  random_search: {n_experiments: 10}
  matrix:
    warmup_steps: {qnormal: {loc: 500, scale: 100, q: 50}}
    temperature: {normal: 66:30}
    noise: {lognormal: [0, 0.5]}
`),
      ),
    );
    expect(spec.hptuning.matrix.map((e) => e.option)).toEqual([
      { kind: 'qnormal', loc: 500, scale: 100, q: 50 },
      { kind: 'normal', loc: 66, scale: 30 },
      { kind: 'lognormal', loc: 0, scale: 0.5 },
    ]);
  });
});

describe('Hyperband examples', () => {
  it('H1: the canonical 81/3 schedule', () => {
    const { spec } = ok(
      parseSpec(
        group(`hptuning:
  concurrency: 8
  hyperband:
    max_iter: 81
    eta: 3
    resource: {name: epochs, type: int}
    metric: {name: val_loss, optimization: minimize}
    resume: false
  matrix:
    lr: {uniform: [0.0005, 0.05]}
    dropout: {values: [0.1, 0.3, 0.5]}
    act: {pvalues: [[relu, 0.5], [gelu, 0.5]]}
run:
  cmd: python fit.py --epochs={{ epochs }} --lr={{ lr }} --dropout={{ dropout }} --act={{ act }}
`),
      ),
    );
    expect(spec.hptuning.algorithm).toEqual({
      kind: 'hyperband',
      maxIter: 81,
      eta: 3,
      resource: { name: 'epochs', type: 'int' },
      metric: { name: 'val_loss', optimization: 'minimize' },
      resume: false,
    });
  });

  it('H2: float resource, optimization defaults to maximize', () => {
    const { spec } = ok(
      parseSpec(
        group(`hptuning:
  concurrency: 4
  seed: 7
  hyperband:
    max_iter: 9
    eta: 3
    resource: {name: data_fraction_x9, type: float}
    metric: {name: accuracy}
  matrix:
    lr: {loguniform: [-7, -2]}
    l2: {values: [0.0, 1.0e-5, 1.0e-4]}
  early_stopping:
    - {metric: accuracy, value: 0.99}
`),
      ),
    );
    expect(spec.hptuning.algorithm).toMatchObject({ metric: { name: 'accuracy', optimization: 'maximize' }, resume: false });
    expect(spec.hptuning.matrix[1]!.option).toEqual({ kind: 'values', values: [0, 1e-5, 1e-4] });
    expect(spec.hptuning.earlyStopping).toEqual([{ metric: 'accuracy', value: 0.99, optimization: 'maximize' }]);
  });
});

describe('Bayesian optimization examples', () => {
  it('B1: UCB with Matern kernel', () => {
    const { spec } = ok(
      parseSpec(
        group(`hptuning:
  concurrency: 5
  seed: 99
  bo:
    n_initial_trials: 12
    n_iterations: 20
    metric: {name: val_loss, optimization: minimize}
    utility_function:
      acquisition_function: ucb
      kappa: 2.576
      gaussian_process: {kernel: matern, length_scale: 1.0, nu: 2.5, n_restarts_optimizer: 2}
      n_warmup: 2000
      n_iter: 20
  matrix:
    lr: {uniform: [0.0001, 0.01]}
    batch_size: {values: [32, 64, 128]}
    optimizer: {values: [adam, sgd]}
    units: {linspace: 64:256:4}
`),
      ),
    );
    expect(spec.hptuning.algorithm).toEqual({
      kind: 'bo',
      nInitialTrials: 12,
      nIterations: 20,
      metric: { name: 'val_loss', optimization: 'minimize' },
      utilityFunction: {
        acquisitionFunction: 'ucb',
        kappa: 2.576,
        eps: 0,
        gaussianProcess: { kernel: 'matern', lengthScale: 1, nu: 2.5, nRestartsOptimizer: 2 },
        nWarmup: 2000,
        nIter: 20,
      },
    });
  });

  it('B2: EI with RBF kernel (nu omitted from a given gaussian_process → Polyaxon field default 1.5)', () => {
    const { spec } = ok(
      parseSpec(
        group(`hptuning:
  bo:
    n_initial_trials: 8
    n_iterations: 10
    metric: {name: f1, optimization: maximize}
    utility_function:
      acquisition_function: ei
      eps: 0.01
      gaussian_process: {kernel: rbf, length_scale: 0.5, n_restarts_optimizer: 0}
  matrix:
    dropout: {uniform: 0.0:0.6}
    depth: {range: [2, 9, 1]}
`),
      ),
    );
    expect(spec.hptuning.algorithm).toMatchObject({
      utilityFunction: {
        acquisitionFunction: 'ei',
        eps: 0.01,
        gaussianProcess: { kernel: 'rbf', lengthScale: 0.5, nu: 1.5, nRestartsOptimizer: 0 },
        nWarmup: 1000,
        nIter: 10,
      },
    });
  });

  it('B3: probability of improvement', () => {
    const { spec } = ok(
      parseSpec(
        group(`hptuning:
  bo:
    n_initial_trials: 5
    n_iterations: 5
    metric: {name: reward, optimization: maximize}
    utility_function:
      acquisition_function: poi
      eps: 0.0
      gaussian_process: {kernel: matern, length_scale: 1.0, nu: 1.5, n_restarts_optimizer: 0}
  matrix:
    gamma: {values: [0.9, 0.95, 0.99]}
    entropy: {uniform: [0.0, 0.05]}
`),
      ),
    );
    expect(spec.hptuning.algorithm).toMatchObject({ utilityFunction: { acquisitionFunction: 'poi', eps: 0 } });
  });
});

describe('parsing / normalization', () => {
  it.each([
    ["range: '1:10:2'", { kind: 'range', start: 1, stop: 10, step: 2 }],
    ['range: [1, 2, 3]', { kind: 'range', start: 1, stop: 2, step: 3 }],
    ['range: {start: 1.2, stop: 1.8, step: 0.1}', { kind: 'range', start: 1.2, stop: 1.8, step: 0.1 }],
    ["linspace: '0.01:0.1:5'", { kind: 'linspace', start: 0.01, stop: 0.1, num: 5 }],
    ["linspace: '0:10:1'", { kind: 'linspace', start: 0, stop: 10, num: 1 }],
    ['logspace: [1, 2, 3, 2]', { kind: 'logspace', start: 1, stop: 2, num: 3, base: 2 }],
    ["geomspace: '1:10:1'", { kind: 'geomspace', start: 1, stop: 10, num: 1 }],
    ["uniform: '0:1'", { kind: 'uniform', low: 0, high: 1 }],
    ['uniform: [0, 1, 5]', { kind: 'uniform', low: 0, high: 1, size: 5 }],
    ["quniform: '0:1:0.1'", { kind: 'quniform', low: 0, high: 1, q: 0.1 }],
    ["normal: '66:30'", { kind: 'normal', loc: 66, scale: 30 }],
    ['qlognormal: [0, 1, 0.1]', { kind: 'qlognormal', loc: 0, scale: 1, q: 0.1 }],
    ['values: [[1, 2], [2, 4]]', { kind: 'values', values: [[1, 2], [2, 4]] }],
  ])('%s', (yamlOption, normalized) => {
    expect(option(yamlOption)).toEqual(normalized);
  });

  it('logspace without base gets base 10; string elements are number literals (docs/hptuning.md, "Writing an option\'s arguments")', () => {
    expect(option("logspace: '0.01:0.1:5'")).toEqual({ kind: 'logspace', start: 0.01, stop: 0.1, num: 5, base: 10 });
    expect(option("linspace: ['-1', '1e-3', '5']")).toEqual({ kind: 'linspace', start: -1, stop: 0.001, num: 5 });
    expect(option("uniform: {low: '.5', high: '+2'}")).toEqual({ kind: 'uniform', low: 0.5, high: 2 });
  });

  it('matrix keeps declaration order (docs/differences.md, "Matrix keys keep their declared order"), even against jsonb order', () => {
    const { spec } = ok(
      parseSpec(group('hptuning:\n  matrix:\n    learning_rate: {values: [1]}\n    activation: {values: [a]}\n    dropout: {values: [0.1]}\n')),
    );
    expect(spec.hptuning.matrix.map((e) => e.name)).toEqual(['learning_rate', 'activation', 'dropout']);
    // Integer-like names come first in a JS object; the written order still wins.
    const numeric = ok(parseSpec(group('hptuning:\n  matrix:\n    b: {values: [1]}\n    10: {values: [2]}\n    2: {values: [3]}\n'))).spec;
    expect(numeric.hptuning.matrix.map((e) => e.name)).toEqual(['b', '10', '2']);
  });

  it('JSON text is YAML, and parseSpecObject takes the parsed value', () => {
    const value = {
      version: 1,
      kind: 'group',
      hptuning: { concurrency: 5, random_search: { n_experiments: 10 }, matrix: { dropout: { values: [0.25, 0.3] }, lr: { linspace: { num: 5, stop: 0.1, start: 0.001 } } } },
    };
    const fromText = ok(parseSpec(JSON.stringify(value, null, 2))).spec;
    const fromObject = ok(parseSpecObject(value)).spec;
    expect(fromText).toEqual(fromObject);
    expect(fromObject.hptuning.matrix[1]!.option).toEqual({ kind: 'linspace', start: 0.001, stop: 0.1, num: 5 });
  });

  it('top-level name, description, tags, and the ignored sections of docs/differences.md, "Sections that do not apply are accepted and ignored"', () => {
    const { spec } = ok(
      parseSpec(`version: 1
kind: group
name: sweep
description: a small sweep
tags: [a, b]
framework: tensorflow
environment: {resources: {cpu: {requests: 1}}}
build: {image: python:3}
logging: {level: INFO}
hptuning: {matrix: {lr: {values: [1]}}}
`),
    );
    expect(spec).toMatchObject({ name: 'sweep', description: 'a small sweep', tags: ['a', 'b'] });
    expect([...spec.ignoredSections].sort()).toEqual(['build', 'environment', 'framework', 'logging']);
  });
});

describe('formatIssue (CLI form FILE:LINE:COL path: message)', () => {
  it('with and without a position', () => {
    expect(formatIssue('g.yaml', { path: 'hptuning.seed', message: 'must be an integer', line: 4, col: 9 })).toBe('g.yaml:4:9 hptuning.seed: must be an integer');
    expect(formatIssue('g.yaml', { path: 'hptuning', message: 'x' })).toBe('g.yaml hptuning: x');
    expect(formatIssue('g.yaml', { path: '', message: 'the file is empty' })).toBe('g.yaml: the file is empty');
  });
});
