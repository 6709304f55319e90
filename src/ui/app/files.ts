/**
 * Files in and out of the page: downloads (export JSON/CSV) and the checks applied to
 * anything a user drops, pastes or imports ("Bad input": a clear message, nothing
 * changed).
 */
import { parseDocument } from 'yaml';

/** Largest spec text accepted from a paste or a dropped file (a > 1 MB paste is refused). */
export const MAX_SPEC_BYTES = 1_000_000;
/** Largest group export accepted for import (1,000 trials × 100 reports is about 15 MB). */
export const MAX_IMPORT_BYTES = 200_000_000;

export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Bytes in SI units (1 MB = 10^6 bytes), the unit of the limits above. */
export const formatBytes = (n: number) =>
  n < 1e3 ? `${n} B` : n < 1e6 ? `${(n / 1e3).toFixed(1)} kB` : n < 1e9 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e9).toFixed(2)} GB`;

/** Why `text` of `size` bytes cannot go into the spec editor, or undefined when it can. */
export function refuseSpecText(text: string, size: number, what: string): string | undefined {
  if (size > MAX_SPEC_BYTES) return `${what} is ${formatBytes(size)}; a spec must be at most ${formatBytes(MAX_SPEC_BYTES)}. The editor was left unchanged.`;
  // NUL bytes never occur in YAML or JSON text: this is a binary file.
  if (text.includes('\u0000')) return `${what} is not a text file (it holds binary bytes); a spec must be YAML or JSON text. The editor was left unchanged.`;
  const doc = parseDocument(text, { prettyErrors: false });
  const err = doc.errors[0];
  if (err) return `${what} is not YAML: ${err.message.split('\n')[0]}. The editor was left unchanged.`;
  const value: unknown = doc.toJS();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `${what} is YAML but not a spec: a polyaxonfile is a mapping with version, kind and hptuning; got ${Array.isArray(value) ? 'a list' : value === null ? 'an empty document' : `a ${typeof value}`}. The editor was left unchanged.`;
  }
  return undefined;
}

/** A file's text, unless it is larger than `max` bytes. */
export async function readTextFile(file: File, max: number): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  if (file.size > max) return { ok: false, message: `${file.name} is ${formatBytes(file.size)}; at most ${formatBytes(max)} is accepted. Nothing was changed.` };
  return { ok: true, text: await file.text() };
}
