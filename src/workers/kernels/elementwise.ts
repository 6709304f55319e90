/**
 * Float32 `Add`, `Sub`, `Multiply`, `RealDiv` and `Sqrt` with one plain loop per operation.
 *
 * The stock cpu kernels share one loop that calls the operation through a function value
 * for every element (tfjs-backend-cpu utils/binary_impl, unary_impl); V8 cannot inline a
 * call site shared by all operations, so a 100k-element update costs about 0.4 ms, and
 * Adam makes a dozen such calls per weight matrix per step (tfjs-core
 * optimizers/adam_optimizer). Profiling an MNIST MLP step put these four ops above the
 * matMuls at batch 32. Covered shapes: equal shapes, one operand of size 1, and one operand
 * broadcast along leading dimensions (a bias row); every other case, and non-float32
 * tensors, go to the stock kernel. Results are bit-identical to the stock kernels': the same
 * double-precision operation rounded to float32 once.
 */
import * as tf from '@tensorflow/tfjs';
import { floats, sizeOf, type FastKernel } from './cpu.ts';

type BinaryOp = 'Add' | 'Sub' | 'Multiply' | 'RealDiv';

/**
 * out[o + j] = big[o + j] ∘ small[j] for o stepping by small.length (`smallFirst`: small[j] ∘ big[o + j]).
 * A size-1 `small` takes its own loops, which do not pay an inner loop per element.
 */
function apply(op: BinaryOp, big: Float32Array, small: Float32Array, smallFirst: boolean, out: Float32Array): void {
  const len = out.length;
  const m = small.length;
  if (m === 1) {
    const s = small[0]!;
    switch (op) {
      case 'Add': for (let i = 0; i < len; i++) out[i] = big[i]! + s; return;
      case 'Multiply': for (let i = 0; i < len; i++) out[i] = big[i]! * s; return;
      case 'Sub': if (smallFirst) for (let i = 0; i < len; i++) out[i] = s - big[i]!; else for (let i = 0; i < len; i++) out[i] = big[i]! - s; return;
      case 'RealDiv': if (smallFirst) for (let i = 0; i < len; i++) out[i] = s / big[i]!; else for (let i = 0; i < len; i++) out[i] = big[i]! / s; return;
    }
  }
  for (let o = 0; o < len; o += m) {
    switch (op) {
      case 'Add': for (let j = 0; j < m; j++) out[o + j] = big[o + j]! + small[j]!; break;
      case 'Multiply': for (let j = 0; j < m; j++) out[o + j] = big[o + j]! * small[j]!; break;
      case 'Sub': if (smallFirst) for (let j = 0; j < m; j++) out[o + j] = small[j]! - big[o + j]!; else for (let j = 0; j < m; j++) out[o + j] = big[o + j]! - small[j]!; break;
      case 'RealDiv': if (smallFirst) for (let j = 0; j < m; j++) out[o + j] = small[j]! / big[o + j]!; else for (let j = 0; j < m; j++) out[o + j] = big[o + j]! / small[j]!; break;
    }
  }
}

/** True when `small`, aligned right against `out`, is 1s and then exactly out's trailing dimensions: its values repeat along the leading ones. */
function repeatsAlongLeading(small: readonly number[], out: readonly number[]): boolean {
  const shift = out.length - small.length;
  if (shift < 0) return false;
  let d = 0;
  while (d < small.length && small[d] === 1) d++;
  for (let i = d; i < small.length; i++) if (small[i] !== out[i + shift]) return false;
  return true;
}

const binary =
  (op: BinaryOp): FastKernel =>
  ({ inputs, backend }) => {
    const { a, b } = inputs;
    const av = floats(backend, a);
    const bv = floats(backend, b);
    if (!av || !bv) return undefined;
    const shape = tf.broadcast_util.assertAndGetBroadcastShape(a!.shape, b!.shape);
    const size = sizeOf(shape);
    const out = new Float32Array(size);
    if (av.length === size && repeatsAlongLeading(b!.shape, shape)) apply(op, av, bv, false, out);
    else if (bv.length === size && repeatsAlongLeading(a!.shape, shape)) apply(op, bv, av, true, out);
    else return undefined;
    return backend.makeTensorInfo(shape, 'float32', out);
  };

export const fastAdd = binary('Add');
export const fastSub = binary('Sub');
export const fastMultiply = binary('Multiply');
export const fastRealDiv = binary('RealDiv');

export const fastSqrt: FastKernel = ({ inputs, backend }) => {
  const xv = floats(backend, inputs.x);
  if (!xv) return undefined;
  const out = new Float32Array(xv.length);
  for (let i = 0; i < xv.length; i++) out[i] = Math.sqrt(xv[i]!);
  return backend.makeTensorInfo(inputs.x!.shape, 'float32', out);
};
