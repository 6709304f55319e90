/**
 * The cpu backend's `BatchMatMul` and `_FusedMatMul` kernels on the packed gemm (gemm.ts).
 * Same contract as tfjs's: `a` [...batchA, M, K] (or [..., K, M] with transposeA), `b`
 * [...batchB, K, N] (or [..., N, K] with transposeB), batch dimensions broadcast by numpy
 * rules; the fused kernel then adds `bias` (broadcast to the output) and applies
 * `activation`. A Dense layer's forward pass is one of them (fused, unless a gradient is
 * being recorded through a non-linear activation: tfjs-core's fused ops then run unfused), its
 * backward pass two plain ones (dW = xᵀ·dy and dx = dy·Wᵀ): these products carry a training step.
 * Non-float32 inputs, a bias that is not a scalar or a row of N, and prelu go to the stock
 * kernel (withFallback in cpu.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { floats, sizeOf, type CpuBackend, type FastKernel } from './cpu.ts';
import { gemm, type MatrixView } from './gemm.ts';

/** For each output batch index, the index of the input batch it reads (numpy broadcasting: size-1 dimensions repeat). */
function batchIndices(outDims: readonly number[], inDims: readonly number[]): Int32Array {
  const total = sizeOf(outDims);
  const out = new Int32Array(total);
  const shift = outDims.length - inDims.length;
  for (let i = 0; i < total; i++) {
    let rest = i;
    let index = 0;
    let stride = 1;
    for (let d = outDims.length - 1; d >= shift; d--) {
      const coord = rest % outDims[d]!;
      rest = Math.floor(rest / outDims[d]!);
      const size = inDims[d - shift]!;
      if (size !== 1) index += coord * stride;
      stride *= size;
    }
    out[i] = index;
  }
  return out;
}

interface Product {
  readonly values: Float32Array;
  readonly shape: number[];
}

/** The batched product of a and b, or undefined when they are not both float32. */
function product(backend: CpuBackend, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): Product | undefined {
  const av = floats(backend, a);
  const bv = floats(backend, b);
  if (!av || !bv) return undefined;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const [m, ka] = transposeA ? [a.shape[ra - 1]!, a.shape[ra - 2]!] : [a.shape[ra - 2]!, a.shape[ra - 1]!];
  const [kb, n] = transposeB ? [b.shape[rb - 1]!, b.shape[rb - 2]!] : [b.shape[rb - 2]!, b.shape[rb - 1]!];
  if (ka !== kb) {
    throw new Error(`Error in matMul: inner shapes (${ka}) and (${kb}) of Tensors with shapes ${a.shape} and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`);
  }
  const k = ka;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  const batches = sizeOf(outer);
  const ia = batchIndices(outer, outerA);
  const ib = batchIndices(outer, outerB);
  const values = new Float32Array(batches * m * n);
  // Stored a is [M, K] (row stride K) or, transposed, [K, M] (column stride M); likewise b.
  const aStrides = transposeA ? { rowStride: 1, colStride: m } : { rowStride: k, colStride: 1 };
  const bStrides = transposeB ? { rowStride: 1, colStride: k } : { rowStride: n, colStride: 1 };
  for (let i = 0; i < batches; i++) {
    const va: MatrixView = { data: av, offset: ia[i]! * m * k, ...aStrides };
    const vb: MatrixView = { data: bv, offset: ib[i]! * k * n, ...bStrides };
    gemm(m, n, k, va, vb, values, i * m * n);
  }
  return { values, shape: [...outer, m, n] };
}

export const fastBatchMatMul: FastKernel = ({ inputs, backend, attrs }) => {
  const p = product(backend, inputs.a!, inputs.b!, Boolean(attrs?.transposeA), Boolean(attrs?.transposeB));
  return p && backend.makeTensorInfo(p.shape, 'float32', p.values);
};

/** The activations of tfjs's fused ops (tfjs-backend-cpu utils/fused_utils), element by element, as the stock kernels compute them. */
const ACTIVATIONS: Readonly<Record<string, (x: number, alpha: number) => number>> = {
  linear: (x) => x,
  relu: (x) => Math.max(0, x),
  relu6: (x) => Math.min(Math.max(0, x), 6),
  elu: (x) => (x >= 0 ? x : Math.exp(x) - 1),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  leakyrelu: (x, alpha) => (x < 0 ? alpha * x : x),
};

/** A bias the epilogue handles: one value, or one per output column (shape [N], [1, N], …), with no more dimensions than the output. */
function biasFits(bias: TensorInfo, n: number, outRank: number): boolean {
  const size = sizeOf(bias.shape);
  return bias.dtype === 'float32' && bias.shape.length <= outRank && (size === 1 || (size === n && bias.shape[bias.shape.length - 1] === n));
}

export const fastFusedMatMul: FastKernel = ({ inputs, backend, attrs }) => {
  const { a, b, bias } = inputs;
  const transposeB = Boolean(attrs?.transposeB);
  const act = ACTIVATIONS[(attrs?.activation as string | undefined) ?? 'linear'];
  const n = b!.shape[b!.shape.length - (transposeB ? 2 : 1)]!;
  if (!act || inputs.preluActivationWeights || (bias && !biasFits(bias, n, Math.max(a!.shape.length, b!.shape.length)))) return undefined;
  const p = product(backend, a!, b!, Boolean(attrs?.transposeA), transposeB);
  const bv = bias ? floats(backend, bias) : undefined;
  if (!p || (bias && !bv)) return undefined;
  const values = p.values;
  const alpha = Number(attrs?.leakyreluAlpha ?? 0.2);
  const linear = act === ACTIVATIONS.linear;
  // As the stock kernel: the product, then product + bias, rounded to float32 before the activation.
  for (let i = 0; i < values.length; i++) {
    const x = bv ? Math.fround(values[i]! + bv[bv.length === 1 ? 0 : i % n]!) : values[i]!;
    values[i] = linear ? x : act(x, alpha);
  }
  return backend.makeTensorInfo(p.shape, 'float32', values);
};
