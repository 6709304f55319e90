/**
 * A model trial's checkpoint (docs/differences.md, "Resuming a promoted trial"; engine runner.ts `Checkpoint`): the model's weights and
 * the optimizer's state (its iteration count and slots, e.g. Adam's moments), as one
 * Float32 buffer, with shapes in `meta` so that a resumed trial can check it fits.
 */
import * as tf from '@tensorflow/tfjs';
import type { Checkpoint } from '../../engine/index.ts';

export const CHECKPOINT_FORMAT = 'hptune-tfjs-1';

interface TensorMeta {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32';
}

export async function saveCheckpoint(
  net: tf.LayersModel,
  optimizer: tf.Optimizer,
  step: number,
  extra: Readonly<Record<string, unknown>>,
): Promise<Checkpoint> {
  const weights = net.getWeights().map((t, i) => ({ name: `w${i}`, tensor: t }));
  const slots = await optimizer.getWeights();
  const all = [...weights, ...slots];
  const size = all.reduce((s, w) => s + w.tensor.size, 0);
  const data = new Float32Array(size);
  let offset = 0;
  for (const w of all) {
    data.set(await w.tensor.data(), offset);
    offset += w.tensor.size;
  }
  const describe = (w: { name: string; tensor: tf.Tensor }): TensorMeta => ({ name: w.name, shape: w.tensor.shape, dtype: w.tensor.dtype === 'int32' ? 'int32' : 'float32' });
  // getWeights() returns the model's own variables (not to dispose); the optimizer's iteration scalar is a fresh tensor.
  tf.dispose(slots.filter((s) => !(s.tensor instanceof tf.Variable)).map((s) => s.tensor));
  return {
    step,
    meta: { ...extra, format: CHECKPOINT_FORMAT, weights: weights.map(describe), optimizer: slots.map(describe) },
    data: data.buffer,
  };
}

/** Loads weights and optimizer state; throws when the checkpoint was made for another architecture. */
export async function restoreCheckpoint(net: tf.LayersModel, optimizer: tf.Optimizer, ckpt: Checkpoint): Promise<void> {
  const meta = ckpt.meta as { format?: string; weights?: TensorMeta[]; optimizer?: TensorMeta[] };
  if (meta.format !== CHECKPOINT_FORMAT || !meta.weights || !meta.optimizer) {
    throw new Error(`checkpoint format must be ${CHECKPOINT_FORMAT}; got ${JSON.stringify(meta.format)}`);
  }
  const expected = net.getWeights().map((t) => t.shape);
  const got = meta.weights.map((w) => w.shape);
  if (JSON.stringify(expected) !== JSON.stringify(got)) {
    throw new Error(`checkpoint weights ${JSON.stringify(got)} do not fit this model's ${JSON.stringify(expected)} (same params needed to resume)`);
  }
  const data = new Float32Array(ckpt.data);
  const size = (m: TensorMeta) => m.shape.reduce((a, b) => a * b, 1);
  // Checked before any tensor exists, so a bad checkpoint leaks nothing in a reused worker.
  const described = [...meta.weights, ...meta.optimizer].reduce((n, m) => n + size(m), 0);
  if (described !== data.length) throw new Error(`checkpoint holds ${data.length} values, its meta describes ${described}`);
  let offset = 0;
  const weights: tf.Tensor[] = [];
  const slots: { name: string; tensor: tf.Tensor }[] = [];
  const take = (m: TensorMeta) => {
    const n = size(m);
    const t = tf.tensor(data.subarray(offset, offset + n), [...m.shape], m.dtype);
    offset += n;
    return t;
  };
  try {
    for (const m of meta.weights) weights.push(take(m));
    for (const m of meta.optimizer) slots.push({ name: m.name, tensor: take(m) });
    net.setWeights(weights);
    await optimizer.setWeights(slots);
  } finally {
    tf.dispose(weights);
    tf.dispose(slots.map((s) => s.tensor));
  }
}
