/**
 * Loads a dataset named in `run.dataset` once per worker and keeps it.
 * Data is plain typed arrays; models make tensors per trial and dispose them, so the
 * worker's tensor count returns to its baseline after every trial.
 */
import type { DatasetName } from '../../engine/index.ts';
import { irisDataset } from './iris.ts';
import { decodeMnist, gunzipIfNeeded, MNIST_FILE, mnistDataset } from './mnist-format.ts';
import { SYNTHETIC, syntheticDataset, type SyntheticName } from './synthetic.ts';
import type { AssetLoader, Dataset } from './types.ts';

export type { AssetLoader, Dataset, Split, Task } from './types.ts';

const cache = new Map<DatasetName, Promise<Dataset>>();

async function load(name: DatasetName, loadAsset: AssetLoader): Promise<Dataset> {
  if (name === 'mnist') return mnistDataset(decodeMnist(await gunzipIfNeeded(await loadAsset(MNIST_FILE))));
  if (name === 'iris') return irisDataset();
  if ((SYNTHETIC as readonly string[]).includes(name)) return syntheticDataset(name as SyntheticName);
  throw new Error(`run.dataset must be one of mnist, iris, ${SYNTHETIC.join(', ')}; got ${JSON.stringify(name)}`);
}

export function loadDataset(name: DatasetName, loadAsset: AssetLoader): Promise<Dataset> {
  let p = cache.get(name);
  if (!p) {
    p = load(name, loadAsset);
    cache.set(name, p);
    p.catch(() => cache.delete(name)); // a failed load (e.g. network) is retried by the next trial
  }
  return p;
}
