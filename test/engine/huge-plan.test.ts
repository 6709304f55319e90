// A plan beyond 100,000 trials is legal but warned about, with the count, at the field
// that sets it; `hptune check` prints the warning and still exits 0.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HUGE_PLAN, parseSpec, planGroup, type ParseResult } from '../../src/engine/index.ts';
import { main } from '../../src/cli/main.ts';

const HYPERBAND = (maxIter: number) => `version: 1
kind: group
hptuning:
  hyperband:
    max_iter: ${maxIter}
    eta: 3
    resource: {name: epochs, type: int}
    metric: {name: loss, optimization: minimize}
  matrix:
    x1: {uniform: [0, 1]}
run: {objective: lc4}
`;

const RANDOM = (n: number) => `version: 1
kind: group
hptuning:
  random_search: {n_experiments: ${n}}
  matrix:
    x1: {uniform: [-5, 10]}
    x2: {uniform: [0, 15]}
run: {objective: branin}
`;

const GRID = `version: 1
kind: group
hptuning:
  matrix:
    x1: {range: 0:1000:1}
    x2: {linspace: 0:15:1000}
run: {objective: branin}
`;

function warningsOf(source: string): ParseResult['warnings'] {
  const r = parseSpec(source);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.warnings;
}

const trials = (source: string): number => {
  const r = parseSpec(source);
  if (!r.ok) throw new Error('invalid');
  return planGroup(r.spec).trials;
};

describe('plans beyond 100,000 trials', () => {
  it('max_iter: 1000000000 warns with the count at hptuning.hyperband.max_iter (line 5)', () => {
    const source = HYPERBAND(1_000_000_000);
    const n = trials(source);
    expect(n).toBeGreaterThan(HUGE_PLAN);
    const huge = warningsOf(source).filter((w) => /plans/.test(w.message));
    expect(huge).toEqual([
      expect.objectContaining({ path: 'hptuning.hyperband.max_iter', line: 5, message: expect.stringContaining(`max_iter: 1000000000 plans ${n.toLocaleString('en-US')} trials, more than 100,000`) }),
    ]);
  });

  it('random search with n_experiments 10^9 and a 1000 × 1000 grid warn too; 100,000 trials exactly does not', () => {
    expect(warningsOf(RANDOM(1_000_000_000)).map((w) => [w.path, w.message.split(',')[0]])).toContainEqual([
      'hptuning.random_search.n_experiments',
      'n_experiments: 1000000000 plans 1',
    ]);
    expect(warningsOf(GRID).find((w) => /plans/.test(w.message))).toMatchObject({ path: 'hptuning.matrix', message: expect.stringMatching(/^the grid plans 1,000,000 trials/) });
    expect(warningsOf(RANDOM(HUGE_PLAN)).some((w) => /plans/.test(w.message))).toBe(false);
    expect(warningsOf(HYPERBAND(81)).some((w) => /plans/.test(w.message))).toBe(false);
  });

  it('no shipped example is warned about', () => {
    const dir = join(import.meta.dirname, '../../public/examples');
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      expect(warningsOf(readFileSync(join(dir, name), 'utf8')).filter((w) => /plans/.test(w.message)), name).toEqual([]);
    }
  });

  it('hptune check prints the warning with file, line and column and exits 0', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hptune-huge-')), 'huge.yaml');
    writeFileSync(file, HYPERBAND(1_000_000_000));
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['check', file], { out: (t) => void out.push(t), err: (t) => void err.push(t), progress: () => {}, isTTY: false });
    expect(code).toBe(0);
    expect([...out, ...err].join('\n')).toMatch(new RegExp(`${file}:5:\\d+ hptuning\\.hyperband\\.max_iter: warning: max_iter: 1000000000 plans [\\d,]+ trials`));
  });
});
