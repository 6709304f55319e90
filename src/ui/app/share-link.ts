/**
 * Shareable links: a group's spec and seed (or a race's specs and seed), compressed into the
 * URL fragment, so a link opens the same prepared group on any copy of the app, with no
 * server. The fragment never reaches a server, and nothing runs until the user creates the
 * group (docs/deploy.md, "Links").
 *
 * The payload is `1` (the format) followed by base64url of: a 4-byte FNV-1a checksum of the
 * JSON, then the JSON compressed with the browser's CompressionStream('deflate-raw').
 * The checksum matters: a character changed in a copied link can still inflate to valid
 * JSON with one letter of the spec changed, and a link must open exactly what was sent or
 * nothing at all.
 */
import { parseDocument } from 'yaml';
import { MAX_SPEC_BYTES } from './files.ts';
import { routeHash } from './route.ts';

/** What a link holds: one spec for a group, two or more for a race, and the seed they run with. */
export interface SharedLink {
  readonly kind: 'group' | 'race';
  readonly specs: readonly string[];
  readonly seed?: number;
}

export type DecodedLink = { readonly ok: true; readonly link: SharedLink } | { readonly ok: false; readonly message: string };

/** Longest link the app hands out: longer URLs break in chat apps, mail clients and some browsers. */
export const MAX_LINK_CHARS = 2000;
const FORMAT = '1';

/** FNV-1a, 32 bits: enough to tell a damaged link from the one that was sent. */
function checksum(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  return h >>> 0;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit = Infinity): Promise<Uint8Array> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(stream).getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    // A few hundred characters can inflate to gigabytes: stop at the largest spec accepted.
    if (size > limit) {
      await reader.cancel();
      throw new RangeError(`it unpacks to more than ${limit} bytes`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** The fragment payload for `link` (what follows `link=` in `#/new?link=`). */
export function encodeLink(link: SharedLink): Promise<string> {
  return packPayload({ kind: link.kind, specs: link.specs, ...(link.seed !== undefined && { seed: link.seed }) });
}

/** Any JSON value packed as a link payload (encodeLink's format; tests pack bad shapes with it). */
export async function packPayload(value: unknown): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(value));
  const packed = await pipe(json, new CompressionStream('deflate-raw'));
  const out = new Uint8Array(4 + packed.length);
  new DataView(out.buffer).setUint32(0, checksum(json));
  out.set(packed, 4);
  return FORMAT + toBase64Url(out);
}

const refused = (why: string): DecodedLink => ({
  ok: false,
  message: `This link could not be opened: ${why}. Nothing from it was applied; ask for the link again, or for the spec as a file.`,
});

/** The shape a decoded payload must have; anything else is refused whole. */
function checkShape(value: unknown): SharedLink | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it does not hold a spec';
  const { kind, specs, seed, ...rest } = value as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) return `it holds an unknown field "${extra}"`;
  if (kind !== 'group' && kind !== 'race') return `its kind must be "group" or "race", got ${JSON.stringify(kind)}`;
  if (!Array.isArray(specs) || !specs.every((s) => typeof s === 'string')) return 'its specs must be a list of texts';
  const want = kind === 'group' ? specs.length === 1 : specs.length >= 2;
  if (!want) return `a ${kind} link holds ${kind === 'group' ? 'exactly one spec' : 'two or more specs'}, this one holds ${specs.length}`;
  if (seed !== undefined && !(Number.isSafeInteger(seed) && (seed as number) >= 0)) return `its seed must be an integer ≥ 0, got ${JSON.stringify(seed)}`;
  return { kind, specs: specs as string[], ...(seed !== undefined && { seed: seed as number }) };
}

/** Reads a payload made by encodeLink: the whole link, or why it was refused (never part of it). */
export async function decodeLink(payload: string): Promise<DecodedLink> {
  if (payload === '') return refused('it is empty');
  if (payload[0] !== FORMAT) return refused(`it was made in a format this version does not read (it starts with "${payload[0]}", expected "${FORMAT}")`);
  const bytes = fromBase64Url(payload.slice(1));
  if (!bytes) return refused('it holds characters a link never has, or was cut short');
  if (bytes.length < 5) return refused('it was cut short');
  let json: Uint8Array;
  try {
    json = await pipe(bytes.subarray(4), new DecompressionStream('deflate-raw'), MAX_SPEC_BYTES);
  } catch (e) {
    return refused(e instanceof RangeError ? e.message : 'it is damaged or was cut short (its compressed data is incomplete)');
  }
  if (checksum(json) !== new DataView(bytes.buffer, bytes.byteOffset).getUint32(0)) return refused('it is damaged (its checksum does not match)');
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    return refused('it is damaged (its contents are not readable)');
  }
  const link = checkShape(value);
  return typeof link === 'string' ? refused(link) : { ok: true, link };
}

/** The full URL that opens `payload` on this copy of the app (whatever path it is served from). */
export function linkUrl(payload: string, page: string): string {
  const url = new URL(page);
  url.hash = routeHash({ view: 'new', link: payload });
  return url.href;
}

/**
 * `source` with `hptuning.seed` set to `seed`, comments and layout kept; unchanged when it
 * already says so (or cannot be read: the editor then shows its problems as they are).
 */
export function withSeed(source: string, seed: number | undefined): string {
  if (seed === undefined) return source;
  const doc = parseDocument(source);
  if (doc.errors.length > 0 || doc.getIn(['hptuning', 'seed']) === seed) return source;
  try {
    doc.setIn(['hptuning', 'seed'], seed);
    return doc.toString();
  } catch {
    return source; // hptuning is not a mapping: the spec's own problem, shown by the editor
  }
}
