/**
 * Base64 (RFC 4648, section 4, standard alphabet, with `=` padding) over raw bytes, in plain TS.
 * Not `btoa(String.fromCharCode(...bytes))`: that overflows the call stack on large
 * buffers and needs a DOM global; not `Buffer`: Node only. Works the same everywhere.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Builds the text in chunks so that very large buffers do not create millions of tiny strings. */
export function encodeBase64(data: ArrayBuffer | Uint8Array): string {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const chunks: string[] = [];
  const CHUNK = 3 * 4096;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, bytes.length);
    let out = '';
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
    }
    const rest = end - i;
    if (rest === 1) {
      const n = bytes[i]! << 16;
      out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + '==';
    } else if (rest === 2) {
      const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
      out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + '=';
    }
    chunks.push(out);
  }
  return chunks.join('');
}

export type Base64Result = { readonly ok: true; readonly data: ArrayBuffer } | { readonly ok: false; readonly message: string };

/**
 * Strict decoding (RFC 4648, sections 3.3 and 3.5): no whitespace, length a multiple of 4, padding only
 * at the end, and the unused bits before the padding must be zero, so that one byte string
 * has exactly one accepted text and a tampered text is refused rather than silently altered.
 */
export function decodeBase64(text: string): Base64Result {
  if (text.length % 4 !== 0) return { ok: false, message: `base64 length must be a multiple of 4, got ${text.length}` };
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - pad);
  const sextet = (i: number): number => {
    const c = text.charCodeAt(i);
    return c < 128 ? DECODE[c]! : -1;
  };
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const a = sextet(i);
    const b = sextet(i + 1);
    const c = last && pad === 2 ? 0 : sextet(i + 2);
    const d = last && pad >= 1 ? 0 : sextet(i + 3);
    if (a < 0 || b < 0 || c < 0 || d < 0) {
      const at = [a, b, c, d].findIndex((v) => v < 0) + i;
      return { ok: false, message: `base64 holds an invalid character ${JSON.stringify(text[at])} at offset ${at}` };
    }
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    if (last && pad === 2) {
      if (n & 0xffff) return { ok: false, message: 'base64 has non-zero bits before its padding' };
      bytes[o++] = n >> 16;
    } else if (last && pad === 1) {
      if (n & 0xff) return { ok: false, message: 'base64 has non-zero bits before its padding' };
      bytes[o++] = n >> 16;
      bytes[o++] = (n >> 8) & 255;
    } else {
      bytes[o++] = n >> 16;
      bytes[o++] = (n >> 8) & 255;
      bytes[o++] = n & 255;
    }
  }
  return { ok: true, data: bytes.buffer };
}
