/**
 * Build step for the service worker (docs/deploy.md, "Offline and updates"): `vite build`
 * bundles src/sw/sw.ts to sw.js beside index.html and writes into it the build's precache
 * list (every file of dist/ but sw.js: the app shell, the trial worker, the examples, the
 * MNIST data) and a version, the hash of those files' contents. A build with any change gets
 * a new version, so the browser installs it beside the working one in a cache of its own.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import type { Precache } from './precache.ts';

const ENTRY = 'src/sw/sw.ts';
const OUTPUT = 'sw.js';
const PLACEHOLDER = '__HPTUNE_PRECACHE__';

function publicFiles(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? publicFiles(p, root) : [relative(root, p).split(sep).join('/')];
  });
}

export function serviceWorker(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'hptune:service-worker',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    buildStart() {
      this.emitFile({ type: 'chunk', id: join(config.root, ENTRY), fileName: OUTPUT });
    },
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const sw = bundle[OUTPUT];
        if (!sw || sw.type !== 'chunk') return this.error(`${OUTPUT} was not built from ${ENTRY}`);
        // Browsers run sw.js as a classic script: it must be one self-contained file.
        if (sw.imports.length > 0 || sw.dynamicImports.length > 0) this.error(`${OUTPUT} imports ${[...sw.imports, ...sw.dynamicImports].join(', ')}; it must import nothing shared with the app`);
        const contents = new Map<string, Uint8Array | string>();
        for (const [name, out] of Object.entries(bundle)) {
          if (name === OUTPUT || name.endsWith('.map')) continue;
          contents.set(name, out.type === 'chunk' ? out.code : out.source);
        }
        const pub = config.publicDir;
        if (pub) for (const name of publicFiles(pub)) if (!contents.has(name)) contents.set(name, readFileSync(join(pub, name)));
        const files = [...contents.keys()].sort();
        const hash = createHash('sha256');
        for (const f of files) hash.update(f).update('\0').update(contents.get(f)!).update('\0');
        const precache: Precache = { version: hash.digest('hex').slice(0, 16), files };
        const at = sw.code.indexOf(PLACEHOLDER);
        if (at < 0 || sw.code.indexOf(PLACEHOLDER, at + 1) >= 0) this.error(`${OUTPUT} must name ${PLACEHOLDER} exactly once`);
        sw.code = sw.code.replace(PLACEHOLDER, JSON.stringify(precache));
      },
    },
  };
}
