/** Order statistics for benchmark summaries (linear interpolation between order statistics, numpy's default). */

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

export interface Spread {
  readonly median: number;
  readonly q25: number;
  readonly q75: number;
}

export function spread(values: readonly number[]): Spread {
  return { median: quantile(values, 0.5), q25: quantile(values, 0.25), q75: quantile(values, 0.75) };
}

/** Median of a list of timings. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}
