/**
 * The range-like (`range`, `linspace`, `logspace`, `geomspace`) and distribution options
 * of a matrix entry (docs/hptuning.md, "Writing an option's arguments"): the three argument forms (`"a:b:c"`,
 * `[a, b, c]`, `{start: a, ...}`), Polyaxon's checks with Polyaxon's wording (element
 * count, dict keys, number parsing, order, zero), then the extra checks hptune adds
 * (positive step, integer num, q > 0, ...) and the canonical option.
 *
 * Hand-written rather than a zod schema because Polyaxon's own parser
 * (`Range._deserialize`) is positional and its messages are part of the behaviour users
 * see.
 */
import type { MatrixOption, MatrixOptionKind } from './types.ts';
import type { Path, RawIssue } from './issues.ts';
import { listOf, show } from './issues.ts';

export type NumericKind = Exclude<MatrixOptionKind, 'values' | 'pvalues'>;

interface NumericShape {
  /** Polyaxon's field class name, used in Polyaxon's messages. */
  readonly cls: string;
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

/** Positional keys per option, in the order of the `"a:b:c"` and list forms. */
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

/** The option names this module parses, in the order messages list them. */
export const NUMERIC_KINDS = Object.keys(SHAPES) as NumericKind[];

export const RANGE_LIKE: ReadonlySet<MatrixOptionKind> = new Set(['range', 'linspace', 'logspace', 'geomspace']);

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Python literal_eval of a number literal, as Polyaxon applies it to string elements. */
const NUMBER_LITERAL = /^[+-]?(\d[\d_]*(\.[\d_]*)?|\.\d[\d_]*)([eE][+-]?\d+)?$/;

/** One element of a range-like / distribution argument, parsed as Polyaxon does. */
function parseElement(v: unknown, cls: string, key: string): number | string {
  const refMessage = `${cls}: ${key} must of type int or float, received instead ${typeof v === 'string' ? v : show(v)}`;
  if (typeof v === 'number') return Number.isFinite(v) ? v : `${cls}: ${key} must be a finite number, received ${show(v)}`;
  if (typeof v === 'string' && NUMBER_LITERAL.test(v.trim())) {
    const n = Number(v.trim().replace(/_/g, ''));
    if (Number.isFinite(n)) return n;
  }
  return refMessage;
}

export function parseNumeric(kind: NumericKind, arg: unknown, path: Path, issues: RawIssue[]): MatrixOption | undefined {
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
  // Polyaxon's order check: range-like options only (since polyaxon-schemas 8314a29, issue #516).
  if (RANGE_LIKE.has(kind) && !(named[k1]! < named[k2]!)) {
    return fail(`${k2} value must be strictly higher that ${k1} value, received instead ${k1}: ${named[k1]}, ${k2}: ${named[k2]}`, k2);
  }
  // Polyaxon's zero check: the third element of options with exactly three required keys.
  if (k3 !== undefined && named[k3] === 0) return fail(`${k3} cannot be 0`, k3);
  return finishNumeric(kind, named, fail);
}

/** The checks hptune adds to Polyaxon's (docs/hptuning.md, "Writing an option's arguments"), then the canonical option. */
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
