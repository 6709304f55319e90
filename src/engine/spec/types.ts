/**
 * The internal, normalized form of a polyaxonfile (`kind: group`).
 * The parser (parse.ts) turns user spelling (snake_case, `"a:b:c"` strings, lists, dicts)
 * into this one shape; everything downstream reads only this.
 */
import type { Optimization, ParamValue } from '../types.ts';
import type { MatrixEntry } from '../space/types.ts';

export type { MatrixEntry, MatrixOption, MatrixOptionKind } from '../space/types.ts';

export interface MetricSpec {
  readonly name: string;
  readonly optimization: Optimization;
}

export interface GridAlgorithm {
  readonly kind: 'grid';
  readonly nExperiments?: number;
}
export interface RandomAlgorithm {
  readonly kind: 'random';
  /** Required to run; `random_search: {}` validates as in Polyaxon (docs/hptuning.md, "Choosing the algorithm") but cannot start. */
  readonly nExperiments?: number;
}
/** docs/hptuning.md, "Hyperband fields" */
export interface HyperbandAlgorithm {
  readonly kind: 'hyperband';
  readonly maxIter: number;
  readonly eta: number;
  readonly resource: { readonly name: string; readonly type: 'int' | 'float' };
  readonly metric: MetricSpec;
  readonly resume: boolean;
}
/** docs/hptuning.md, "BO fields" with the defaults of docs/differences.md, "BO defaults for omitted fields" applied. */
export interface BoAlgorithm {
  readonly kind: 'bo';
  readonly nInitialTrials: number;
  readonly nIterations: number;
  readonly metric: MetricSpec;
  readonly utilityFunction: {
    readonly acquisitionFunction: 'ucb' | 'ei' | 'poi';
    readonly kappa: number;
    readonly eps: number;
    readonly gaussianProcess: {
      readonly kernel: 'matern' | 'rbf';
      readonly lengthScale: number;
      readonly nu: number;
      readonly nRestartsOptimizer: number;
    };
    readonly nWarmup: number;
    readonly nIter: number;
  };
}
/**
 * Asynchronous successive halving (Li et al. 2020, "A System for Massively Parallel
 * Hyperparameter Tuning"): hptune's extension section `hptuning.asha` (not in Polyaxon v0).
 * Rungs at resource minResource·η^k up to maxIter; no barriers.
 */
export interface AshaAlgorithm {
  readonly kind: 'asha';
  /** R: the largest resource a trial trains to. */
  readonly maxIter: number;
  /** r: the resource of the bottom rung (default 1). */
  readonly minResource: number;
  readonly eta: number;
  /** How many fresh configurations to sample in all. */
  readonly nExperiments: number;
  readonly resource: { readonly name: string; readonly type: 'int' | 'float' };
  readonly metric: MetricSpec;
  readonly resume: boolean;
}
/**
 * The tree-structured Parzen estimator (Bergstra et al. 2011): hptune's extension section
 * `hptuning.tpe`, with Optuna's TPESampler defaults (docs/extensions.md, "TPE").
 */
export interface TpeAlgorithm {
  readonly kind: 'tpe';
  readonly nExperiments: number;
  readonly nStartupTrials: number;
  readonly nEiCandidates: number;
  /** The good set is the best min(⌈gamma·n⌉, 25) of n observations. */
  readonly gamma: number;
  readonly priorWeight: number;
  readonly considerEndpoints: boolean;
  readonly multivariate: boolean;
  readonly metric: MetricSpec;
}
/**
 * BOHB (Falkner, Klein & Hutter 2018): Hyperband whose new configurations come from a
 * kernel density model; hptune's extension section `hptuning.bohb` (docs/extensions.md, "BOHB").
 */
export interface BohbAlgorithm extends Omit<HyperbandAlgorithm, 'kind'> {
  readonly kind: 'bohb';
  /** Brackets to run, cycling s_max … 0; undefined means one Hyperband pass (s_max + 1 brackets). */
  readonly nIterations?: number;
  /** Observations a budget needs before it is modelled; undefined means the dimension count + 1. */
  readonly minPointsInModel?: number;
  readonly topNPercent: number;
  readonly numSamples: number;
  readonly randomFraction: number;
  readonly bandwidthFactor: number;
  readonly minBandwidth: number;
  /** What proposes the fresh configurations: the paper's kernel density estimates, or hptune's GP (docs/extensions.md, "BOHB with a Gaussian process"). */
  readonly model: 'kde' | 'gp';
}
export type Algorithm = GridAlgorithm | RandomAlgorithm | HyperbandAlgorithm | BoAlgorithm | AshaAlgorithm | TpeAlgorithm | BohbAlgorithm;
export type AlgorithmKind = Algorithm['kind'];

/** Per-trial early-stopping policies (docs/differences.md, "Early-stopping policies stop single trials"). */
export type EarlyStoppingPolicy =
  | { readonly kind: 'median' | 'average'; readonly evaluationInterval: number }
  | { readonly kind: 'truncation'; readonly percent: number; readonly evaluationInterval: number };

/** One item of `hptuning.early_stopping` (docs/hptuning.md, "Early-stopping fields"). */
export interface EarlyStoppingItem {
  readonly metric: string;
  readonly value?: number;
  readonly optimization: Optimization;
  readonly policy?: EarlyStoppingPolicy;
}

export interface Hptuning {
  readonly concurrency: number;
  /** null when the file gives none; the group draws one at creation and records it (docs/differences.md, "Seed 0 is a seed, and every group has one"). */
  readonly seed: number | null;
  readonly matrix: readonly MatrixEntry[];
  readonly algorithm: Algorithm;
  readonly earlyStopping: readonly EarlyStoppingItem[];
}

export const MODELS = ['mlp', 'cnn'] as const;
export type ModelName = (typeof MODELS)[number];
export const DATASETS = ['mnist', 'iris', 'circle', 'xor', 'gaussians', 'spiral', 'plane'] as const;
export type DatasetName = (typeof DATASETS)[number];
export const BACKENDS = ['cpu', 'webgl', 'auto'] as const;
export type BackendName = (typeof BACKENDS)[number];

/**
 * What a trial runs (docs/hptuning.md, "run: what a trial runs"). YAML spelling:
 * - `run: {objective: branin}`: a built-in objective (src/engine/spec/objectives.ts lists them);
 * - `run: {model: mlp, dataset: mnist, backend: cpu, samples: 2000}`: a TF.js model trained in a worker;
 * - `run: {code: "async (params, report) => ..."}`: user JavaScript run in a worker;
 * - `run: {cmd: "python train.py --lr={{ lr }}"}`: Polyaxon's shell command, run by the CLI as one
 *   process per trial (src/cmd; docs/commands.md).
 */
export type RunSpec =
  | { readonly kind: 'objective'; readonly objective: string }
  | {
      readonly kind: 'model';
      readonly model: ModelName;
      readonly dataset: DatasetName;
      /** tfjs backend; `cpu` by default. */
      readonly backend: BackendName;
      /** Use only the first N training examples (a smaller, faster problem); all when absent. */
      readonly samples?: number;
    }
  | { readonly kind: 'code'; readonly code: string }
  | {
      readonly kind: 'cmd';
      readonly cmd: CmdTemplate;
      /** Seconds between SIGTERM and SIGKILL when a trial is stopped (`run.grace_period`). */
      readonly gracePeriod?: number;
      /** The 0.6 `inputs` / `outputs` sections: template names with defaults and flags (spec/io.ts). */
      readonly inputs?: readonly IoSpec[];
      readonly outputs?: readonly IoSpec[];
    };

/**
 * `run.cmd` normalized (spec/cmd.ts): a command string with `{{ name }}` templates, a list
 * run in order (stop at the first failure), or Polyaxon's `if` operator.
 */
export type CmdTemplate = string | readonly CmdTemplate[] | { readonly cond: string; readonly then: CmdTemplate; readonly else?: CmdTemplate };

/** One item of the 0.6 `inputs` / `outputs` sections (spec/io.ts). */
export interface IoSpec {
  readonly name: string;
  readonly type?: string;
  readonly default?: ParamValue;
  readonly isOptional: boolean;
  readonly isList: boolean;
  /** A bool rendered as `--name` when true, as nothing when false. */
  readonly isFlag: boolean;
  readonly options?: readonly ParamValue[];
}

export interface Spec {
  readonly version: number;
  readonly name?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  /** `params` (or its 0.4 name `declarations`): constants merged into every trial; they win over the matrix (docs/hptuning.md, "From a suggestion to a trial's params", docs/differences.md, "A params value that shadows a matrix key"). */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly hptuning: Hptuning;
  readonly run?: RunSpec;
  /** Top-level sections kept but ignored by hptune (docs/differences.md, "Sections that do not apply are accepted and ignored"). */
  readonly ignoredSections: readonly string[];
}

/** One problem found in a spec: a path, a sentence with the rule and the value received, and where. */
export interface SpecIssue {
  /** Dotted path, e.g. `hptuning.matrix.lr.linspace`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
  readonly line?: number;
  readonly col?: number;
}

export type ParseResult =
  | { readonly ok: true; readonly spec: Spec; readonly warnings: readonly SpecIssue[] }
  | { readonly ok: false; readonly issues: readonly SpecIssue[]; readonly warnings: readonly SpecIssue[] };
