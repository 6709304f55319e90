import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/engine/spec/parse.ts';
import { group, issueWith, ok } from './spec-helpers.ts';

const MATRIX = '  matrix: {lr: {values: [0.1, 0.2]}}\n';

describe('seed', () => {
  it('0 is a seed; null and absent give null; negatives are integers too', () => {
    expect(ok(parseSpec(group(`hptuning:\n  seed: 0\n${MATRIX}`))).spec.hptuning.seed).toBe(0);
    expect(ok(parseSpec(group(`hptuning:\n  seed: -3\n${MATRIX}`))).spec.hptuning.seed).toBe(-3);
    expect(ok(parseSpec(group(`hptuning:\n  seed: null\n${MATRIX}`))).spec.hptuning.seed).toBeNull();
    expect(ok(parseSpec(group(`hptuning:\n${MATRIX}`))).spec.hptuning.seed).toBeNull();
  });
});

describe('concurrency', () => {
  it('integer ≥ 1, default 1 (null counts as absent)', () => {
    expect(ok(parseSpec(group(`hptuning:\n${MATRIX}`))).spec.hptuning.concurrency).toBe(1);
    expect(ok(parseSpec(group(`hptuning:\n  concurrency: null\n${MATRIX}`))).spec.hptuning.concurrency).toBe(1);
    expect(ok(parseSpec(group(`hptuning:\n  concurrency: 7\n${MATRIX}`))).spec.hptuning.concurrency).toBe(7);
    const issue = issueWith(parseSpec(group(`hptuning:\n  concurrency: 0\n${MATRIX}`)), 'must be an integer ≥ 1, received 0');
    expect(issue).toMatchObject({ path: 'hptuning.concurrency', line: 4, col: 16 });
  });
});

describe('eta and the hyperband fields (docs/hptuning.md, "Hyperband fields")', () => {
  const hb = (fields: string) => parseSpec(group(`hptuning:\n  hyperband: {max_iter: 27, ${fields}}\n  matrix: {lr: {uniform: [0, 1]}}\n`));
  it('eta must be > 1: 1 and 0 are rejected', () => {
    for (const eta of ['1', '0']) {
      issueWith(hb(`eta: ${eta}, resource: {name: e}, metric: {name: m}`), `must be a number > 1, received ${eta}`);
    }
  });
  it('UPPER and Capitalized enum spellings; resume; defaults float / maximize / false', () => {
    const { spec } = ok(hb('eta: 3, resource: {name: e, type: INT}, metric: {name: m, optimization: Minimize}, resume: true'));
    expect(spec.hptuning.algorithm).toEqual({
      kind: 'hyperband',
      maxIter: 27,
      eta: 3,
      resource: { name: 'e', type: 'int' },
      metric: { name: 'm', optimization: 'minimize' },
      resume: true,
    });
    issueWith(hb('eta: 3, resource: {name: e, type: iNt}, metric: {name: m}'), "received 'iNt'");
    expect(ok(hb('eta: 3, resource: {name: e}, metric: {name: m}')).spec.hptuning.algorithm).toMatchObject({
      resource: { type: 'float' },
      metric: { optimization: 'maximize' },
      resume: false,
    });
  });
  it('resource and metric are required; no num_iter field', () => {
    expect(issueWith(hb('eta: 3, metric: {name: m}'), 'is required').path).toBe('hptuning.hyperband.resource');
    expect(issueWith(hb('eta: 3, resource: {name: e}, metric: {name: m}, num_iter: 3'), "unknown key 'num_iter'").path).toBe('hptuning.hyperband.num_iter');
  });
  it('a params constant named like the resource is an error (it would replace every rung\'s resource: docs/differences.md, "The resource may not be a matrix key or a params constant")', () => {
    const issue = issueWith(parseSpec(group('params: {lr: 3}\nhptuning:\n  hyperband: {max_iter: 9, eta: 3, resource: {name: lr}, metric: {name: m}}\n  matrix: {x: {uniform: [0, 1]}}\n')), 'must not be set');
    expect(issue.path).toBe('params.lr');
  });

  it('a range-like option that would generate more than a million values is refused, not materialized', () => {
    const issue = issueWith(parseSpec(group('hptuning:\n  matrix:\n    x: {linspace: "0:1:1000000000"}\n')), 'generates 1000000000 values');
    expect(issue.path).toBe('hptuning.matrix.x.linspace');
  });

  it('a matrix key named like the resource is an error (Polyaxon let the matrix win: docs/differences.md, "The resource may not be a matrix key or a params constant")', () => {
    const issue = issueWith(parseSpec(group('hptuning:\n  hyperband: {max_iter: 9, eta: 3, resource: {name: lr}, metric: {name: m}}\n' + MATRIX)), 'must not be a matrix key');
    expect(issue.path).toBe('hptuning.matrix.lr');
    expect(issue.message).toMatch(/hyperband resource/);
  });
});

describe('BO defaults (docs/hptuning.md, "BO fields")', () => {
  const bo = (extra: string) =>
    parseSpec(group(`hptuning:\n  bo:\n    n_initial_trials: 3\n    n_iterations: 4\n    metric: {name: loss, optimization: minimize}\n${extra}  matrix: {x: {uniform: [0, 1]}}\n`));

  it('omitted utility_function → ucb, kappa 2.576, matern 1.0 / 2.5 / 0, n_warmup 1000, n_iter 10', () => {
    const { spec, warnings } = ok(bo(''));
    expect(warnings).toEqual([]);
    expect(spec.hptuning.algorithm).toEqual({
      kind: 'bo',
      nInitialTrials: 3,
      nIterations: 4,
      metric: { name: 'loss', optimization: 'minimize' },
      utilityFunction: {
        acquisitionFunction: 'ucb',
        kappa: 2.576,
        eps: 0,
        gaussianProcess: { kernel: 'matern', lengthScale: 1, nu: 2.5, nRestartsOptimizer: 0 },
        nWarmup: 1000,
        nIter: 10,
      },
    });
  });

  it('explicit ucb without kappa (Polyaxon rejects, docs/hptuning.md, "Error rules") gets 2.576 with a warning', () => {
    const { spec, warnings } = ok(bo('    utility_function: {acquisition_function: ucb}\n'));
    expect(spec.hptuning.algorithm).toMatchObject({ utilityFunction: { acquisitionFunction: 'ucb', kappa: 2.576 } });
    expect(warnings[0]!.message).toContain('the acquisition function `ucb` requires a parameter `kappa`');
  });

  it('explicit poi / ei without eps (Polyaxon rejects, docs/hptuning.md, "Error rules") get 0 with a warning', () => {
    for (const acq of ['poi', 'EI']) {
      const { spec, warnings } = ok(bo(`    utility_function: {acquisition_function: ${acq}}\n`));
      expect(spec.hptuning.algorithm).toMatchObject({ utilityFunction: { acquisitionFunction: acq.toLowerCase(), eps: 0 } });
      expect(warnings[0]!.message).toContain(`the acquisition function \`${acq.toLowerCase()}\` requires a parameter \`eps\``);
    }
  });

  it('n_initial_trials ≥ 1, n_iterations ≥ 0, kernel one of matern/rbf', () => {
    issueWith(parseSpec(group('hptuning:\n  bo: {n_initial_trials: 0, n_iterations: 0, metric: {name: l}}\n  matrix: {x: {uniform: [0, 1]}}\n')), 'must be an integer ≥ 1, received 0');
    ok(parseSpec(group('hptuning:\n  bo: {n_initial_trials: 1, n_iterations: 0, metric: {name: l}}\n  matrix: {x: {uniform: [0, 1]}}\n')));
    issueWith(bo('    utility_function: {gaussian_process: {kernel: linear}}\n'), "must be one of matern, rbf (UPPER or Capitalized spellings also accepted), received 'linear'");
  });
});

describe('params vs matrix', () => {
  it('accepted; the params value wins; a warning names both paths', () => {
    const { spec, warnings } = ok(parseSpec(group(`params: {lr: 0.5, batch: 32}\nhptuning:\n${MATRIX}`)));
    expect(spec.params).toEqual({ lr: 0.5, batch: 32 });
    expect(warnings).toEqual([{ path: 'params.lr', message: 'params.lr overrides hptuning.matrix.lr (the params value wins)', line: 3, col: 10 }]);
  });
});

describe('logspace', () => {
  it('bounds strictly between 0 and 1 → did you mean geomspace?', () => {
    const { warnings } = ok(parseSpec(group('hptuning:\n  matrix: {lr: {logspace: 0.01:0.1:5}}\n')));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ path: 'hptuning.matrix.lr.logspace', line: 4 });
    expect(warnings[0]!.message).toContain('did you mean geomspace?');
    expect(ok(parseSpec(group('hptuning:\n  matrix: {lr: {logspace: -4:-1:4}}\n'))).warnings).toEqual([]);
    expect(ok(parseSpec(group('hptuning:\n  matrix: {lr: {logspace: 0:0.5:4}}\n'))).warnings).toEqual([]);
  });
});

describe('top-level sections', () => {
  it('declarations is params (0.4 name); both at once is an error', () => {
    expect(ok(parseSpec(group(`declarations: {batch: 64}\nhptuning:\n${MATRIX}`))).spec.params).toEqual({ batch: 64 });
    const issue = issueWith(parseSpec(group(`params: {a: 1}\ndeclarations: {b: 2}\nhptuning:\n${MATRIX}`)), 'give only one');
    expect(issue).toMatchObject({ path: 'declarations', line: 4, col: 1 });
  });

  it('kind must be group; version and hptuning are required; an unknown top-level key is an error', () => {
    const kind = issueWith(parseSpec('version: 1\nkind: experiment\nhptuning: {matrix: {lr: {values: [1]}}}\n'), 'hptune runs experiment groups');
    expect(kind).toMatchObject({ path: 'kind', line: 2, col: 7 });
    expect(kind.message).toContain("received 'experiment'");
    expect(issueWith(parseSpec('version: 1\nkind: group\n'), 'is required').path).toBe('hptuning');
    const unknown = issueWith(parseSpec(group(`hptunning: {}\nhptuning:\n${MATRIX}`)), "unknown key 'hptunning'");
    expect(unknown).toMatchObject({ path: 'hptunning', line: 3, col: 1 });
  });

  it('ignored sections are kept as names, whatever they hold', () => {
    const { spec } = ok(parseSpec(group(`backend: native\nframework: pytorch\nhptuning:\n${MATRIX}`)));
    expect(spec.ignoredSections).toEqual(['framework', 'backend']);
  });

  it('tags must be strings', () => {
    expect(issueWith(parseSpec(group(`tags: [a, 3]\nhptuning:\n${MATRIX}`)), 'must be a string, received 3').path).toBe('tags.1');
  });
});

describe('early stopping', () => {
  const es = (items: string) => parseSpec(group(`hptuning:\n${MATRIX}  early_stopping:\n${items}`));
  it('policies: median / average / truncation, evaluation_interval default 1', () => {
    const { spec } = ok(
      es('    - {metric: loss, optimization: MINIMIZE, policy: {kind: median}}\n    - {metric: acc, value: 0.9, policy: {kind: average, evaluation_interval: 3}}\n'),
    );
    expect(spec.hptuning.earlyStopping).toEqual([
      { metric: 'loss', optimization: 'minimize', policy: { kind: 'median', evaluationInterval: 1 } },
      { metric: 'acc', value: 0.9, optimization: 'maximize', policy: { kind: 'average', evaluationInterval: 3 } },
    ]);
  });
  it('an item with neither value nor policy is an error', () => {
    const issue = issueWith(es('    - {metric: loss}\n'), 'needs a value');
    expect(issue).toMatchObject({ path: 'hptuning.early_stopping.0', line: 6, col: 7 });
  });
  it('truncation percent 0 < p < 100; evaluation_interval ≥ 1; unknown kinds and keys', () => {
    issueWith(es('    - {metric: l, policy: {kind: truncation, percent: 100}}\n'), 'must be a number with 0 < percent < 100, received 100');
    issueWith(es('    - {metric: l, policy: {kind: truncation}}\n'), 'is required: must be a number with 0 < percent < 100');
    issueWith(es('    - {metric: l, policy: {kind: median, evaluation_interval: 0}}\n'), 'must be an integer ≥ 1, received 0');
    expect(issueWith(es('    - {metric: l, policy: {kind: bandit}}\n'), "must be one of median, average, truncation, received 'bandit'").path).toBe(
      'hptuning.early_stopping.0.policy.kind',
    );
    issueWith(es('    - {metric: l, policy: {kind: median, percent: 5}}\n'), "unknown key 'percent'");
    issueWith(es('    - {metric: l, policy: all}\n'), "policy must be a mapping {kind: median | average | truncation, ...}, received 'all'");
  });
});

describe('hptune extension: asha', () => {
  const asha = (fields: string) => parseSpec(group(`hptuning:\n  asha: {${fields}}\n  matrix: {lr: {uniform: [0, 1]}}\n`));
  it('defaults min_resource 1, eta 3, resume false; n_experiments required', () => {
    const { spec } = ok(asha('max_iter: 27, n_experiments: 50, resource: {name: epochs, type: int}, metric: {name: loss, optimization: minimize}'));
    expect(spec.hptuning.algorithm).toEqual({
      kind: 'asha',
      maxIter: 27,
      minResource: 1,
      eta: 3,
      nExperiments: 50,
      resource: { name: 'epochs', type: 'int' },
      metric: { name: 'loss', optimization: 'minimize' },
      resume: false,
    });
    expect(issueWith(asha('max_iter: 27, resource: {name: e}, metric: {name: l}'), 'is required').path).toBe('hptuning.asha.n_experiments');
  });
  it('eta > 1, min_resource ≤ max_iter, integers with an int resource; asha allows every option (docs/hptuning.md, "Which matrix options each algorithm takes" like hyperband)', () => {
    issueWith(asha('max_iter: 27, eta: 1, n_experiments: 5, resource: {name: e}, metric: {name: l}'), 'must be a number > 1, received 1');
    issueWith(asha('max_iter: 3, min_resource: 9, n_experiments: 5, resource: {name: e}, metric: {name: l}'), 'min_resource must be ≤ max_iter');
    issueWith(asha('max_iter: 3, min_resource: 0.5, n_experiments: 5, resource: {name: e, type: int}, metric: {name: l}'), 'must be an integer when resource.type is int');
    ok(asha('max_iter: 1, min_resource: 0.1, n_experiments: 5, resource: {name: frac}, metric: {name: l}'));
  });
});

describe('the run section (docs/hptuning.md, "run: what a trial runs")', () => {
  const run = (r: string, matrix = MATRIX, extra = '') => parseSpec(group(`${extra}hptuning:\n${matrix}run: ${r}\n`));
  it('a missing run is allowed', () => {
    expect(ok(parseSpec(group(`hptuning:\n${MATRIX}`))).spec.run).toBeUndefined();
  });
  it('model + dataset, backend default cpu, samples', () => {
    expect(ok(run('{model: mlp, dataset: iris}')).spec.run).toEqual({ kind: 'model', model: 'mlp', dataset: 'iris', backend: 'cpu' });
    expect(ok(run('{model: cnn, dataset: mnist, backend: webgl, samples: 2000}')).spec.run).toEqual({
      kind: 'model',
      model: 'cnn',
      dataset: 'mnist',
      backend: 'webgl',
      samples: 2000,
    });
    expect(issueWith(run('{model: mlp}'), 'is required with run.model').path).toBe('run.dataset');
    issueWith(run('{model: mlp, dataset: cifar}'), "must be one of mnist, iris, circle, xor, gaussians, spiral, plane, received 'cifar'");
    issueWith(run('{model: mlp, dataset: iris, samples: 0}'), 'must be an integer ≥ 1, received 0');
    issueWith(run('{model: rnn, dataset: iris}'), "must be one of mlp, cnn, received 'rnn'");
  });
  it('code, cmd; exactly one kind', () => {
    expect(ok(run('{code: "async (params, report) => 0"}')).spec.run).toEqual({ kind: 'code', code: 'async (params, report) => 0' });
    expect(issueWith(run('{code: x, cmd: y}'), 'run needs exactly one of objective, model, code, cmd, received code and cmd').path).toBe('run');
    issueWith(run('{}'), 'received none');
    expect(issueWith(run('{cmd: y, dataset: iris}'), 'applies only to run.model').path).toBe('run.dataset');
    issueWith(run('{cmd: y, gpu: 1}'), "unknown key 'gpu'");
  });
  it('objective: a known name; warnings for matrix keys it ignores and inputs nobody gives', () => {
    expect(issueWith(run('{objective: braninn}'), "received 'braninn'").message).toContain('branin, hartmann3');
    const good = ok(run('{objective: branin}', '  matrix: {x1: {uniform: [-5, 10]}, x2: {uniform: [0, 15]}}\n  random_search: {n_experiments: 5}\n'));
    expect(good.spec.run).toEqual({ kind: 'objective', objective: 'branin' });
    expect(good.warnings).toEqual([]);
    const fromParams = ok(run('{objective: branin}', '  matrix: {x1: {values: [1]}}\n', 'params: {x2: 3}\n'));
    expect(fromParams.warnings).toEqual([]);
    const { warnings } = ok(run('{objective: branin}', '  matrix: {x1: {values: [1]}, y: {values: [2]}}\n'));
    expect(warnings.map((w) => [w.path, w.message])).toEqual([
      ['hptuning.matrix.y', "the objective branin does not read 'y' (it reads x1, x2)"],
      ['run.objective', "the objective branin reads 'x2', which is neither in hptuning.matrix nor in params"],
    ]);
  });
  it('objective: the resource of lc4 counts as read; a metric the objective never reports is a warning', () => {
    const { warnings } = ok(
      run(
        '{objective: lc4}',
        '  hyperband: {max_iter: 81, eta: 3, resource: {name: epochs, type: int}, metric: {name: val_loss, optimization: minimize}}\n  matrix: {x1: {uniform: [0, 1]}, x2: {uniform: [0, 1]}, x3: {uniform: [0, 1]}, x4: {uniform: [0, 1]}}\n',
      ),
    );
    expect(warnings.map((w) => [w.path, w.message])).toEqual([
      ['hptuning.hyperband.metric.name', "the objective lc4 reports only 'loss', received 'val_loss'"],
    ]);
  });
});

describe('timing (printed, not asserted)', () => {
  it('parse + validate a 50-key matrix', () => {
    const kinds = ['{values: [1, 2, 3]}', '{uniform: 0:1}', '{linspace: 0:1:5}', '{pvalues: [[a, 0.5], [b, 0.5]]}', '{qnormal: [0, 1, 0.1]}'];
    const matrix = Array.from({ length: 50 }, (_, i) => `    p${i}: ${kinds[i % kinds.length]}`).join('\n');
    const text = group(`hptuning:\n  seed: 1\n  random_search: {n_experiments: 10}\n  matrix:\n${matrix}\nrun: {cmd: echo}\n`);
    for (let i = 0; i < 20; i++) parseSpec(text); // warm-up (JIT)
    const runs = 100;
    const started = performance.now();
    for (let i = 0; i < runs; i++) ok(parseSpec(text));
    const perParse = (performance.now() - started) / runs;
    console.log(`parseSpec, 50-key matrix (${text.length} chars): ${perParse.toFixed(3)} ms per parse (mean of ${runs})`);
    expect(ok(parseSpec(text)).spec.hptuning.matrix).toHaveLength(50);
  });
});
