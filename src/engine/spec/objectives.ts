/**
 * What the built-in objectives are (names, inputs, metric, resource), as data, so that
 * the spec parser and `check` can validate a `run: {objective: NAME}` section without
 * importing the implementations (src/workers/objectives). The problems: docs/benchmarks.md.
 */
export interface ObjectiveInfo {
  /** The matrix keys the objective reads, in order. */
  readonly inputs: readonly string[];
  /** Bounds of each input (the benchmark's `uniform` domain). */
  readonly bounds: readonly (readonly [number, number])[];
  /** The metric it reports (always minimized). */
  readonly metric: string;
  /** The global minimum used for regret. */
  readonly fStar: number;
  /** For learning-curve objectives: the param holding the resource and its default. */
  readonly resource?: { readonly name: string; readonly default: number };
}

const unit = (d: number) => Array.from({ length: d }, () => [0, 1] as const);
const names = (d: number) => Array.from({ length: d }, (_, i) => `x${i + 1}`);

export const OBJECTIVES = {
  branin: { inputs: names(2), bounds: [[-5, 10], [0, 15]], metric: 'loss', fStar: 0.39788735772973816 },
  hartmann3: { inputs: names(3), bounds: unit(3), metric: 'loss', fStar: -3.862779787332663 },
  hartmann6: { inputs: names(6), bounds: unit(6), metric: 'loss', fStar: -3.3223680114155147 },
  rosenbrock2_scaled: { inputs: names(2), bounds: unit(2), metric: 'loss', fStar: -3.827e5 / 3.755e5 },
  ackley5: { inputs: names(5), bounds: Array.from({ length: 5 }, () => [-32.768, 32.768] as const), metric: 'loss', fStar: 0 },
  lc4: { inputs: names(4), bounds: unit(4), metric: 'loss', fStar: 0.1, resource: { name: 'epochs', default: 81 } },
  /** Does nothing and reports `loss: 0` once: measures the engine's own overhead. */
  noop: { inputs: [], bounds: [], metric: 'loss', fStar: 0 },
} as const satisfies Record<string, ObjectiveInfo>;

export type ObjectiveName = keyof typeof OBJECTIVES;

export function isObjectiveName(name: string): name is ObjectiveName {
  return Object.prototype.hasOwnProperty.call(OBJECTIVES, name);
}
