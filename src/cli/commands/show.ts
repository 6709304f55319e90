/**
 * `hptune show FILE [--json]`: opens a group export (what `hptune run --out` and the
 * browser app's "Export JSON" write) and prints its trials table, or the same JSON back.
 * A bad or tampered file is refused with the reasons.
 */
import { readFile, stat } from 'node:fs/promises';
import { parseGroupExport, snapshotOf, stringifyGroupExport } from '../../engine/index.ts';
import { describeResult } from './run.ts';
import type { Io } from '../main.ts';

/** Exports hold every report; this bounds what is read into memory at once. */
const MAX_EXPORT_BYTES = 512 * 1024 * 1024;

export async function show(file: string, opts: { json: boolean }, io: Io): Promise<number> {
  let text: string;
  try {
    const { size } = await stat(file);
    if (size > MAX_EXPORT_BYTES) {
      io.err(`${file}: file is ${size} bytes; group exports are limited to ${MAX_EXPORT_BYTES} bytes`);
      return 1;
    }
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.err(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? String(e)})`);
    return 1;
  }
  const parsed = parseGroupExport(text);
  if (!parsed.ok) {
    for (const issue of parsed.issues) io.err(`${file}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
    return 1;
  }
  const { value } = parsed;
  if (opts.json) {
    io.out(stringifyGroupExport(value, 2));
    return 0;
  }
  io.out(describeResult(snapshotOf(value.group, value.trials, value.reports)));
  return 0;
}
