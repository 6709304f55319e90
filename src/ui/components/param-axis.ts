/**
 * The axis a parameter is drawn on, in every chart (parallel coordinates, slices, contour,
 * the GP view): it follows how the parameter is sampled, not the range of the values that
 * happen to have been drawn. Log for `loguniform`/`qloguniform`/`lognormal`/`qlognormal`/
 * `logspace`/`geomspace`, one position per category for `values`/`pvalues`, linear for the
 * rest (docs/hptuning.md, "Matrix options"). A uniform [0, 1] parameter is therefore linear
 * even when its draws span three decades, and a log-uniform learning rate is log even when
 * only a few draws exist.
 */
import { parseSpec, type MatrixEntry, type MatrixOptionKind, type ParamValue } from '../../engine/index.ts';

export type ParamAxisKind = 'linear' | 'log' | 'categorical';

/** The axis of a matrix option. */
export function optionAxis(kind: MatrixOptionKind): ParamAxisKind {
  switch (kind) {
    case 'values':
    case 'pvalues':
      return 'categorical';
    case 'logspace':
    case 'geomspace':
    case 'loguniform':
    case 'qloguniform':
    case 'lognormal':
    case 'qlognormal':
      return 'log';
    default:
      return 'linear';
  }
}

/**
 * The axis for parameter `name`: its matrix option's, when the matrix has it; otherwise (a
 * constant from `params`, a Hyperband resource) linear for numbers and categorical for
 * anything else. A log axis needs positive values: a `geomspace` between two negative
 * numbers, or values that are not all positive numbers, fall back to linear or categorical.
 */
export function paramAxisKind(name: string, matrix: readonly MatrixEntry[] | undefined, values: readonly ParamValue[] = []): ParamAxisKind {
  const entry = matrix?.find((e) => e.name === name);
  const numeric = values.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!entry) return numeric ? 'linear' : 'categorical';
  const kind = optionAxis(entry.option.kind);
  if (kind === 'categorical') return kind;
  if (!numeric) return 'categorical';
  if (kind === 'log' && !values.every((v) => (v as number) > 0)) return 'linear';
  return kind;
}

const parsed = new Map<string, readonly MatrixEntry[] | undefined>();

/** The matrix of a group's spec source (parsed once per source); undefined when it does not parse. */
export function matrixOf(source: string | undefined): readonly MatrixEntry[] | undefined {
  if (!source) return undefined;
  if (parsed.has(source)) return parsed.get(source);
  const r = parseSpec(source);
  const matrix = r.ok ? r.spec.hptuning.matrix : undefined;
  if (parsed.size > 32) parsed.clear();
  parsed.set(source, matrix);
  return matrix;
}
