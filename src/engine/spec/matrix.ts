/**
 * `hptuning.matrix` entries (docs/hptuning.md, "matrix: the search space"): exactly one option per entry
 * and the `pvalues` / `values` rules. The range-like and distribution options (their
 * three argument forms, checks and messages) are parsed in matrix-numeric.ts.
 * Hand-written rather than a zod schema so that the messages keep Polyaxon's wording.
 */
import type { ParamValue } from '../types.ts';
import type { MatrixEntry, MatrixOption, MatrixOptionKind } from './types.ts';
import type { Path, RawIssue } from './issues.ts';
import { listOf, show } from './issues.ts';
import type { SourceInfo } from './source.ts';
import { isRecord, NUMERIC_KINDS, parseNumeric, RANGE_LIKE } from './matrix-numeric.ts';

export const MATRIX_OPTIONS: readonly MatrixOptionKind[] = ['values', 'pvalues', ...NUMERIC_KINDS];

const ONE_OPTION = 'Matrix element is not valid, one and only one option is required.';
const PVALUES_SHAPE = 'This field expects a list of [value<Any>, dist<float>].';
/** Slack for the float sum of probabilities (0.1 + 0.2 + 0.7 must pass). */
const SUM_TOLERANCE = 1e-9;

/** Polyaxon counts an option whose argument is empty or falsy as absent (docs/hptuning.md, "Matrix options"). */
function isGiven(arg: unknown): boolean {
  if (Array.isArray(arg)) return arg.length > 0;
  if (isRecord(arg)) return Object.keys(arg).length > 0;
  return arg !== null && arg !== undefined && arg !== '' && arg !== false && arg !== 0;
}

export interface MatrixResult {
  readonly entries: readonly MatrixEntry[];
  readonly issues: readonly RawIssue[];
}

/** Parse every entry of `hptuning.matrix` (a mapping, at `path`), in declaration order (docs/differences.md, "Matrix keys keep their declared order"). */
export function parseMatrix(matrix: Record<string, unknown>, path: Path, source?: SourceInfo): MatrixResult {
  const entries: MatrixEntry[] = [];
  const issues: RawIssue[] = [];
  for (const name of source?.keyOrder(matrix) ?? Object.keys(matrix)) {
    const raw = matrix[name];
    const entryPath = [...path, name];
    if (name.trim() === '') {
      issues.push({ path: entryPath, message: `a matrix key must be a non-empty parameter name, received ${show(name)}`, atKey: true });
      continue;
    }
    const option = parseEntry(raw, entryPath, issues, source);
    if (option) entries.push({ name, option });
  }
  return { entries, issues };
}

function parseEntry(raw: unknown, path: Path, issues: RawIssue[], source?: SourceInfo): MatrixOption | undefined {
  if (!isRecord(raw)) {
    issues.push({ path, message: `${ONE_OPTION} An entry is a mapping {option: argument}, received ${show(raw)}` });
    return undefined;
  }
  const keys = Object.keys(raw);
  const unknown = keys.filter((k) => !(MATRIX_OPTIONS as readonly string[]).includes(k));
  for (const k of unknown) {
    issues.push({
      path: [...path, k],
      message: `unknown matrix option ${show(k)}; the options are ${MATRIX_OPTIONS.join(', ')}`,
      atKey: true,
    });
  }
  if (unknown.length > 0) return undefined;
  const given = keys.filter((k) => isGiven(raw[k])) as MatrixOptionKind[];
  if (given.length !== 1) {
    const why = given.length > 1 ? `received ${listOf(given)}` : keys.length > 0 ? `${listOf(keys)} ${keys.length > 1 ? 'are' : 'is'} empty, which Polyaxon counts as absent` : 'received no option';
    issues.push({ path, message: `${ONE_OPTION} (${why})` });
    return undefined;
  }
  const kind = given[0]!;
  const optPath = [...path, kind];
  const arg = raw[kind];
  if (kind === 'values') return parseValues(arg, optPath, issues);
  if (kind === 'pvalues') return parsePvalues(arg, optPath, issues, source);
  return parseNumeric(kind, arg, optPath, issues);
}

function parseValues(arg: unknown, path: Path, issues: RawIssue[]): MatrixOption | undefined {
  if (!Array.isArray(arg)) {
    issues.push({ path, message: `values must be a non-empty list, received ${show(arg)}` });
    return undefined;
  }
  let ok = true;
  arg.forEach((v, i) => {
    const bad = nonFinite(v);
    if (bad !== undefined) {
      issues.push({ path, at: [...path, i], message: `values must hold finite numbers (JSON values), received ${show(bad)} at index ${i}` });
      ok = false;
    }
  });
  return ok ? { kind: 'values', values: arg as ParamValue[] } : undefined;
}

/** The first NaN/Infinity anywhere inside `v`, if any. */
export function nonFinite(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : v;
  if (Array.isArray(v)) {
    for (const x of v) {
      const bad = nonFinite(x);
      if (bad !== undefined) return bad;
    }
  } else if (isRecord(v)) {
    for (const x of Object.values(v)) {
      const bad = nonFinite(x);
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}

/**
 * `pvalues` (docs/hptuning.md, "pvalues"): a list of `[value, prob]` with `prob` a float, 0 ≤ prob < 1 (so YAML ints
 * `0`/`1` are refused; `0.0` passes when the source shows it was written as a float),
 * and the non-zero probabilities summing to at most 1.
 */
function parsePvalues(arg: unknown, path: Path, issues: RawIssue[], source?: SourceInfo): MatrixOption | undefined {
  if (!Array.isArray(arg)) {
    issues.push({ path, message: `${PVALUES_SHAPE} Received ${show(arg)}` });
    return undefined;
  }
  const pairs: (readonly [ParamValue, number])[] = [];
  let ok = true;
  arg.forEach((item, i) => {
    const at = [...path, i];
    const prob: unknown = Array.isArray(item) ? item[1] : undefined;
    const isFloat =
      typeof prob === 'number' && Number.isFinite(prob) && (!Number.isInteger(prob) || (source?.isFloatLiteral(item as object, 1) ?? false));
    if (!Array.isArray(item) || item.length !== 2 || !isFloat || prob < 0 || prob >= 1) {
      const why = Array.isArray(item) && item.length === 2 ? `the probability must be a float with 0 ≤ p < 1, received ${show(prob)}` : `received ${show(item)}`;
      issues.push({ path, at, message: `${PVALUES_SHAPE} Item ${i}: ${why}` });
      ok = false;
      return;
    }
    const bad = nonFinite(item[0]);
    if (bad !== undefined) {
      issues.push({ path, at, message: `pvalues values must be finite numbers (JSON values), received ${show(bad)} in item ${i}` });
      ok = false;
      return;
    }
    pairs.push([item[0] as ParamValue, prob]);
  });
  if (!ok) return undefined;
  const sum = pairs.reduce((s, [, p]) => s + p, 0);
  if (sum > 1 + SUM_TOLERANCE) {
    issues.push({ path, message: `The distribution of different outcomes should sum to 1. Received a sum of ${sum}` });
    return undefined;
  }
  return { kind: 'pvalues', values: pairs };
}

/** Polyaxon's `is_distribution`: what grid search cannot enumerate. */
export function isDistribution(option: MatrixOption): boolean {
  return option.kind !== 'values' && !RANGE_LIKE.has(option.kind);
}
