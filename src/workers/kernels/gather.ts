/**
 * The cpu backend's `GatherV2` as slice copies. The stock kernel computes and allocates a
 * coordinate array for every output element (tfjs-backend-cpu kernels/GatherV2_impl);
 * training gathers whole rows, twice per batch (tfjs-layers slices each batch of x and y
 * by index) and once per epoch for the shuffle, so copying each row as one block is what
 * matters. Same shapes (tfjs-core's collectGatherOpShapeInfo), same range check and message;
 * dtypes other than float32 and int32 go to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { FastKernel } from './cpu.ts';

/** Below this many elements per row a plain loop beats subarray + set (an object per row). */
const BLOCK_COPY_MIN = 32;

export const fastGatherV2: FastKernel = ({ inputs, backend, attrs }) => {
  const { x, indices } = inputs;
  if ((x!.dtype !== 'float32' && x!.dtype !== 'int32') || indices!.dtype !== 'int32') return undefined;
  const xv = backend.data.get(x!.dataId).values;
  const iv = backend.data.get(indices!.dataId).values;
  if (!(xv instanceof Float32Array || xv instanceof Int32Array) || !(iv instanceof Int32Array)) return undefined;
  const axis = tf.util.parseAxisParam(attrs?.axis as number, x!.shape)[0]!;
  const dim = x!.shape[axis]!;
  for (let i = 0; i < iv.length; i++) {
    const index = iv[i]!;
    if (!(index <= dim - 1 && index >= 0)) throw new Error(`GatherV2: the index value ${index} is not in [0, ${dim - 1}]`);
  }
  const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(x!, indices!, axis, (attrs?.batchDims as number | undefined) ?? 0);
  const { batchSize, outerSize, dimSize, sliceSize } = info;
  const perBatch = iv.length / batchSize;
  const out = xv instanceof Float32Array ? new Float32Array(batchSize * outerSize * perBatch * sliceSize) : new Int32Array(batchSize * outerSize * perBatch * sliceSize);
  let dst = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let o = 0; o < outerSize; o++) {
      const base = (b * outerSize + o) * dimSize;
      for (let i = 0; i < perBatch; i++, dst += sliceSize) {
        const src = (base + iv[b * perBatch + i]!) * sliceSize;
        if (sliceSize >= BLOCK_COPY_MIN) out.set(xv.subarray(src, src + sliceSize), dst);
        else for (let s = 0; s < sliceSize; s++) out[dst + s] = xv[src + s]!;
      }
    }
  }
  return backend.makeTensorInfo(info.outputShape, x!.dtype, out);
};
