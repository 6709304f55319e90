/**
 * Line opacity by line count: overlapping lines fade as they multiply so a plot of
 * 1,000 trials still shows where they crowd instead of one solid band. Full
 * opacity up to `upTo` lines, then ∝ 1/√n (overlap density grows with n), at least 0.06.
 */
export function lineOpacity(n: number, full: number, upTo: number): string {
  return Math.max(0.06, Math.min(full, full * Math.sqrt(upTo / Math.max(1, n)))).toFixed(2);
}
