import { describe, expect, it } from 'vitest';
import { parseSpec, parseSpecObject } from '../../src/engine/spec/parse.ts';
import { group, issueWith, issues, ok, option, optionResult } from './spec-helpers.ts';

/** A matrix of one entry under a given algorithm fragment. */
const withMatrix = (algorithm: string, entry: string) => group(`hptuning:\n${algorithm}  matrix:\n    lr: ${entry}\n`);
const RANDOM = '  random_search: {n_experiments: 5}\n';
const BO = '  bo: {n_initial_trials: 2, n_iterations: 2, metric: {name: loss}}\n';

describe('specs that Polyaxon rejects', () => {
  it('uniform with no algorithm → grid cannot take a distribution (docs/hptuning.md, "Which matrix options each algorithm takes"), with line/col of the entry', () => {
    const issue = issueWith(parseSpec(withMatrix('', '{uniform: [0, 1]}')), '`lr` defines a distribution, and it cannot be used with grid search.');
    expect(issue).toMatchObject({ path: 'hptuning.matrix.lr', line: 5, col: 9 });
  });

  it('grid_search + random_search → only one algorithm (docs/hptuning.md, "Choosing the algorithm")', () => {
    const issue = issueWith(
      parseSpec(group('hptuning:\n  grid_search: {n_experiments: 2}\n  random_search: {n_experiments: 10}\n  matrix: {lr: {values: [1, 2]}}\n')),
      'Only one search algorithm can be used.',
    );
    expect(issue).toMatchObject({ path: 'hptuning', line: 5, col: 3 });
    expect(issue.message).toContain('grid_search and random_search');
  });

  it('an algorithm and no matrix → Search algorithms need a matrix definition.', () => {
    const issue = issueWith(parseSpec(group('hptuning:\n  random_search: {n_experiments: 10}\n')), 'Search algorithms need a matrix definition.');
    expect(issue).toMatchObject({ path: 'hptuning.matrix', line: 3, col: 1 });
  });

  it('no algorithm and no matrix → A matrix definition is required for group specification.', () => {
    const issue = issueWith(parseSpec(group('hptuning: {concurrency: 2}\n')), 'A matrix definition is required for group specification.');
    expect(issue.path).toBe('hptuning.matrix');
    issueWith(parseSpec(group('hptuning: {matrix: {}}\n')), 'A matrix definition is required for group specification.');
  });

  it.each([
    ['{values: [1,2], linspace: 1:2:3}', 'received values and linspace'],
    ['{}', 'received no option'],
    ['{values: []}', 'values is empty'],
  ])('lr: %s → one and only one option', (entry, why) => {
    const issue = issueWith(parseSpec(withMatrix(RANDOM, entry)), 'Matrix element is not valid, one and only one option is required.');
    expect(issue).toMatchObject({ path: 'hptuning.matrix.lr', line: 6 });
    expect(issue.message).toContain(why);
  });

  it.each([['{pvalues: [[0.1, 0.1], [0.2, 0.9]]}', 'pvalues'], ['{normal: [0.1, 0.2]}', 'normal']])('bo + lr: %s → non uniform distribution', (entry, kind) => {
    const issue = issueWith(
      parseSpec(withMatrix(BO, entry)),
      '`lr` defines a non uniform distribution, and it cannot be used with bayesian optimization.',
    );
    expect(issue.path).toBe('hptuning.matrix.lr');
    expect(issue.message).toContain(`Received ${kind}`);
  });

  it('bo accepts uniform and the discrete options (docs/hptuning.md, "Which matrix options each algorithm takes")', () => {
    ok(parseSpec(withMatrix(BO, '{uniform: [0, 1]}')));
    ok(parseSpec(withMatrix(BO, '{logspace: 1:3:3}')));
  });

  it.each([
    ['0', 'received 0'],
    ['-5', 'received -5'],
    ['0.5', 'received 0.5'],
  ])('grid_search: {n_experiments: %s} → range validation (min 1)', (n, received) => {
    const issue = issueWith(
      parseSpec(group(`hptuning:\n  grid_search: {n_experiments: ${n}}\n  matrix: {lr: {values: [1]}}\n`)),
      'must be an integer ≥ 1',
    );
    expect(issue).toMatchObject({ path: 'hptuning.grid_search.n_experiments', line: 4, col: 32 });
    expect(issue.message).toContain(received);
  });

  const hyperband = (fields: string) =>
    parseSpec(group(`hptuning:\n  hyperband: {${fields}, resource: {name: epochs}, metric: {name: loss}}\n  matrix: {lr: {uniform: [0, 1]}}\n`));

  it('hyperband max_iter: 0 → min 1', () => {
    expect(issueWith(hyperband('max_iter: 0, eta: 3'), 'must be an integer ≥ 1, received 0').path).toBe('hptuning.hyperband.max_iter');
  });

  it('hyperband eta: -0.5 → rejected (eta > 1)', () => {
    expect(issueWith(hyperband('max_iter: 9, eta: -0.5'), 'must be a number > 1, received -0.5').path).toBe('hptuning.hyperband.eta');
  });

  it('range: 10:1:-1 → order check', () => {
    const issue = issueWith(optionResult('range: 10:1:-1'), 'stop value must be strictly higher that start value, received instead start: 10, stop: 1');
    expect(issue).toMatchObject({ path: 'hptuning.matrix.p.range', line: 6, col: 16 });
  });

  it('linspace: 1:2:0 → num cannot be 0', () => {
    expect(issueWith(optionResult('linspace: 1:2:0'), 'num cannot be 0').path).toBe('hptuning.matrix.p.linspace');
  });

  it('range: 1:10 → element count', () => {
    expect(issueWith(optionResult('range: 1:10'), 'Range requires 3 or 3 elements received 2').path).toBe('hptuning.matrix.p.range');
  });

  it('range: a:b:c → number parsing', () => {
    expect(issueWith(optionResult('range: a:b:c'), 'Range: start must of type int or float, received instead a').path).toBe('hptuning.matrix.p.range');
  });

  it('pvalues: [[a, 1]] → prob must be a float', () => {
    const issue = issueWith(optionResult('pvalues: [[a, 1]]'), 'This field expects a list of [value<Any>, dist<float>].');
    expect(issue).toMatchObject({ path: 'hptuning.matrix.p.pvalues', line: 6, col: 19 });
  });

  it('pvalues: [[a, 0.7], [b, 0.6]] → sum', () => {
    const issue = issueWith(optionResult('pvalues: [[a, 0.7], [b, 0.6]]'), 'The distribution of different outcomes should sum to 1.');
    expect(issue.message).toContain('1.29999');
  });

  it('early_stopping optimization: lower → OneOf', () => {
    const issue = issueWith(
      parseSpec(group('hptuning:\n  matrix: {lr: {values: [1]}}\n  early_stopping: [{metric: loss, value: 0.1, optimization: lower}]\n')),
      "must be one of maximize, minimize (UPPER or Capitalized spellings also accepted), received 'lower'",
    );
    expect(issue).toMatchObject({ path: 'hptuning.early_stopping.0.optimization', line: 5, col: 61 });
  });

  it('hyperband.resource.type: double → OneOf', () => {
    const issue = issueWith(
      parseSpec(
        group('hptuning:\n  hyperband: {max_iter: 9, eta: 3, resource: {name: e, type: double}, metric: {name: loss}}\n  matrix: {lr: {values: [1]}}\n'),
      ),
      "must be one of int, float (UPPER or Capitalized spellings also accepted), received 'double'",
    );
    expect(issue.path).toBe('hptuning.hyperband.resource.type');
  });

  it('hptuning: {foo: 1} → unknown field, placed on the key', () => {
    const issue = issueWith(parseSpec(group('hptuning:\n  matrix: {lr: {values: [1]}}\n  foo: 1\n')), "unknown key 'foo'");
    expect(issue).toMatchObject({ path: 'hptuning.foo', line: 5, col: 3 });
    expect(issue.message).toContain('concurrency, seed, matrix');
  });
});

describe('accepted (positive) vectors', () => {
  it('normal: 66:30, [66, 30] and {loc: 66, scale: 30}', () => {
    for (const form of ['normal: 66:30', 'normal: [66, 30]', 'normal: {loc: 66, scale: 30}']) {
      expect(option(form)).toEqual({ kind: 'normal', loc: 66, scale: 30 });
    }
  });

  it('hyperband eta: 2.9', () => {
    const { spec } = ok(
      parseSpec(group('hptuning:\n  hyperband: {max_iter: 9, eta: 2.9, resource: {name: e}, metric: {name: loss}}\n  matrix: {lr: {values: [1]}}\n')),
    );
    expect(spec.hptuning.algorithm).toMatchObject({ eta: 2.9, resource: { name: 'e', type: 'float' } });
  });

  it("logspace: '0:10:1:2'", () => {
    expect(option("logspace: '0:10:1:2'")).toEqual({ kind: 'logspace', start: 0, stop: 10, num: 1, base: 2 });
  });

  it('linspace num 0.1 passes Polyaxon but not hptune (num must be an integer ≥ 1)', () => {
    const issue = issueWith(optionResult('linspace: {start: 1.2, stop: 1.8, num: 0.1}'), 'num must be an integer ≥ 1, received 0.1');
    expect(issue).toMatchObject({ path: 'hptuning.matrix.p.linspace', line: 6, col: 48 });
  });

  it('random_search: {} validates, without n_experiments, with a warning (docs/hptuning.md, "Choosing the algorithm")', () => {
    const { spec, warnings } = ok(parseSpec(group('hptuning:\n  random_search: {}\n  matrix: {lr: {uniform: [0, 1]}}\n')));
    expect(spec.hptuning.algorithm).toEqual({ kind: 'random' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ path: 'hptuning.random_search', line: 4, col: 3 });
    expect(warnings[0]!.message).toContain('requires n_experiments');
  });

  it('early stopping with a truncation policy', () => {
    const { spec } = ok(
      parseSpec(
        group(
          'hptuning:\n  matrix: {lr: {values: [1]}}\n  early_stopping:\n    - {metric: loss, optimization: minimize, policy: {kind: truncation, percent: 50, evaluation_interval: 1}}\n',
        ),
      ),
    );
    expect(spec.hptuning.earlyStopping).toEqual([
      { metric: 'loss', optimization: 'minimize', policy: { kind: 'truncation', percent: 50, evaluationInterval: 1 } },
    ]);
  });
});

describe('matrix option checks', () => {
  it.each([
    ['range: 1:10:-1', 'step must be positive'],
    ['linspace: 1:2:-3', 'num must be an integer ≥ 1, received -3'],
    ['geomspace: -1:10:3', 'start*stop > 0'],
    ['logspace: 1:2:3:-2', 'base must be > 0, received -2'],
    ['quniform: 0:1:-0.1', 'q must be > 0, received -0.1'],
    ['qnormal: 0:1:0', 'q cannot be 0'],
    ['normal: 0:-1', 'scale (a standard deviation) must be ≥ 0, received -1'],
    ['uniform: 1:0', 'high value must be strictly higher than low value, received low: 1, high: 0'],
    ['loguniform: [2, 2]', 'high value must be strictly higher than low value'],
    ['uniform: [0, 1, 0.5]', 'size must be an integer ≥ 1, received 0.5'],
    ['linspace: 0:1:inf', 'LinSpace: num must of type int or float, received instead inf'],
    ['linspace: 0:1:nan', 'LinSpace: num must of type int or float, received instead nan'],
    ['linspace: [0, 1, .nan]', 'LinSpace: num must be a finite number, received NaN'],
    ['uniform: [0, .inf]', 'Uniform: high must be a finite number, received Infinity'],
    ['uniform: [0, true]', 'Uniform: high must of type int or float, received instead true'],
    ['uniform: {low: 0}', "Uniform dict must have 2 keys ['low', 'high']. Missing high"],
    ['uniform: {low: 0, high: 1, hgh: 2}', "unknown key 'hgh' for uniform"],
    ['uniform: 7', "Uniform expects a string 'low:high', a list or a mapping with keys low, high, size, received 7"],
    ['qloguniform: [0, 1]', 'QLogUniform requires 3 or 4 elements received 2'],
    ['values: 5', 'values must be a non-empty list, received 5'],
    ['values: [1, .nan]', 'values must hold finite numbers (JSON values), received NaN at index 1'],
    ['pvalues: [[a, 0.1], [b, 0.3], [c, 6]]', 'Item 2: the probability must be a float with 0 ≤ p < 1, received 6'],
    ['pvalues: [[a, 0.1], [b, 0.3], [c, -0.6]]', 'received -0.6'],
    ['pvalues: [ok, nook]', "Item 0: received 'ok'"],
    ['pvalues: [[a, 0.1], [b, 0.3], [c, 0.8]]', 'should sum to 1'],
    ['pvalues: [[a, 1.0]]', 'received 1'],
    ['pvalues: [[a, 0]]', 'received 0'],
    ['pvalues: [[a, 0.5, 3]]', 'Item 0: received ["a",0.5,3]'],
    ['lineaspace: 1:2:3', "unknown matrix option 'lineaspace'"],
  ])('%s → %s', (yamlOption, message) => {
    issueWith(optionResult(yamlOption), message);
  });

  it('pvalues vectors of docs/hptuning.md, "pvalues" that Polyaxon accepts, incl. a float literal 0.0', () => {
    expect(option('pvalues: [[1, 0.1], [2, 0.1], [3, 0.8]]')).toEqual({ kind: 'pvalues', values: [[1, 0.1], [2, 0.1], [3, 0.8]] });
    expect(option('pvalues: [[1, 0.3], [2, 0.3], [3, 0.3]]')).toMatchObject({ kind: 'pvalues' });
    expect(option('pvalues: [[elu, 0.1], [relu, 0.2], [sigmoid, 0.7]]')).toMatchObject({ kind: 'pvalues' });
    expect(option('pvalues: [[a, 0.0], [b, 0.5]]')).toEqual({ kind: 'pvalues', values: [['a', 0], ['b', 0.5]] });
  });

  it('values keep types and duplicates; booleans and nested lists are fine', () => {
    expect(option('values: [1, 1, "1", true, [1, 2], {a: 1}]')).toEqual({ kind: 'values', values: [1, 1, '1', true, [1, 2], { a: 1 }] });
  });

  it('a matrix entry that is not a mapping', () => {
    const issue = issueWith(parseSpec(withMatrix(RANDOM, '[1, 2]')), 'one and only one option is required');
    expect(issue.message).toContain('received [1,2]');
  });

  it('every issue of one entry is reported together with issues elsewhere', () => {
    const all = issues(parseSpec(group('hptuning:\n  concurrency: 0\n  matrix:\n    a: {range: x:y:1}\n    b: {uniform: 1:0}\n')));
    expect(all.map((i) => i.path)).toEqual(['hptuning.concurrency', 'hptuning.matrix.a.range', 'hptuning.matrix.a.range', 'hptuning.matrix.b.uniform']);
  });
});

describe('bad inputs (never throws)', () => {
  it('empty text and comment-only text', () => {
    expect(issues(parseSpec(''))[0]!.message).toContain('the file is empty');
    expect(issues(parseSpec('  \n\n'))[0]!.message).toContain('the file is empty');
    expect(issues(parseSpec('# nothing\n'))[0]!.message).toContain('the file is empty');
  });

  it('binary: NUL bytes and undecodable bytes', () => {
    expect(issues(parseSpec('version: 1\u0000\u0001'))[0]!.message).toContain('binary');
    expect(issues(parseSpec('version: \uFFFD1'))[0]!.message).toContain('not valid UTF-8');
  });

  it('more than 1 MB, counted in UTF-8 bytes', () => {
    const big = `# ${'x'.repeat(1_048_576)}\n`;
    const message = issues(parseSpec(big))[0]!.message;
    expect(message).toContain('1048579 bytes');
    expect(message).toContain('limit is 1048576 bytes');
    // 400k three-byte characters: 1.2 MB although the string has fewer than 1M units.
    expect(issues(parseSpec(`# ${'€'.repeat(400_000)}`))[0]!.message).toContain('1200002 bytes');
  });

  it('ordinary anchors and aliases resolve; positions stay on the anchored node', () => {
    const text = group(
      'hptuning:\n  hyperband: {max_iter: 9, eta: 3, resource: {name: e}, metric: &m {name: loss, optimization: minimize}}\n  matrix: {lr: {uniform: [0, 1]}}\n  early_stopping: [{metric: loss, value: 0.1, optimization: minimize}]\n',
    );
    expect(ok(parseSpec(text)).spec.hptuning.algorithm).toMatchObject({ metric: { name: 'loss', optimization: 'minimize' } });
    const reused = group('hptuning:\n  matrix:\n    a: &v {values: [1, 2]}\n    b: *v\n');
    expect(ok(parseSpec(reused)).spec.hptuning.matrix.map((e) => e.option)).toEqual([
      { kind: 'values', values: [1, 2] },
      { kind: 'values', values: [1, 2] },
    ]);
    expect(issueWith(parseSpec(group('hptuning:\n  matrix: {a: *nowhere}\n')), 'nowhere')).toBeDefined();
  });

  it('parseSpecObject cannot see float literals: an integral probability is refused there', () => {
    const value = { version: 1, kind: 'group', hptuning: { random_search: { n_experiments: 2 }, matrix: { a: { pvalues: [['x', 0], ['y', 0.5]] } } } };
    issueWith(parseSpecObject(value), 'the probability must be a float');
  });

  it('an alias bomb fails fast', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    const started = performance.now();
    const message = issues(parseSpec(lines.join('\n')))[0]!.message;
    expect(performance.now() - started).toBeLessThan(1000);
    expect(message).toMatch(/aliases|expands to more than/);
  });

  it('nesting deeper than 64 levels, in flow and block style', () => {
    expect(issues(parseSpec(`${'['.repeat(100)}${']'.repeat(100)}`))[0]!.message).toContain('deeper than 64 levels');
    const block = Array.from({ length: 80 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n');
    expect(issues(parseSpec(block))[0]!.message).toContain('deeper than 64 levels');
    const huge = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(issues(parseSpec(huge)).length).toBeGreaterThan(0);
  });

  it('duplicate keys, with line/col', () => {
    const issue = issueWith(parseSpec(group('hptuning:\n  matrix: {lr: {values: [1]}}\n  matrix: {lr: {values: [2]}}\n')), 'Map keys must be unique');
    expect(issue).toMatchObject({ line: 5, col: 3 });
  });

  it('YAML syntax errors carry a position', () => {
    const issue = issues(parseSpec('version: 1\nkind: [group\n'))[0]!;
    expect(issue.message).toContain('YAML syntax');
    expect(issue.line).toBeGreaterThan(0);
  });

  it('not a mapping at the top', () => {
    expect(issues(parseSpec('- a\n- b\n'))[0]!.message).toContain('received a list');
    expect(issues(parseSpec('hello'))[0]!.message).toContain("received the string 'hello'");
    expect(issues(parseSpecObject(null))[0]!.message).toContain('received null');
    expect(issues(parseSpec(42 as unknown as string))[0]!.message).toContain('received a number');
  });

  it('strings where numbers belong, .nan/.inf, negative or fractional counts', () => {
    const cases: [string, string, string][] = [
      ['concurrency: "2"', 'hptuning.concurrency', "must be an integer ≥ 1, received '2'"],
      ['concurrency: -1', 'hptuning.concurrency', 'received -1'],
      ['concurrency: 1.5', 'hptuning.concurrency', 'received 1.5'],
      ['concurrency: true', 'hptuning.concurrency', 'received true'],
      ['seed: .inf', 'hptuning.seed', 'received Infinity'],
      ['seed: 1.5', 'hptuning.seed', 'must be an integer (0 included) or null, received 1.5'],
      ['random_search: {n_experiments: .nan}', 'hptuning.random_search.n_experiments', 'received NaN'],
      ['early_stopping: [{metric: loss, value: .inf}]', 'hptuning.early_stopping.0.value', 'must be a finite number, received Infinity'],
      ['early_stopping: [{metric: loss, value: "0.5"}]', 'hptuning.early_stopping.0.value', "received '0.5'"],
    ];
    for (const [field, path, message] of cases) {
      const issue = issueWith(parseSpec(group(`hptuning:\n  ${field}\n  matrix: {lr: {values: [1]}}\n`)), message);
      expect(issue.path).toBe(path);
      expect(issue.line).toBe(4);
    }
    expect(issueWith(parseSpec('version: .nan\nkind: group\nhptuning: {matrix: {lr: {values: [1]}}}\n'), 'received NaN').path).toBe('version');
    expect(issueWith(parseSpec(group('params: {lr: .inf}\nhptuning: {matrix: {lr: {values: [1]}}}\n')), 'finite numbers only').path).toBe('params.lr');
  });

  it('a missing required key points at its parent', () => {
    const issue = issueWith(
      parseSpec(group('hptuning:\n  hyperband:\n    eta: 3\n    resource: {name: e}\n    metric: {name: loss}\n  matrix: {lr: {values: [1]}}\n')),
      'is required: must be an integer ≥ 1',
    );
    expect(issue).toMatchObject({ path: 'hptuning.hyperband.max_iter', line: 4, col: 3 });
    expect(issueWith(parseSpec('kind: group\nhptuning: {matrix: {lr: {values: [1]}}}\n'), 'is required').path).toBe('version');
  });

  it('a seeded fuzz of truncated and mutated files never throws', async () => {
    const { rngFor } = await import('../../src/engine/rng.ts');
    const base = group(
      'hptuning:\n  bo: {n_initial_trials: 2, n_iterations: 2, metric: {name: loss}}\n  matrix:\n    lr: {uniform: 0:1}\n    d: {values: [1, 2]}\nrun: {objective: branin}\n',
    );
    const rng = rngFor(2026, 11);
    const alphabet = '{}[]:,-&*!|>\'"#\n .0123456789abcxyz\u0000';
    for (let n = 0; n < 150; n++) {
      const chars = [...base];
      for (let k = 0; k < 1 + rng.int(4); k++) chars[rng.int(chars.length)] = alphabet[rng.int(alphabet.length)]!;
      const text = chars.slice(0, rng.int(chars.length + 1)).join('');
      const result = parseSpec(text);
      expect(typeof result.ok).toBe('boolean');
      if (!result.ok) expect(result.issues.length).toBeGreaterThan(0);
    }
  });
});
