import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../src/engine/export/base64.ts';
import { rngFor } from '../../src/engine/rng.ts';

const text = (s: string) => new TextEncoder().encode(s);
const decoded = (s: string) => {
  const r = decodeBase64(s);
  if (!r.ok) throw new Error(r.message);
  return new Uint8Array(r.data);
};

describe('export: base64 of checkpoint bytes (RFC 4648)', () => {
  it('matches the RFC 4648 section 10 test vectors both ways', () => {
    const vectors: [string, string][] = [
      ['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, b64] of vectors) {
      expect(encodeBase64(text(plain))).toBe(b64);
      expect(decoded(b64)).toEqual(text(plain));
    }
  });

  it('round-trips random buffers of every size class and agrees with Node Buffer (property, seeded)', () => {
    const rng = rngFor(2024, 64);
    const sizes = [0, 1, 2, 3, 4, 5, 255, 256, 257, 12287, 12288, 12289, 100_003];
    for (let i = 0; i < 30; i++) sizes.push(rng.int(5000));
    for (const n of sizes) {
      const bytes = new Uint8Array(n);
      for (let i = 0; i < n; i++) bytes[i] = rng.int(256);
      const b64 = encodeBase64(bytes.buffer);
      expect(b64).toBe(Buffer.from(bytes).toString('base64'));
      expect(Buffer.from(decoded(b64)).equals(bytes), `size ${n}`).toBe(true);
    }
  });

  it('encodes a view of a larger buffer by its own bytes only', () => {
    const whole = new Uint8Array([0, 102, 111, 111, 0]);
    expect(encodeBase64(whole.subarray(1, 4))).toBe('Zm9v');
  });

  it('refuses malformed text with the reason', () => {
    const bad: [string, RegExp][] = [
      ['Zg=', /multiple of 4, got 3/],
      ['Zh==', /non-zero bits before its padding/],
      ['Zm9=', /non-zero bits before its padding/],
      ['Zm9v\nZg==', /multiple of 4|invalid character/],
      ['Zm=v', /invalid character "=" at offset 2/],
      ['=Zg=', /invalid character "=" at offset 0/],
      ['Zm9-', /invalid character "-" at offset 3/],
      ['Zm9é', /invalid character "é" at offset 3/],
      ['====', /invalid character "=" at offset 0/],
    ];
    for (const [s, reason] of bad) {
      const r = decodeBase64(s);
      expect(r.ok, s).toBe(false);
      if (!r.ok) expect(r.message).toMatch(reason);
    }
  });
});
