import { describe, expect, it } from 'vitest';
import { DATASETS } from '../../src/engine/spec/types.ts';
import { nodeAssetLoader } from '../../src/workers/assets.node.ts';
import { loadDataset, type Dataset } from '../../src/workers/datasets/index.ts';
import { DATASET_INFO } from '../../src/workers/datasets/info.ts';
import { decodeMnist, encodeMnist } from '../../src/workers/datasets/mnist-format.ts';
import { MODEL_PARAMS, parseModelParams } from '../../src/workers/models/params.ts';

const rowClass = (d: Dataset, split: 'train' | 'validation', i: number) => {
  const row = d[split].y.subarray(i * d.outputs, (i + 1) * d.outputs);
  return row.indexOf(1);
};

describe('datasets that ship', () => {
  for (const name of DATASETS) {
    it(`${name}: matches DATASET_INFO, finite features, one-hot labels, loaded once`, async () => {
      const d = await loadDataset(name, nodeAssetLoader);
      const info = DATASET_INFO[name];
      expect({ task: d.task, inputShape: d.inputShape, outputs: d.outputs, trainSize: d.train.n, validationSize: d.validation.n }).toEqual(info);
      const width = info.inputShape.reduce((a, b) => a * b, 1);
      for (const s of [d.train, d.validation]) {
        expect(s.x.length).toBe(s.n * width);
        expect(s.y.length).toBe(s.n * d.outputs);
        expect(s.x.every(Number.isFinite)).toBe(true);
      }
      if (d.task === 'classification') {
        for (let i = 0; i < d.train.n; i++) expect(d.train.y.subarray(i * d.outputs, (i + 1) * d.outputs).reduce((a, b) => a + b, 0)).toBe(1);
        // every class present in both splits
        for (const split of ['train', 'validation'] as const) {
          const seen = new Set(Array.from({ length: d[split].n }, (_, i) => rowClass(d, split, i)));
          expect(seen.size).toBe(d.outputs);
        }
      }
      expect(await loadDataset(name, nodeAssetLoader)).toBe(d);
    });
  }

  it('Playground rules hold up to the 10 % noise: xor = sign(x·y), circle = inside r 2.5, plane = (x + y) / 10', async () => {
    const agree = async (name: 'xor' | 'circle', rule: (x: number, y: number) => number) => {
      const d = await loadDataset(name, nodeAssetLoader);
      let ok = 0;
      for (let i = 0; i < d.train.n; i++) ok += Number(rule(d.train.x[2 * i], d.train.x[2 * i + 1]) === rowClass(d, 'train', i));
      return ok / d.train.n;
    };
    expect(await agree('xor', (x, y) => (x * y >= 0 ? 1 : 0))).toBeGreaterThan(0.9);
    expect(await agree('circle', (x, y) => (Math.hypot(x, y) < 2.5 ? 1 : 0))).toBeGreaterThan(0.9);
    const p = await loadDataset('plane', nodeAssetLoader);
    for (let i = 0; i < p.train.n; i++) expect(Math.abs(p.train.y[i] - (p.train.x[2 * i] + p.train.x[2 * i + 1]) / 10)).toBeLessThanOrEqual(0.12 + 1e-6);
  });

  it('mnist: about 1000 of each digit, intensities in [0, 1]', async () => {
    const d = await loadDataset('mnist', nodeAssetLoader);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < d.train.n; i++) counts[rowClass(d, 'train', i)]++;
    for (const c of counts) expect(c).toBeGreaterThan(600);
    expect(d.train.x.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('the MNIST file format round-trips and rejects other bytes', () => {
    const images = { rows: 2, cols: 3, labels: Uint8Array.from([4, 7]), pixels: Uint8Array.from({ length: 12 }, (_, i) => i * 20) };
    const back = decodeMnist(encodeMnist(images));
    expect(back).toEqual(images);
    expect(() => decodeMnist(new Uint8Array(20))).toThrow(/not an hptune MNIST file/);
    expect(() => decodeMnist(encodeMnist(images).subarray(0, 20))).toThrow(/expected 26 bytes for 2 images, got 20/);
  });
});

describe('model params table', () => {
  it('defaults fill every param the table lists', () => {
    expect(parseModelParams('cnn', {})).toEqual({
      learningRate: 0.001, optimizer: 'adam', layers: 1, units: 64, activation: 'relu', dropout: 0, l2: 0, batchSize: 32, epochs: 10,
      convLayers: 2, filters: 8, kernelSize: 3,
    });
    expect(Object.keys(MODEL_PARAMS.mlp)).not.toContain('filters');
    expect(Object.keys(MODEL_PARAMS.cnn)).toEqual(expect.arrayContaining(['filters', 'kernel_size', 'conv_layers', 'epochs']));
  });
  it('epochs (the resource) is rounded; mlp ignores cnn-only params', () => {
    expect(parseModelParams('mlp', { epochs: 2.9999999, filters: -1 }).epochs).toBe(3);
    expect(() => parseModelParams('mlp', { epochs: 0.2 })).toThrow(/param epochs \(mlp\) must be ≥ 1; got 0.2/);
  });
});
