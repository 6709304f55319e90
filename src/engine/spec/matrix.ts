/**
 * `hptuning.matrix` entries (spec §3): exactly one option per entry, the three argument
 * forms of §3.2 (`"a:b:c"`, `[a, b, c]`, `{start: a, ...}`), REF's checks with REF's
 * wording (element count, dict keys, number parsing, order, zero), the extra checks §3.2
 * recommends, and the `pvalues` / `values` rules of §3.4 / §3.5.
 *
 * Hand-written rather than a zod schema because REF's own parser (`Range._deserialize`)
 * is positional and its messages are part of the spec (§13.5 test vectors).
 */
import type { ParamValue } from '../types.ts';
import type { MatrixEntry, MatrixOption, MatrixOptionKind } from './types.ts';
import type { Path, RawIssue } from './issues.ts';
import { listOf, show } from './issues.ts';
import type { SourceInfo } from './source.ts';

type NumericKind = Exclude<MatrixOptionKind, 'values' | 'pvalues'>;

interface NumericShape {
  /** REF's field class name, used in REF's messages. */
  readonly cls: string;
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

/** Positional keys per option (spec §3.2 table). */
const SHAPES: Readonly<Record<NumericKind, NumericShape>> = {
  range: { cls: 'Range', required: ['start', 'stop', 'step'], optional: [] },
  linspace: { cls: 'LinSpace', required: ['start', 'stop', 'num'], optional: [] },
  logspace: { cls: 'LogSpace', required: ['start', 'stop', 'num'], optional: ['base'] },
  geomspace: { cls: 'GeomSpace', required: ['start', 'stop', 'num'], optional: [] },
  uniform: { cls: 'Uniform', required: ['low', 'high'], optional: ['size'] },
  quniform: { cls: 'QUniform', required: ['low', 'high', 'q'], optional: ['size'] },
  loguniform: { cls: 'LogUniform', required: ['low', 'high'], optional: ['size'] },
  qloguniform: { cls: 'QLogUniform', required: ['low', 'high', 'q'], optional: ['size'] },
  normal: { cls: 'Normal', required: ['loc', 'scale'], optional: ['size'] },
  qnormal: { cls: 'QNormal', required: ['loc', 'scale', 'q'], optional: ['size'] },
  lognormal: { cls: 'LogNormal', required: ['loc', 'scale'], optional: ['size'] },
  qlognormal: { cls: 'QLogNormal', required: ['loc', 'scale', 'q'], optional: ['size'] },
};

export const MATRIX_OPTIONS: readonly MatrixOptionKind[] = ['values', 'pvalues', ...(Object.keys(SHAPES) as NumericKind[])];

const RANGE_LIKE: ReadonlySet<MatrixOptionKind> = new Set(['range', 'linspace', 'logspace', 'geomspace']);

const ONE_OPTION = 'Matrix element is not valid, one and only one option is required.';
const PVALUES_SHAPE = 'This field expects a list of [value<Any>, dist<float>].';
/** Slack for the float sum of probabilities (0.1 + 0.2 + 0.7 must pass). */
const SUM_TOLERANCE = 1e-9;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** REF counts an option whose argument is empty or falsy as absent (spec §3). */
function isGiven(arg: unknown): boolean {
  if (Array.isArray(arg)) return arg.length > 0;
  if (isRecord(arg)) return Object.keys(arg).length > 0;
  return arg !== null && arg !== undefined && arg !== '' && arg !== false && arg !== 0;
}

/** Python literal_eval of a number literal, as REF applies it to string elements (§3.2). */
const NUMBER_LITERAL = /^[+-]?(\d[\d_]*(\.[\d_]*)?|\.\d[\d_]*)([eE][+-]?\d+)?$/;

export interface MatrixResult {
  readonly entries: readonly MatrixEntry[];
  readonly issues: readonly RawIssue[];
}

/** Parse every entry of `hptuning.matrix` (a mapping, at `path`), in declaration order (D1). */
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
    const why = given.length > 1 ? `received ${listOf(given)}` : keys.length > 0 ? `${listOf(keys)} ${keys.length > 1 ? 'are' : 'is'} empty, which REF counts as absent` : 'received no option';
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
 * spec §3.4: a list of `[value, prob]` with `prob` a float, 0 ≤ prob < 1 (so YAML ints
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

/** One element of a range-like / distribution argument, parsed as REF does (§3.2). */
function parseElement(v: unknown, cls: string, key: string): number | string {
  const refMessage = `${cls}: ${key} must of type int or float, received instead ${typeof v === 'string' ? v : show(v)}`;
  if (typeof v === 'number') return Number.isFinite(v) ? v : `${cls}: ${key} must be a finite number, received ${show(v)}`;
  if (typeof v === 'string' && NUMBER_LITERAL.test(v.trim())) {
    const n = Number(v.trim().replace(/_/g, ''));
    if (Number.isFinite(n)) return n;
  }
  return refMessage;
}

function parseNumeric(kind: NumericKind, arg: unknown, path: Path, issues: RawIssue[]): MatrixOption | undefined {
  const shape = SHAPES[kind];
  const { cls, required, optional } = shape;
  const all = [...required, ...optional];
  let raw: unknown[];
  /** Where element i sits in the source, for the line/col of an issue about it. */
  let atOf: (i: number) => Path | undefined;
  if (typeof arg === 'string' || Array.isArray(arg)) {
    raw = typeof arg === 'string' ? arg.split(':') : arg;
    if (raw.length !== required.length && raw.length !== all.length) {
      issues.push({ path, message: `${cls} requires ${required.length} or ${all.length} elements received ${raw.length}` });
      return undefined;
    }
    atOf = (i) => (Array.isArray(arg) ? [...path, i] : undefined);
  } else if (isRecord(arg)) {
    const extra = Object.keys(arg).filter((k) => !all.includes(k));
    for (const k of extra) {
      issues.push({ path: [...path, k], message: `unknown key ${show(k)} for ${kind}; its keys are ${all.join(', ')}`, atKey: true });
    }
    const missing = required.filter((k) => arg[k] === undefined || arg[k] === null);
    if (missing.length > 0) {
      const keyList = `[${required.map((k) => `'${k}'`).join(', ')}]`;
      issues.push({ path, message: `${cls} dict must have ${required.length} keys ${keyList}. Missing ${listOf(missing)}` });
    }
    if (extra.length > 0 || missing.length > 0) return undefined;
    const present = all.filter((k) => arg[k] !== undefined && arg[k] !== null);
    raw = present.map((k) => arg[k]);
    atOf = (i) => [...path, present[i]!];
  } else {
    issues.push({
      path,
      message: `${cls} expects a string '${required.join(':')}', a list or a mapping with keys ${all.join(', ')}, received ${show(arg)}`,
    });
    return undefined;
  }
  const values: number[] = [];
  let ok = true;
  raw.forEach((v, i) => {
    const parsed = parseElement(v, cls, all[i]!);
    if (typeof parsed === 'string') {
      issues.push({ path, at: atOf(i), message: parsed });
      ok = false;
    } else values.push(parsed);
  });
  if (!ok) return undefined;
  const named: Record<string, number> = {};
  all.forEach((k, i) => {
    if (i < values.length) named[k] = values[i]!;
  });
  const fail = (message: string, key?: string): undefined => {
    const i = key === undefined ? -1 : all.indexOf(key);
    issues.push({ path, at: i >= 0 ? atOf(i) : undefined, message });
    return undefined;
  };
  const [k1, k2, k3] = required as [string, string, string | undefined];
  // REF order check: range-like options only (since polyaxon-schemas 8314a29, issue #516).
  if (RANGE_LIKE.has(kind) && !(named[k1]! < named[k2]!)) {
    return fail(`${k2} value must be strictly higher that ${k1} value, received instead ${k1}: ${named[k1]}, ${k2}: ${named[k2]}`, k2);
  }
  // REF zero check: the third element of options with exactly three required keys.
  if (k3 !== undefined && named[k3] === 0) return fail(`${k3} cannot be 0`, k3);
  return finishNumeric(kind, named, fail);
}

/** The extra checks §3.2 recommends, then the canonical form (§2.4). */
function finishNumeric(kind: NumericKind, n: Record<string, number>, fail: (message: string, key?: string) => undefined): MatrixOption | undefined {
  if (n.size !== undefined && !(Number.isInteger(n.size) && n.size >= 1)) {
    return fail(`size must be an integer ≥ 1, received ${n.size}`, 'size');
  }
  const size = n.size === undefined ? {} : { size: n.size };
  const num = (): boolean => Number.isInteger(n.num) && n.num! >= 1;
  switch (kind) {
    case 'range':
      if (n.step! < 0) return fail(`step must be positive (start < stop, so a negative step generates no value), received step: ${n.step}`, 'step');
      return { kind, start: n.start!, stop: n.stop!, step: n.step! };
    case 'linspace':
      if (!num()) return fail(`num must be an integer ≥ 1, received ${n.num}`, 'num');
      return { kind, start: n.start!, stop: n.stop!, num: n.num! };
    case 'geomspace':
      if (!num()) return fail(`num must be an integer ≥ 1, received ${n.num}`, 'num');
      if (!(n.start! * n.stop! > 0)) {
        return fail(`geomspace needs start and stop of the same sign, neither 0 (start*stop > 0), received start: ${n.start}, stop: ${n.stop}`, 'start');
      }
      return { kind, start: n.start!, stop: n.stop!, num: n.num! };
    case 'logspace':
      if (!num()) return fail(`num must be an integer ≥ 1, received ${n.num}`, 'num');
      if (n.base !== undefined && !(n.base > 0)) return fail(`base must be > 0, received ${n.base}`, 'base');
      return { kind, start: n.start!, stop: n.stop!, num: n.num!, base: n.base ?? 10 };
    case 'uniform':
    case 'loguniform':
    case 'quniform':
    case 'qloguniform': {
      if (!(n.low! < n.high!)) return fail(`high value must be strictly higher than low value, received low: ${n.low}, high: ${n.high}`, 'high');
      if (kind === 'uniform' || kind === 'loguniform') return { kind, low: n.low!, high: n.high!, ...size };
      if (!(n.q! > 0)) return fail(`q must be > 0, received ${n.q}`, 'q');
      return { kind, low: n.low!, high: n.high!, q: n.q!, ...size };
    }
    case 'normal':
    case 'lognormal':
    case 'qnormal':
    case 'qlognormal': {
      if (!(n.scale! >= 0)) return fail(`scale (a standard deviation) must be ≥ 0, received ${n.scale}`, 'scale');
      if (kind === 'normal' || kind === 'lognormal') return { kind, loc: n.loc!, scale: n.scale!, ...size };
      if (!(n.q! > 0)) return fail(`q must be > 0, received ${n.q}`, 'q');
      return { kind, loc: n.loc!, scale: n.scale!, q: n.q!, ...size };
    }
  }
}

/** Spec §3.6 `is_distribution`: what grid search cannot enumerate. */
export function isDistribution(option: MatrixOption): boolean {
  return option.kind !== 'values' && !RANGE_LIKE.has(option.kind);
}
