/**
 * The search space as the algorithms see it: the matrix entries and their options, in
 * canonical form. The spec parser produces them (spec/types.ts re-exports them); the
 * space helpers, samplers and schedulers read them, so they live here and space/ needs
 * nothing from spec/.
 */
import type { ParamValue } from '../types.ts';

/** The 14 matrix options, normalized to canonical keys (docs/hptuning.md, "The normalized form"). */
export type MatrixOption =
  | { readonly kind: 'values'; readonly values: readonly ParamValue[] }
  | { readonly kind: 'pvalues'; readonly values: readonly (readonly [ParamValue, number])[] }
  | { readonly kind: 'range'; readonly start: number; readonly stop: number; readonly step: number }
  | { readonly kind: 'linspace'; readonly start: number; readonly stop: number; readonly num: number }
  | { readonly kind: 'logspace'; readonly start: number; readonly stop: number; readonly num: number; readonly base: number }
  | { readonly kind: 'geomspace'; readonly start: number; readonly stop: number; readonly num: number }
  | { readonly kind: 'uniform' | 'loguniform'; readonly low: number; readonly high: number; readonly size?: number }
  | { readonly kind: 'quniform' | 'qloguniform'; readonly low: number; readonly high: number; readonly q: number; readonly size?: number }
  | { readonly kind: 'normal' | 'lognormal'; readonly loc: number; readonly scale: number; readonly size?: number }
  | { readonly kind: 'qnormal' | 'qlognormal'; readonly loc: number; readonly scale: number; readonly q: number; readonly size?: number };

export type MatrixOptionKind = MatrixOption['kind'];

/** One matrix entry. The matrix is an ordered list in declaration order (docs/differences.md, "Matrix keys keep their declared order"). */
export interface MatrixEntry {
  readonly name: string;
  readonly option: MatrixOption;
}
