/**
 * The hyperparameters the built-in models read: names, defaults and rules, as data, so
 * that `check` can list them and report matrix keys no model uses (docs/hptuning.md,
 * "run: what a trial runs"). `parseModelParams` validates a trial's params against this table; a value a
 * model cannot use fails the trial with the param named ("Bad input").
 */
import { DEFAULTS, type ModelName, type Params, type ParamValue } from '../../engine/index.ts';

export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop', 'adagrad'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'elu', 'selu', 'softplus', 'linear'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

export interface ParamRule {
  readonly kind: 'number' | 'int' | 'choice';
  readonly default: number | string;
  readonly doc: string;
  /** Inclusive lower bound (number / int). */
  readonly min?: number;
  /** Exclusive upper bound (number). */
  readonly below?: number;
  /** True when min itself is not allowed. */
  readonly minExclusive?: boolean;
  readonly choices?: readonly string[];
}

const COMMON = {
  learning_rate: { kind: 'number', default: 0.001, min: 0, minExclusive: true, doc: 'step size of the optimizer (> 0)' },
  optimizer: { kind: 'choice', default: 'adam', choices: OPTIMIZERS, doc: 'adam | sgd | rmsprop | adagrad' },
  layers: { kind: 'int', default: 1, min: 0, doc: 'hidden dense layers (≥ 0)' },
  units: { kind: 'int', default: 64, min: 1, doc: 'units per hidden dense layer (≥ 1)' },
  activation: { kind: 'choice', default: 'relu', choices: ACTIVATIONS, doc: 'activation of hidden layers' },
  dropout: { kind: 'number', default: 0, min: 0, below: 1, doc: 'dropout rate after each hidden layer, in [0, 1)' },
  l2: { kind: 'number', default: 0, min: 0, doc: 'L2 penalty on every kernel (≥ 0)' },
  batch_size: { kind: 'int', default: 32, min: 1, doc: 'examples per gradient step (≥ 1)' },
  epochs: { kind: 'int', default: DEFAULTS.modelEpochs, min: 1, doc: 'epochs to train to: the resource (Hyperband / ASHA); values are rounded to the nearest integer' },
} as const satisfies Record<string, ParamRule>;

const CNN_ONLY = {
  conv_layers: { kind: 'int', default: 2, min: 1, doc: 'conv → max-pool blocks (≥ 1)' },
  filters: { kind: 'int', default: 8, min: 1, doc: 'filters of the first conv layer, doubled in each next block (≥ 1); tfjs cpu convolutions are slow, so the default is small' },
  kernel_size: { kind: 'int', default: 3, min: 1, doc: 'side of the square conv kernels (≥ 1)' },
} as const satisfies Record<string, ParamRule>;

/** Per model: every param it reads, with its default and rule. */
export const MODEL_PARAMS = {
  mlp: COMMON,
  cnn: { ...COMMON, ...CNN_ONLY },
} as const satisfies Record<ModelName, Record<string, ParamRule>>;

export interface ModelConfig {
  readonly learningRate: number;
  readonly optimizer: OptimizerName;
  readonly layers: number;
  readonly units: number;
  readonly activation: ActivationName;
  readonly dropout: number;
  readonly l2: number;
  readonly batchSize: number;
  readonly epochs: number;
  /** cnn only. */
  readonly convLayers: number;
  readonly filters: number;
  readonly kernelSize: number;
}

/** A param a model cannot use; crosses the worker boundary as `{kind: 'failed', name: 'ParamError'}`. */
export class ParamError extends Error {
  override readonly name = 'ParamError';
}

function read(name: string, rule: ParamRule, value: ParamValue | undefined, model: ModelName): number | string {
  if (value === undefined || value === null) return rule.default;
  const where = `param ${name} (${model})`;
  if (rule.kind === 'choice') {
    if (typeof value !== 'string' || !rule.choices!.includes(value)) {
      throw new ParamError(`${where} must be one of ${rule.choices!.join(', ')}; got ${JSON.stringify(value)}`);
    }
    return value;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ParamError(`${where} must be a finite number; got ${JSON.stringify(value)}`);
  const v = rule.kind === 'int' ? Math.round(value) : value;
  if (rule.kind === 'int' && name !== 'epochs' && Math.abs(v - value) > 1e-9) throw new ParamError(`${where} must be an integer; got ${value}`);
  if (rule.min !== undefined && (rule.minExclusive ? !(v > rule.min) : !(v >= rule.min))) {
    throw new ParamError(`${where} must be ${rule.minExclusive ? '>' : '≥'} ${rule.min}; got ${value}`);
  }
  if (rule.below !== undefined && !(v < rule.below)) throw new ParamError(`${where} must be < ${rule.below}; got ${value}`);
  return v;
}

/** Validates and fills defaults; params not in the table are ignored here (`check` reports them). */
export function parseModelParams(model: ModelName, params: Params): ModelConfig {
  const table: Record<string, ParamRule> = MODEL_PARAMS[model];
  const cnn: Record<string, ParamRule> = CNN_ONLY;
  const get = (name: string) => read(name, table[name] ?? cnn[name], table[name] ? params[name] : undefined, model);
  return {
    learningRate: get('learning_rate') as number,
    optimizer: get('optimizer') as OptimizerName,
    layers: get('layers') as number,
    units: get('units') as number,
    activation: get('activation') as ActivationName,
    dropout: get('dropout') as number,
    l2: get('l2') as number,
    batchSize: get('batch_size') as number,
    epochs: get('epochs') as number,
    convLayers: get('conv_layers') as number,
    filters: get('filters') as number,
    kernelSize: get('kernel_size') as number,
  };
}
