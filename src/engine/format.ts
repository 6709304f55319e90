/** Number and value formatting for messages and tables. */
import type { ParamValue } from './types.ts';

/** A number in full (JavaScript's shortest round-trip form): exported data and param values. */
export function formatNumber(x: number): string {
  return String(x);
}

/**
 * A number for a sentence a user reads (a trial's reason, a threshold reached): 4 significant
 * digits, integers below a million as they are ("cut-off 0.31", "rank 5 of 9", "epochs=27").
 * Every note of the samplers and schedulers goes through this one function.
 */
export function formatSig(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e6) return String(x);
  return String(Number(x.toPrecision(4)));
}

/** A param value as one short string (strings bare, everything else as JSON). */
export function formatValue(v: ParamValue): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? formatNumber(v) : JSON.stringify(v);
}
