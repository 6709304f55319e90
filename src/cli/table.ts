/** Plain-text tables for the terminal: columns padded to their widest cell. */

export function formatTable(rows: readonly (readonly string[])[], opts: { header?: boolean } = {}): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const lines = rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
  if (opts.header && lines.length > 0) lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return lines.join('\n');
}

/** A number in at most `digits` significant digits, without trailing noise. */
export function short(x: number | undefined, digits = 6): string {
  if (x === undefined) return '-';
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(digits)));
}
