/**
 * The `hptune` command as the npm package runs it (docs/library.md, "Building the package"):
 * a Node build of src/cli/bin.ts and the worker entry the pool starts, in build/cli, with the
 * dependencies left as imports. From the repository the command runs the TypeScript through
 * tsx instead (src/cli/hptune.js).
 */
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    ssr: true,
    outDir: 'build/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rollupOptions: {
      input: { hptune: 'src/cli/bin.ts', 'trial.node': 'src/workers/trial.node.ts' },
      // Chunks sit beside the entries: the pool finds trial.node.js next to itself, and the
      // data and python folders are two levels up, as they are from src/workers and src/cmd.
      output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
