/**
 * The search space as TPE and BOHB's density models see it (docs/extensions.md, "TPE",
 * "BOHB"): one dimension per matrix entry, in declaration order.
 *
 * - Numeric entries live on a *unit* coordinate u. Bounded ones map their range to [0, 1]:
 *   `uniform`, `quniform`, numeric `values` and `range`/`linspace` linearly; `loguniform`,
 *   `qloguniform` (natural-log bounds), `logspace` and `geomspace` on the log scale (Bergstra
 *   et al. 2011, section 4: TPE's log-uniform priors). `normal`/`lognormal` (and their q forms) are
 *   unbounded: u is the z-score of the value (of its log for lognormal) under the option's
 *   own normal, which is also the prior (as hyperopt's TPE does).
 * - Decoding a unit coordinate gives a value the option can produce: q-options quantize as
 *   random search does (docs/hptuning.md, "Matrix options"), value lists snap to the nearest
 *   listed value on the model's scale.
 * - `pvalues` and non-numeric `values` are categorical, with the draw probabilities of random
 *   search as the prior (uniform for `values`).
 */
import type { ParamValue, Params } from '../../types.ts';
import type { MatrixEntry, MatrixOption } from '../../spec/types.ts';
import { isCategorical } from '../../space/predicates.ts';
import { generateValues } from '../../space/generate.ts';
import { weightedValues } from '../../space/cardinality.ts';
import { quantize } from '../../space/quantize.ts';
import { valueKey } from '../../space/params-key.ts';

export interface NumericDim {
  readonly kind: 'numeric';
  readonly name: string;
  /** Bounds of u: 0 and 1, or ±Infinity for the normal options. */
  readonly low: number;
  readonly high: number;
  /** The prior's mean and standard deviation on u. */
  readonly prior: { readonly mu: number; readonly sigma: number };
  readonly log: boolean;
  decode(u: number): ParamValue;
  /** u of a value, or undefined when the value cannot come from this option. */
  encode(v: ParamValue): number | undefined;
}

export interface CategoricalDim {
  readonly kind: 'categorical';
  readonly name: string;
  readonly values: readonly ParamValue[];
  readonly keys: readonly string[];
  /** Draw probability of each value (sums to 1). */
  readonly prior: Float64Array;
}

export type Dim = NumericDim | CategoricalDim;

const LOG_OPTIONS = new Set<MatrixOption['kind']>(['loguniform', 'qloguniform', 'logspace', 'geomspace']);

/** Whether the option is modelled on the log scale (the rule docs/extensions.md states). */
export function isLogScale(o: MatrixOption): boolean {
  return LOG_OPTIONS.has(o.kind);
}

/** One dimension per matrix entry; throws a RangeError naming the entry when it cannot be modelled. */
export function buildDims(matrix: readonly MatrixEntry[]): Dim[] {
  return matrix.map(({ name, option }) => dim(name, option));
}

/** Whether every entry is categorical (such a space is refused: docs/extensions.md). */
export function allCategorical(matrix: readonly MatrixEntry[]): boolean {
  return matrix.length > 0 && matrix.every((e) => e.option.kind === 'pvalues' || isCategorical(e.option));
}

function dim(name: string, o: MatrixOption): Dim {
  if (o.kind === 'pvalues' || isCategorical(o)) {
    const weighted = weightedValues(o);
    if (weighted.length === 0) throw new RangeError(`matrix entry \`${name}\` generates no values`);
    const total = weighted.reduce((s, w) => s + w.weight, 0);
    return {
      kind: 'categorical',
      name,
      values: weighted.map((w) => w.value),
      keys: weighted.map((w) => valueKey(w.value)),
      prior: Float64Array.from(weighted, (w) => w.weight / total),
    };
  }
  switch (o.kind) {
    case 'uniform':
    case 'quniform':
    case 'loguniform':
    case 'qloguniform': {
      const log = o.kind === 'loguniform' || o.kind === 'qloguniform';
      const q = o.kind === 'quniform' || o.kind === 'qloguniform' ? o.q : undefined;
      return bounded(name, o.low, o.high, log, (x) => (q === undefined ? x : quantize(x, q)));
    }
    case 'normal':
    case 'qnormal':
    case 'lognormal':
    case 'qlognormal': {
      const log = o.kind === 'lognormal' || o.kind === 'qlognormal';
      const q = o.kind === 'qnormal' || o.kind === 'qlognormal' ? o.q : undefined;
      return {
        kind: 'numeric',
        name,
        low: -Infinity,
        high: Infinity,
        prior: { mu: 0, sigma: 1 },
        log,
        decode: (u) => {
          const t = o.loc + o.scale * u;
          const v = log ? Math.exp(t) : t;
          return q === undefined ? v : quantize(v, q);
        },
        encode: (v) => finite(typeof v === 'number' ? ((log ? Math.log(v) : v) - o.loc) / o.scale : NaN),
      };
    }
    default:
      return listed(name, o);
  }
}

function finite(x: number): number | undefined {
  return Number.isFinite(x) ? x : undefined;
}

/** A continuous range [low, high) on the model's scale (log bounds are natural logs). */
function bounded(name: string, low: number, high: number, log: boolean, post: (x: number) => number): NumericDim {
  const width = high - low;
  const toU = (t: number) => (width > 0 ? (t - low) / width : 0.5);
  return unitDim(
    name,
    log,
    (u) => {
      const t = low + width * Math.min(1, Math.max(0, u));
      return post(log ? Math.exp(t) : t);
    },
    (v) => {
      if (typeof v !== 'number') return undefined;
      const u = toU(log ? Math.log(v) : v);
      // A quantized value may fall just outside the range (floor of the bound); clip it.
      return Number.isFinite(u) ? Math.min(1, Math.max(0, u)) : undefined;
    },
  );
}

/** A bounded numeric dimension on [0, 1] with the uniform-like prior. */
function unitDim(name: string, log: boolean, decode: NumericDim['decode'], encode: NumericDim['encode']): NumericDim {
  return { kind: 'numeric', name, low: 0, high: 1, prior: { mu: 0.5, sigma: 1 }, log, decode, encode };
}

/** A numeric value list (`values`, `range`, `linspace`, `logspace`, `geomspace`): snap to the nearest. */
function listed(name: string, o: MatrixOption): NumericDim {
  const values = generateValues(o);
  if (values.length === 0) throw new RangeError(`matrix entry \`${name}\` generates no values`);
  const log = isLogScale(o);
  const scale = (v: ParamValue) => {
    const n = typeof v === 'boolean' ? Number(v) : (v as number);
    return log ? Math.log(Math.abs(n)) : n;
  };
  const scaled = values.map(scale);
  const lo = Math.min(...scaled);
  const hi = Math.max(...scaled);
  const toU = (t: number) => (hi > lo ? (t - lo) / (hi - lo) : 0.5);
  const units = scaled.map(toU);
  const keys = values.map(valueKey);
  return unitDim(
    name,
    log,
    (u) => {
      let best = 0;
      for (let i = 1; i < units.length; i++) if (Math.abs(units[i]! - u) < Math.abs(units[best]! - u)) best = i;
      return values[best]!;
    },
    (v) => {
      const i = keys.indexOf(valueKey(v));
      return i < 0 ? undefined : units[i];
    },
  );
}

/** The index of a categorical value, or undefined when it is not one of the choices. */
export function categoryIndex(d: CategoricalDim, v: ParamValue): number | undefined {
  const i = d.keys.indexOf(valueKey(v));
  return i < 0 ? undefined : i;
}

/** The params a point stands for (matrix keys only). */
export function decodePoint(dims: readonly Dim[], x: readonly number[]): Params {
  return Object.fromEntries(dims.map((d, j) => [d.name, d.kind === 'categorical' ? d.values[x[j]!]! : d.decode(x[j]!)]));
}
