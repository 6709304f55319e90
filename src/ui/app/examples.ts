/**
 * The example specs shipped in public/examples/, one a click away.
 * `mnist-hyperband` is the default group created on first open: Hyperband tuning an MLP
 * on 2,000 MNIST images, sized to finish on 2 cores in a few minutes.
 */
export interface Example {
  readonly name: string;
  readonly label: string;
  readonly description: string;
}

export const EXAMPLES: readonly Example[] = [
  { name: 'mnist-hyperband', label: 'Hyperband · MNIST MLP', description: 'Hyperband (max 9 epochs, η = 3) over learning rate, units and dropout of an MLP on 2,000 MNIST images' },
  { name: 'mnist-bo', label: 'BO · MNIST MLP', description: 'Bayesian optimization of an MLP on 1,000 MNIST images, 3 epochs per trial' },
  { name: 'mnist-grid', label: 'Grid · MNIST MLP', description: 'Grid search over 4 learning rates × 2 widths of an MLP on 1,000 MNIST images, 3 epochs per trial' },
  { name: 'mnist-random', label: 'Random · MNIST MLP', description: 'Random search (12 trials) over learning rate, width, depth, activation and dropout of an MLP on 1,000 MNIST images' },
  { name: 'mnist-asha', label: 'ASHA · MNIST MLP', description: 'Asynchronous successive halving (1 to 9 epochs, η = 3) of an MLP on 2,000 MNIST images' },
  { name: 'mnist-tpe', label: 'TPE · MNIST MLP', description: 'Tree-structured Parzen estimator (6 random, then 8 guided trials) over learning rate, width, activation and dropout of an MLP on 1,000 MNIST images' },
  { name: 'mnist-bohb', label: 'BOHB · MNIST MLP', description: 'BOHB: Hyperband brackets (1 to 9 epochs, η = 3) whose new configurations come from a density model, an MLP on 2,000 MNIST images' },
  { name: 'grid', label: 'Grid · Branin', description: 'Grid search over the Branin function with an early-stopping threshold' },
  { name: 'random', label: 'Random · LC4', description: 'Random search over the synthetic learning-curve problem LC4' },
  { name: 'hyperband', label: 'Hyperband · LC4', description: 'Hyperband over LC4 with resume from checkpoints' },
  { name: 'bo', label: 'BO · Branin', description: 'Bayesian optimization (GP, expected improvement) of Branin, 30 trials' },
  { name: 'asha', label: 'ASHA · LC4', description: 'Asynchronous successive halving over LC4' },
  { name: 'tpe', label: 'TPE · Hartmann3', description: 'Tree-structured Parzen estimator on Hartmann3: 10 random trials, then 30 guided ones' },
  { name: 'bohb', label: 'BOHB · LC4', description: 'BOHB over LC4: Hyperband brackets whose new configurations come from a kernel density model' },
  { name: 'bohb-gp', label: 'BOHB with a GP · LC4', description: 'BOHB over LC4 with model: gp: new configurations proposed by a Gaussian process of the losses on all budgets so far' },
  { name: 'spiral-random', label: 'Random · spiral MLP', description: 'Random search of a small MLP on the two-spirals dataset (no download)' },
];

export const DEFAULT_EXAMPLE = 'mnist-hyperband';

export async function fetchExample(name: string): Promise<string> {
  if (!EXAMPLES.some((e) => e.name === name)) throw new Error(`no example named ${JSON.stringify(name)}; examples: ${EXAMPLES.map((e) => e.name).join(', ')}`);
  const res = await fetch(`${import.meta.env.BASE_URL}examples/${name}.yaml`);
  if (!res.ok) throw new Error(`loading example ${name} failed: HTTP ${res.status}`);
  return res.text();
}
