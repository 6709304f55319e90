/** Reading spec files for the CLI: size, type and encoding checks before the parser sees them. */
import { readFile, stat } from 'node:fs/promises';

/** Larger files are refused before being read ("Bad input"). */
export const MAX_SPEC_BYTES = 1024 * 1024;

export type ReadResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

export async function readSpecFile(path: string): Promise<ReadResult> {
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) return { ok: false, message: `${path}: is a directory, expected a YAML or JSON spec file` };
    size = st.size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, message: code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? String(e)})` };
  }
  if (size > MAX_SPEC_BYTES) {
    return { ok: false, message: `${path}: file is ${size} bytes; spec files are limited to ${MAX_SPEC_BYTES} bytes (1 MB)` };
  }
  const bytes = await readFile(path);
  if (bytes.includes(0)) return { ok: false, message: `${path}: binary file (contains NUL bytes), expected a YAML or JSON spec` };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\uFFFD')) return { ok: false, message: `${path}: not valid UTF-8 text, expected a YAML or JSON spec` };
  return { ok: true, text };
}
