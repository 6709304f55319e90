// The bundled examples: every file in public/examples/
// passes `hptune check` without a problem or warning, and `hptune plan --json` gives the
// trial count worked out by hand below from the spec section of its algorithm.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { main, type Io } from '../../src/cli/main.ts';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), progress: () => {}, isTTY: false };
}

async function hptune(...argv: string[]) {
  const io = capture();
  const code = await main(argv, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

const DIR = 'public/examples';
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml') || f.endsWith('.json')).sort();

/** Expected algorithm and trial count of each example, with the arithmetic. */
const EXPECTED: Record<string, { algorithm: string; trials: number }> = {
  // docs/hptuning.md, "Grid search": linspace -5:10:6 × range 0:16:3 = 6 × 6 = 36 points, n_experiments keeps 30.
  'grid.yaml': { algorithm: 'grid', trials: 30 },
  // docs/hptuning.md, "Random search": 40 draws from a continuous space.
  'random.yaml': { algorithm: 'random', trials: 40 },
  // docs/hptuning.md, "Hyperband": max_iter 27, eta 3 ⇒ s_max 3; brackets s=3: 27+9+3+1, s=2: 12+4+1, s=1: 6+2, s=0: 4.
  'hyperband.yaml': { algorithm: 'hyperband', trials: 69 },
  // docs/hptuning.md, "Bayesian optimization": n_initial_trials 10 + n_iterations 20.
  'bo.yaml': { algorithm: 'bo', trials: 30 },
  // ASHA rungs 1, 3, 9, 27 with synchronous promotions: 27 + 9 + 3 + 1.
  'asha.yaml': { algorithm: 'asha', trials: 40 },
  'spiral-random.yaml': { algorithm: 'random', trials: 12 },
  // docs/hptuning.md, "Grid search": 4 learning rates × 2 widths.
  'mnist-grid.yaml': { algorithm: 'grid', trials: 8 },
  'mnist-random.yaml': { algorithm: 'random', trials: 12 },
  // docs/hptuning.md, "Hyperband": max_iter 9, eta 3 ⇒ s_max 2; brackets s=2: 9+3+1, s=1: 5+1, s=0: 3.
  'mnist-hyperband.yaml': { algorithm: 'hyperband', trials: 22 },
  // docs/hptuning.md, "Bayesian optimization": 5 initial + 10 iterations.
  'mnist-bo.yaml': { algorithm: 'bo', trials: 15 },
  // ASHA rungs 1, 3, 9 with synchronous promotions: 18 + 6 + 2.
  'mnist-asha.yaml': { algorithm: 'asha', trials: 26 },
  // TPE: n_experiments over a continuous space.
  'tpe.yaml': { algorithm: 'tpe', trials: 40 },
  'mnist-tpe.yaml': { algorithm: 'tpe', trials: 14 },
  // BOHB: Hyperband's brackets cycled for n_iterations brackets. max_iter 27, eta 3, 8 brackets =
  // two passes of s=3: 27+9+3+1, s=2: 12+4+1, s=1: 6+2, s=0: 4 (69 each).
  'bohb.yaml': { algorithm: 'bohb', trials: 138 },
  // The same brackets with model: gp.
  'bohb-gp.yaml': { algorithm: 'bohb', trials: 138 },
  // max_iter 9, eta 3, 4 brackets: s=2: 9+3+1, s=1: 5+1, s=0: 3, then s=2 again.
  'mnist-bohb.yaml': { algorithm: 'bohb', trials: 35 },
};

describe('hptune check on public/examples', () => {
  it('finds the examples, each with an expected count here', () => {
    expect(FILES.length).toBeGreaterThan(0);
    expect(FILES).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(FILES)('%s: valid, no problems or warnings, exit 0', async (name) => {
    const r = await hptune('check', `${DIR}/${name}`);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`Experiments to create\\s+${EXPECTED[name]!.trials}\\b`));
  });
});

describe('hptune plan --json on public/examples', () => {
  it.each(FILES)('%s: the algorithm and trial count worked out by hand', async (name) => {
    const r = await hptune('plan', `${DIR}/${name}`, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out) as { algorithm: string; trials: number };
    expect({ algorithm: plan.algorithm, trials: plan.trials }).toEqual(EXPECTED[name]);
  });

  it('has an MNIST MLP example for every algorithm', async () => {
    const algorithms = new Set<string>();
    for (const name of FILES.filter((f) => f.startsWith('mnist-'))) {
      const r = await hptune('check', `${DIR}/${name}`);
      expect(r.out, name).toMatch(/Run\s+mlp on mnist \(cpu backend\)/);
      algorithms.add(EXPECTED[name]!.algorithm);
    }
    expect([...algorithms].sort()).toEqual(['asha', 'bo', 'bohb', 'grid', 'hyperband', 'random', 'tpe']);
  });
});
