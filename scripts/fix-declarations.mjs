// After `tsc -p tsconfig.lib.json` (docs/library.md, "Building the package"): TypeScript 7
// prints the key "-Infinity" of an object type (zod's enum of the export format's non-finite
// values) as the computed key `[-Infinity]`, which is not valid in a declaration file, so a
// project that checks the package's types (skipLibCheck: false) gets errors. Quote it back.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../build/types/', import.meta.url).pathname;
let fixed = 0;
for (const name of readdirSync(root, { recursive: true })) {
  if (!String(name).endsWith('.d.ts')) continue;
  const file = join(root, String(name));
  const text = readFileSync(file, 'utf8');
  const next = text.replace(/^(\s*)\[-Infinity\]:/gm, '$1"-Infinity":');
  if (next !== text) {
    writeFileSync(file, next);
    fixed++;
  }
}
console.log(`declarations: ${fixed} file(s) with a quoted "-Infinity" key`);
