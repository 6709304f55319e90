/**
 * hptune's MNIST file (`public/data/mnist.bin`, written by build-mnist.ts), gzip-compressed:
 *
 *   offset 0   "HPMN" magic, u8 version (1), u8 rows, u8 cols, u8 reserved
 *   offset 8   u32 little-endian count
 *   offset 12  count × u8 labels (0–9)
 *   then       count × rows × cols × u8 pixels (round(255 · intensity)), row-major
 *
 * Examples are stored in a fixed shuffled order; the first TRAIN_COUNT form the training
 * split and the rest the validation split.
 */
import type { Dataset } from './types.ts';

export const MNIST_FILE = 'mnist.bin';
const MAGIC = [0x48, 0x50, 0x4d, 0x4e]; // "HPMN"
const VERSION = 1;
const HEADER = 12;
/** 8000 train / the rest (≈ 2000) validation. */
export const TRAIN_COUNT = 8000;

export interface MnistImages {
  readonly rows: number;
  readonly cols: number;
  readonly labels: Uint8Array;
  readonly pixels: Uint8Array;
}

export function encodeMnist(images: MnistImages): Uint8Array {
  const count = images.labels.length;
  const out = new Uint8Array(HEADER + count + images.pixels.length);
  out.set(MAGIC, 0);
  out[4] = VERSION;
  out[5] = images.rows;
  out[6] = images.cols;
  new DataView(out.buffer).setUint32(8, count, true);
  out.set(images.labels, HEADER);
  out.set(images.pixels, HEADER + count);
  return out;
}

export function decodeMnist(bytes: Uint8Array): MnistImages {
  if (bytes.length < HEADER || MAGIC.some((m, i) => bytes[i] !== m) || bytes[4] !== VERSION) {
    throw new Error(`${MNIST_FILE}: not an hptune MNIST file (version ${VERSION}); regenerate it with build-mnist.ts`);
  }
  const rows = bytes[5];
  const cols = bytes[6];
  const count = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  const expected = HEADER + count * (1 + rows * cols);
  if (bytes.length !== expected) throw new Error(`${MNIST_FILE}: expected ${expected} bytes for ${count} images, got ${bytes.length}`);
  return {
    rows,
    cols,
    labels: bytes.subarray(HEADER, HEADER + count),
    pixels: bytes.subarray(HEADER + count),
  };
}

/** Decompresses gzip (magic 1f 8b) with the DecompressionStream that browsers and Node ≥ 18 share; other bytes pass through. */
export async function gunzipIfNeeded(buf: ArrayBuffer): Promise<Uint8Array> {
  const bytes = new Uint8Array(buf);
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The MNIST images as a Dataset: intensities in [0, 1], one-hot labels, shape [rows, cols, 1]. */
export function mnistDataset(images: MnistImages): Dataset {
  const { rows, cols, labels, pixels } = images;
  const size = rows * cols;
  const split = (from: number, to: number) => {
    const n = to - from;
    const x = new Float32Array(n * size);
    for (let i = 0; i < n * size; i++) x[i] = pixels[from * size + i] / 255;
    const y = new Float32Array(n * 10);
    for (let i = 0; i < n; i++) y[i * 10 + labels[from + i]] = 1;
    return { x, y, n };
  };
  const count = labels.length;
  const nTrain = Math.min(TRAIN_COUNT, count);
  return { name: 'mnist', task: 'classification', inputShape: [rows, cols, 1], outputs: 10, train: split(0, nTrain), validation: split(nTrain, count) };
}
