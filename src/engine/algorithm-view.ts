/**
 * What an algorithm shows of its own state in a group snapshot: Hyperband's and ASHA's
 * brackets, rungs and every promotion or elimination with its rank and cut-off, and BO's
 * fitted Gaussian process with functions that evaluate it (docs/architecture.md, "Group
 * state and snapshots"). Types only. It sits beside algorithm.ts, whose SearchAlgorithm
 * produces it, so that neither the algorithms nor group/ need the other's folder.
 */
import type { MetricSpec } from './spec/types.ts';
import type { Params } from './types.ts';

export type AlgorithmView = RungsView | BoView;

/** One rung of successive halving: the trials trained to `resource` in it. */
export interface RungView {
  readonly rung: number;
  readonly resource: number;
  /** Trial numbers in the rung, in creation order. */
  readonly trials: readonly number[];
  /** How many configurations the rung is planned to hold (Hyperband's n_i; ASHA's synchronous count). */
  readonly planned: number;
}

export interface BracketView {
  /** Hyperband's bracket s (s_max .. 0); undefined for ASHA, which has one ladder. */
  readonly bracket?: number;
  /** Bottom rung first. */
  readonly rungs: readonly RungView[];
}

/** A ranking decision at the end of a rung (Hyperband) or at a promotion (ASHA). */
export interface RungDecision {
  readonly kind: 'promoted' | 'eliminated';
  /** The ranked trial. */
  readonly trial: number;
  /** The trial a promotion created (continuing or re-running `trial` one rung up); absent until it exists. */
  readonly child?: number;
  readonly bracket?: number;
  /** The rung the trial was ranked in. */
  readonly rung: number;
  /** 1-based rank among the ranked trials, best first. */
  readonly rank: number;
  /** How many trials were ranked. */
  readonly ranked: number;
  /** How many go on (Hyperband's keep; ASHA's ⌊n/η⌋). */
  readonly kept: number;
  /** The value of the last trial that goes on: the cut-off. */
  readonly cutoff: number;
  /** The trial's own value of the metric. */
  readonly value: number;
  /**
   * False for ASHA's eliminations: a trial outside the top ⌊n/η⌋ today may still be
   * promoted when the rung grows. Hyperband's decisions are final.
   */
  readonly final: boolean;
}

export interface RungsView {
  readonly kind: 'hyperband' | 'asha';
  readonly metric: MetricSpec;
  /** The resource's name in the params (e.g. `epochs`). */
  readonly resource: string;
  readonly brackets: readonly BracketView[];
  /** Every promotion and elimination so far, in the order the rungs were ranked. */
  readonly decisions: readonly RungDecision[];
}

/** One encoded dimension of the BO space, enough to encode and decode a parameter for plotting. */
export interface BoDimension {
  /** The matrix key (a categorical key spans several one-hot dimensions with the same name). */
  readonly name: string;
  readonly kind: 'continuous' | 'log' | 'categorical' | 'discrete';
  /** The encoded range of this dimension. */
  readonly bounds: readonly [number, number];
  /** For categorical and discrete dimensions: the values, in encoding order. */
  readonly values?: readonly unknown[];
}

export interface BoObservation {
  readonly trial: number;
  readonly params: Params;
  /** The encoded point. */
  readonly x: readonly number[];
  /** The metric as reported (not negated for minimization). */
  readonly y: number;
}

export type AcquisitionKind = 'ucb' | 'ei' | 'poi';

/** An acquisition function and its parameter: κ for UCB (default 2.576), ξ in the metric's units for EI and POI (default 0). */
export interface AcquisitionOptions {
  readonly kind: AcquisitionKind;
  readonly kappa?: number;
  readonly xi?: number;
}

export interface GpEvaluation {
  readonly mean: number[];
  readonly sd: number[];
  readonly lo: number[];
  readonly hi: number[];
  readonly acquisition: number[];
}

export interface GpView {
  /** The fitted kernel hyperparameters by name (e.g. length scales, signal and noise variance). */
  readonly hyperparameters: Readonly<Record<string, number | readonly number[]>>;
  readonly dimensions: readonly BoDimension[];
  readonly observations: readonly BoObservation[];
  readonly incumbent?: BoObservation;
  /** The next suggestion, when it is computed. */
  readonly next?: { readonly params: Params; readonly x: readonly number[] };
  /** Posterior mean at encoded points, in the metric's units. */
  mean(points: readonly (readonly number[])[]): number[];
  /** Posterior standard deviation at encoded points, in the metric's units. */
  sd(points: readonly (readonly number[])[]): number[];
  /** The acquisition function at encoded points (larger is better). */
  acquisition(points: readonly (readonly number[])[], opts: AcquisitionOptions): number[];
  /**
   * Everything a chart draws, from one prediction per point: `mean`, `sd` and `acquisition`
   * as above, and the band `lo`–`hi`, mean ± z sd in the GP's units mapped to the metric's
   * (asymmetric when the values are warped, ±Infinity past the warp's range; lo ≤ hi).
   */
  evaluate(points: readonly (readonly number[])[], opts: AcquisitionOptions & { readonly z: number }): GpEvaluation;
}

export interface BoView {
  readonly kind: 'bo';
  readonly phase: 'random' | 'model';
  readonly randomStart: { readonly done: number; readonly total: number };
  readonly gp?: GpView;
}
