// The hptune command on valid and invalid files: exit codes, the
// `FILE:LINE:COL path: message` lines, the check table of README.md, "hptune check FILE", plan and run output.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type Io } from '../../src/cli/main.ts';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), progress: () => {}, isTTY: false };
}

const dir = mkdtempSync(join(tmpdir(), 'hptune-cli-'));
function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function hptune(...argv: string[]) {
  const io = capture();
  const code = await main(argv, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

const RANDOM = `version: 1
kind: group
hptuning:
  concurrency: 2
  seed: 3
  random_search: {n_experiments: 20}
  matrix:
    x1: {values: [0, 1]}
    x2: {range: 0:15:5}
run: {objective: branin}
`;

describe('hptune check', () => {
  it('prints the definition with the effective count (docs/differences.md, "Random search is capped at the reachable configurations") and exits 0', async () => {
    const r = await hptune('check', file('random.yaml', RANDOM));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Search algorithm\s+random/);
    expect(r.out).toMatch(/Concurrency\s+2 concurrent runs/);
    expect(r.out).toMatch(/Early stopping\s+deactivated/);
    expect(r.out).toMatch(/Experiments to create\s+6 \(20 requested/);
  });

  it('checks every bundled example', async () => {
    for (const name of ['grid', 'random']) {
      const r = await hptune('check', `public/examples/${name}.yaml`);
      expect(r.err, name).toBe('');
      expect(r.code, name).toBe(0);
    }
  });

  it('reports an invalid file as FILE:LINE:COL path: message and exits 1', async () => {
    const p = file('bad.yaml', RANDOM.replace('range: 0:15:5', 'linspace: 1:2:0'));
    const r = await hptune('check', p);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:9:\\d+ hptuning\\.matrix\\.x2\\.linspace: .*num cannot be 0`, 'm'));
  });

  it.each([
    ['empty.yaml', ''],
    ['binary.yaml', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2])],
    ['huge.yaml', 'a'.repeat(1024 * 1024 + 1)],
    ['strings.yaml', RANDOM.replace('concurrency: 2', 'concurrency: two')],
    ['nan.yaml', RANDOM.replace('concurrency: 2', 'concurrency: .nan')],
    ['dupe.yaml', RANDOM.replace('  seed: 3\n', '  seed: 3\n  seed: 4\n')],
    ['fraction.yaml', RANDOM.replace('n_experiments: 20', 'n_experiments: 2.5')],
    ['negative.yaml', RANDOM.replace('n_experiments: 20', 'n_experiments: -5')],
    ['bomb.yaml', 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n'],
    ['deep.yaml', '['.repeat(500) + ']'.repeat(500)],
  ])('bad input %s: a clear message, exit 1, no stack trace', async (name, content) => {
    const r = await hptune('check', file(name, content));
    expect(r.code).toBe(1);
    expect(r.err.length).toBeGreaterThan(0);
    expect(r.err).not.toMatch(/\n\s+at .*:\d+:\d+/); // no stack frames
    expect(r.err).toContain(name);
  });

  it('a missing file is a message, not a crash', async () => {
    const r = await hptune('check', join(dir, 'nope.yaml'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no such file/);
  });

  it('bad usage exits 2 with the usage text', async () => {
    expect((await hptune('frobnicate')).code).toBe(2);
    expect((await hptune('check')).code).toBe(2);
    const r = await hptune('run', 'x.yaml', '--concurrency', '0');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--concurrency must be an integer ≥ 1, received "0"/);
  });
});

describe('hptune plan', () => {
  it('--json gives {algorithm, trials, ...}; grid lists the first points in docs/hptuning.md, "Grid search" order', async () => {
    const p = file('grid.yaml', `version: 1
kind: group
hptuning:
  grid_search: {n_experiments: 10}
  matrix:
    feature1: {values: [1, 2, 3]}
    feature2: {linspace: [1, 2, 5]}
    feature3: {range: [1, 5, 1]}
run: {objective: noop}
`);
    const r = await hptune('plan', p, '--json');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out);
    expect(plan).toMatchObject({ algorithm: 'grid', trials: 10, space: 60 });
    expect(plan.first.slice(0, 5)).toEqual([
      { feature1: 1, feature2: 1, feature3: 1 },
      { feature1: 1, feature2: 1, feature3: 2 },
      { feature1: 1, feature2: 1, feature3: 3 },
      { feature1: 1, feature2: 1, feature3: 4 },
      { feature1: 1, feature2: 1.25, feature3: 1 },
    ]);
  });
});

describe('hptune run', () => {
  it('runs the group and prints {group, trials, best} with --json; --out writes the same', async () => {
    const out = join(dir, 'result.json');
    const r = await hptune('run', file('run.yaml', RANDOM), '--json', '--out', out);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(result);
    expect(result.group).toMatchObject({ status: 'done', seed: 3 });
    expect(result.trials).toHaveLength(6);
    for (const t of result.trials) {
      expect(t.status).toBe('succeeded');
      expect(Object.keys(t.metrics.loss).sort()).toEqual(['count', 'last', 'max', 'min']);
    }
    const best = Math.min(...result.trials.map((t: { metrics: { loss: { last: number } } }) => t.metrics.loss.last));
    expect(result.best).toMatchObject({ metric: 'loss', value: best });
    expect(result.format).toBe('hptune-group');
    expect(result.reports).toHaveLength(6);
  });

  it('hptune show reads what run --out wrote: the same JSON back, or the table', async () => {
    const out = join(dir, 'result-show.json');
    const ran = await hptune('run', file('run-show.yaml', RANDOM), '--out', out);
    expect(ran.code).toBe(0);
    const json = await hptune('show', out, '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual(JSON.parse(readFileSync(out, 'utf8')));
    const table = await hptune('show', out);
    expect(table.out).toBe(ran.out);
  });

  it('hptune show refuses a tampered or foreign file with the reason', async () => {
    const out = join(dir, 'result-tamper.json');
    await hptune('run', file('run-tamper.yaml', RANDOM), '--out', out);
    const data = JSON.parse(readFileSync(out, 'utf8'));
    data.trials[1].number = 0;
    const tampered = await hptune('show', file('tampered.json', JSON.stringify(data)));
    expect(tampered.code).toBe(1);
    expect(tampered.err).toMatch(/trials/);
    const foreign = await hptune('show', file('foreign.json', JSON.stringify({ study: 'optuna', trials: [] })));
    expect(foreign.code).toBe(1);
    expect(foreign.err).toMatch(/format/);
  });

  it('a bad --out path is reported after the results are printed (nothing is thrown away)', async () => {
    const r = await hptune('run', file('run-out.yaml', RANDOM), '--out', join(dir, 'no-such-dir', 'x.json'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Best trial \d+: loss = /);
    expect(r.err).toMatch(/could not write .*x\.json/);
  });

  it('prints a table sorted by the metric and the best trial', async () => {
    const r = await hptune('run', file('run2.yaml', RANDOM), '--seed', '11');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Group .*: done/);
    expect(r.out).toMatch(/Best trial \d+: loss = /);
    const losses = [...r.out.matchAll(/^\d+\s+succeeded\s+(\S+)/gm)].map((m) => Number(m[1]));
    expect(losses).toHaveLength(6);
    expect([...losses].sort((a, b) => a - b)).toEqual(losses);
  });

  it('same seed, same trials, whatever the concurrency (docs/differences.md, "A seeded generator of our own, one stream per trial")', async () => {
    const spec = file('det.yaml', RANDOM.replace('x1: {values: [0, 1]}', 'x1: {uniform: [-5, 10]}'));
    const a = JSON.parse((await hptune('run', spec, '--json', '--concurrency', '1')).out);
    const b = JSON.parse((await hptune('run', spec, '--json', '--concurrency', '4')).out);
    const params = (r: { trials: { number: number; params: unknown }[] }) => r.trials.map((t) => [t.number, t.params]);
    expect(params(b)).toEqual(params(a));
    expect(a.trials).toHaveLength(20);
  });

  it('a trial whose objective fails is marked failed with the message; the group goes on', async () => {
    const spec = file('fail.yaml', RANDOM.replace('x2: {range: 0:15:5}', 'y: {range: 0:15:5}'));
    const r = await hptune('run', spec, '--json');
    const result = JSON.parse(r.out);
    expect(result.group.status).toBe('done');
    expect(result.trials.every((t: { status: string; message: string }) => t.status === 'failed' && /x2/.test(t.message))).toBe(true);
  });
});

describe('hptune COMMAND --help', () => {
  it('prints the usage and exits 0 for every command, instead of an unknown-option error', async () => {
    for (const command of ['check', 'plan', 'run', 'show', 'bench']) {
      const r = await hptune(command, '--help');
      expect(r.code, command).toBe(0);
      expect(r.out, command).toContain('Usage: hptune <command> [options]');
      expect(r.err, command).not.toContain('Unknown option');
    }
  });
});
