/** Number and value formatting for messages and tables (JavaScript's shortest round-trip form). */
import type { ParamValue } from './types.ts';

export function formatNumber(x: number): string {
  return String(x);
}

/** A param value as one short string (strings bare, everything else as JSON). */
export function formatValue(v: ParamValue): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? formatNumber(v) : JSON.stringify(v);
}
