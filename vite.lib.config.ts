/**
 * The npm package's library build (docs/library.md, "Building the package"): ES modules in
 * build/lib, one file per entry plus shared chunks, every dependency left as an import for
 * the user's bundler or Node to resolve. `npm run build:lib` runs it (and `npm pack` through
 * `prepack`); the CLI is built by vite.cli.config.ts and the declarations by tsconfig.lib.json.
 *
 * `--mode browser` builds the self-contained module for pages without a bundler instead
 * (dependencies inside) into public/lib, with TF.js's own ES module beside it, for the
 * example pages the app's static host serves.
 */
import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) => {
  const browser = mode === 'browser';
  return {
    publicDir: false,
    build: {
      outDir: browser ? 'public/lib' : 'build/lib',
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      lib: {
        entry: (browser ? { hptune: 'src/lib/browser.ts' } : { index: 'src/lib/index.ts', idb: 'src/lib/idb.ts', file: 'src/lib/file.ts' }) as Record<string, string>,
        formats: ['es'],
      },
      rollupOptions: {
        // Dependencies and Node built-ins are imports of the package, not part of it.
        external: browser ? [] : (id: string) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
        // Whitespace too (library mode keeps it for ES output by default): the size users download.
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', minify: true },
      },
    },
    plugins: browser
      ? [{ name: 'copy-tfjs', closeBundle: () => copyFile('node_modules/@tensorflow/tfjs/dist/tf.fesm.min.js', 'public/lib/tf.js') }]
      : [],
  };
});
