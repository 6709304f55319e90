// The browser app's first load, gzipped: the entry chunk named by dist/index.html (assets/index-*.js)
// and every chunk it imports statically (the bundler may split shared code out of the entry
// into chunks the page still loads at once); dynamic imports (views loaded on first use) are
// not counted. test/run-all.mjs fails when it exceeds LIMIT_KB; `node test/bundle-size.mjs`
// prints it for a build in dist/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The limit, in kB of 1000 bytes gzipped, as `vite build` prints sizes. */
export const LIMIT_KB = 150;

/** The entry chunk and its static imports, each with its gzipped size in bytes. */
export function firstLoad(dist = 'dist') {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entry = /<script[^>]*type="module"[^>]*src="\.?\/?(assets\/index-[^"]+\.js)"/.exec(html)?.[1];
  if (!entry) throw new Error(`${dist}/index.html names no assets/index-*.js entry script`);
  const chunks = new Map();
  const visit = (file) => {
    if (chunks.has(file)) return;
    const code = readFileSync(join(dist, file), 'utf8');
    chunks.set(file, gzipSync(code).length);
    // Static imports only: `import"./x.js"` and `from"./x.js"`; `import("./x.js")` loads on first use.
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([^"']+\.js)["']/g)) visit(join('assets', m[1]));
  };
  visit(entry);
  return { entry, chunks, bytes: [...chunks.values()].reduce((a, b) => a + b, 0) };
}

/** Prints the first load chunk by chunk; returns whether it is within the limit. */
export function checkFirstLoad(dist = 'dist') {
  const { entry, chunks, bytes } = firstLoad(dist);
  const kb = (n) => (n / 1000).toFixed(2);
  for (const [file, n] of chunks) console.log(`[size] ${file}${file === entry ? ' (entry)' : ''}: ${kb(n)} kB gzipped`);
  const ok = bytes <= LIMIT_KB * 1000;
  console.log(`[size] main chunk and its static imports: ${kb(bytes)} kB gzipped, limit ${LIMIT_KB} kB: ${ok ? 'ok' : 'TOO BIG'}`);
  return ok;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(checkFirstLoad(process.argv[2]) ? 0 : 1);
