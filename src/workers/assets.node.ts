/** Node's AssetLoader: reads `public/data/<name>` from the repository (the CLI and tests). */
import { readFile } from 'node:fs/promises';
import type { AssetLoader } from './datasets/types.ts';

const DATA_DIR = new URL('../../public/data/', import.meta.url);

export const nodeAssetLoader: AssetLoader = async (name) => {
  const bytes = await readFile(new URL(name, DATA_DIR));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};
