// The link codec (src/ui/app/share-link.ts) in Node, whose CompressionStream is the browser's:
// every example fits a link, a link opens exactly what was sent, and a damaged one opens nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/engine/index.ts';
import { decodeLink, encodeLink, linkUrl, MAX_LINK_CHARS, packPayload, withSeed, type DecodedLink } from '../../src/ui/app/share-link.ts';
import { parseRoute, routeHash } from '../../src/ui/app/route.ts';

const EXAMPLES = new URL('../../public/examples/', import.meta.url);
const examples = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({ file: f, text: readFileSync(new URL(f, EXAMPLES), 'utf8') }));
/** A long address for the app (a project page under a sub-path), so the limit holds on real hosts too. */
const PAGE = 'https://some-teacher.github.io/a-course-on-tuning/week-3/hptune/index.html';

function refusal(d: DecodedLink): string {
  expect(d.ok).toBe(false);
  return d.ok ? '' : d.message;
}

describe('links for the examples', () => {
  it('finds the examples', () => expect(examples.length).toBeGreaterThanOrEqual(10));

  it.each(examples)('$file: under 2,000 characters, and it opens the same spec and seed', async ({ text }) => {
    const seed = 1234;
    const url = linkUrl(await encodeLink({ kind: 'group', specs: [text], seed }), PAGE);
    expect(url.length).toBeLessThan(MAX_LINK_CHARS);
    const route = parseRoute(new URL(url).hash);
    expect(route.view).toBe('new');
    const decoded = await decodeLink((route as { link: string }).link);
    expect(decoded).toEqual({ ok: true, link: { kind: 'group', specs: [text], seed } });
  });

  it('a race link holds its specs in order', async () => {
    const specs = examples.slice(0, 3).map((e) => e.text);
    const decoded = await decodeLink(await encodeLink({ kind: 'race', specs, seed: 0 }));
    expect(decoded).toEqual({ ok: true, link: { kind: 'race', specs, seed: 0 } });
  });

  it('a spec too big for a link gives a link over the limit (the view then offers the file)', async () => {
    // Numbers do not compress like prose: 400 distinct values make a long link.
    const values = Array.from({ length: 400 }, (_, i) => ((i * 7919) % 100_003) / 7.3);
    const big = `version: 1\nkind: group\nhptuning:\n  matrix:\n    lr: {values: [${values.join(', ')}]}\nrun:\n  objective: branin\n`;
    const url = linkUrl(await encodeLink({ kind: 'group', specs: [big] }), PAGE);
    expect(url.length).toBeGreaterThan(MAX_LINK_CHARS);
  });
});

describe('a damaged link is refused whole, with a message', () => {
  const text = examples.find((e) => e.file === 'bo.yaml')!.text;

  it('cut short at any length', async () => {
    const payload = await encodeLink({ kind: 'group', specs: [text], seed: 5 });
    for (let n = 0; n < payload.length; n++) {
      const message = refusal(await decodeLink(payload.slice(0, n)));
      expect(message, `cut to ${n} characters`).toMatch(/^This link could not be opened: .+\. Nothing from it was applied/);
    }
  });

  it('any one character changed', async () => {
    const payload = await encodeLink({ kind: 'group', specs: [text], seed: 5 });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 1; i < payload.length; i++) {
      const c = alphabet[(alphabet.indexOf(payload[i]!) + 17) % 64]!;
      const damaged = payload.slice(0, i) + c + payload.slice(i + 1);
      const d = await decodeLink(damaged);
      // A change in the last character's unused bits leaves the bytes as they were.
      if (d.ok) expect(d.link.specs[0], `character ${i}`).toBe(text);
      else expect(d.message).toContain('Nothing from it was applied');
    }
  });

  it('says what is wrong: empty, another format, foreign characters, a bad shape', async () => {
    expect(refusal(await decodeLink(''))).toContain('it is empty');
    expect(refusal(await decodeLink('2abc'))).toContain('a format this version does not read (it starts with "2", expected "1")');
    expect(refusal(await decodeLink('1ab+c/d='))).toContain('characters a link never has');
    // Payloads packed the way encodeLink packs them, with a bad shape inside.
    expect(refusal(await decodeLink(await packPayload([1, 2])))).toContain('it does not hold a spec');
    expect(refusal(await decodeLink(await packPayload({ kind: 'group', specs: ['a'], extra: 1 })))).toContain('unknown field "extra"');
    expect(refusal(await decodeLink(await packPayload({ kind: 'study', specs: ['a'] })))).toContain('its kind must be "group" or "race", got "study"');
    expect(refusal(await decodeLink(await packPayload({ kind: 'group', specs: ['a', 'b'] })))).toContain('a group link holds exactly one spec, this one holds 2');
    expect(refusal(await decodeLink(await packPayload({ kind: 'race', specs: ['a'] })))).toContain('a race link holds two or more specs, this one holds 1');
    expect(refusal(await decodeLink(await packPayload({ kind: 'group', specs: [3] })))).toContain('its specs must be a list of texts');
    expect(refusal(await decodeLink(await packPayload({ kind: 'group', specs: ['a'], seed: -1 })))).toContain('its seed must be an integer ≥ 0, got -1');
  });

  it('a link that unpacks to more than a spec may hold (1 MB) is refused before it is read', async () => {
    const bomb = await packPayload({ kind: 'group', specs: ['#'.repeat(3_000_000)] });
    expect(bomb.length).toBeLessThan(10_000);
    expect(refusal(await decodeLink(bomb))).toContain('it unpacks to more than 1000000 bytes');
  });
});

describe('the seed a link carries', () => {
  it('is written into the spec, comments kept, unless the spec already says so', () => {
    const text = examples.find((e) => e.file === 'bo.yaml')!.text;
    expect(withSeed(text, 5)).toBe(text);
    const seeded = withSeed(text, 77);
    expect(parseDocument(seeded).getIn(['hptuning', 'seed'])).toBe(77);
    expect(seeded).toContain('# Bayesian optimization');
    const unseeded = text.replace('  seed: 5\n', '');
    expect(parseDocument(withSeed(unseeded, 0)).getIn(['hptuning', 'seed'])).toBe(0);
    expect(withSeed(unseeded, undefined)).toBe(unseeded);
  });

  it('a JSON spec stays readable by the parser; text that is not a spec is left as it is', () => {
    const json = JSON.stringify({ version: 1, kind: 'group', hptuning: { matrix: { x: { values: [1, 2] } } }, run: { objective: 'branin' } });
    const seeded = withSeed(json, 9);
    const parsed = parseSpec(seeded);
    expect(parsed.ok && parsed.spec.hptuning.seed).toBe(9);
    expect(withSeed('kind: [', 9)).toBe('kind: [');
    expect(withSeed('hptuning: 3', 9)).toBe('hptuning: 3');
  });
});

describe('the route of a link', () => {
  it('round-trips through the fragment, an empty link included', () => {
    expect(parseRoute(routeHash({ view: 'new', link: '1abc_-' }))).toEqual({ view: 'new', link: '1abc_-' });
    expect(parseRoute('#/new?link=')).toEqual({ view: 'new', link: '' });
    expect(parseRoute('#/new')).toEqual({ view: 'new' });
  });
});
