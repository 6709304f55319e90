// test/bundle-size.mjs (run by test/run-all.mjs after its build): the first load is the entry
// chunk named by index.html plus every chunk it imports statically, never a chunk imported
// with import() (a view loaded on first use), and a first load over the limit fails.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rngFor } from '../../src/engine/rng.ts';
// @ts-expect-error: a plain .mjs script without declarations
import { checkFirstLoad, firstLoad, LIMIT_KB } from '../bundle-size.mjs';

let dist = '';
afterEach(() => {
  rmSync(dist, { recursive: true, force: true });
  vi.restoreAllMocks();
});

/** A built app: index-A.js imports shared-B.js statically and view-C.js on first use; shared-B.js imports util-D.js. */
function build(view: string): Record<string, string> {
  dist = mkdtempSync(join(tmpdir(), 'hptune-size-'));
  mkdirSync(join(dist, 'assets'));
  const files: Record<string, string> = {
    'assets/index-A.js': `import{s as a}from"./shared-B.js";const v=()=>import("./view-C.js");a(v);`,
    'assets/shared-B.js': `import"./util-D.js";export const s=(f)=>f;`,
    'assets/util-D.js': `globalThis.d=1;`,
    'assets/view-C.js': view,
  };
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dist, f), text);
  writeFileSync(join(dist, 'index.html'), `<!doctype html><script type="module" crossorigin src="./assets/index-A.js"></script>`);
  return files;
}

describe('the first-load size check', () => {
  it('counts the entry and its static imports, not the views imported on first use', () => {
    const files = build('export const big = 1;');
    const r = firstLoad(dist);
    expect([...r.chunks.keys()]).toEqual(['assets/index-A.js', 'assets/shared-B.js', 'assets/util-D.js']);
    const gz = (f: string) => gzipSync(files[f]!).length;
    expect(r.bytes).toBe(gz('assets/index-A.js') + gz('assets/shared-B.js') + gz('assets/util-D.js'));
  });

  it(`fails when the first load is over ${LIMIT_KB} kB gzipped, whatever the views weigh`, () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    // Random bytes do not compress: 300 kB of them in a lazy view leave the first load small...
    const rng = rngFor(7);
    const noise = Array.from({ length: 300_000 }, () => String.fromCharCode(35 + (rng.uint32() % 56))).join('');
    build(`export const big = ${JSON.stringify(noise)};`);
    expect(checkFirstLoad(dist)).toBe(true);
    // ...and in a chunk the entry imports statically, too big.
    writeFileSync(join(dist, 'assets/util-D.js'), `globalThis.d = ${JSON.stringify(noise)};`);
    expect(checkFirstLoad(dist)).toBe(false);
  });
});
