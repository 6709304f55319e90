// The fast cpu kernels (src/workers/kernels) against tfjs's stock ones, on seeded random and edge shapes.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CpuBackend, FastKernel } from '../../src/workers/kernels/cpu.ts';
import { fastAdd, fastMultiply, fastRealDiv, fastSqrt, fastSub } from '../../src/workers/kernels/elementwise.ts';
import { fastGatherV2 } from '../../src/workers/kernels/gather.ts';
import { FAST_KERNEL_NAMES, fastKernelsInUse, fastKernelsWanted, setFastKernels } from '../../src/workers/kernels/index.ts';
import { fastBatchMatMul, fastFusedMatMul } from '../../src/workers/kernels/matmul.ts';

/** mulberry32: a seeded stream for shapes and values. */
function stream(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = stream(20261203);
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const tensor = (shape: number[], lo = -1, hi = 1) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => lo + (hi - lo) * rand()), shape);

const backend = () => tf.backend() as unknown as CpuBackend;

/** Runs a fast kernel directly (no fallback): its result as a tensor, or undefined when it declines. */
function direct(kernel: FastKernel, inputs: Record<string, tf.Tensor | undefined>, attrs: Record<string, unknown> = {}): tf.Tensor | undefined {
  const info = kernel({ inputs, backend: backend(), attrs: attrs as tf.NamedAttrMap });
  return info && tf.engine().makeTensorFromTensorInfo(info);
}

/** The stock kernel's answer: the same op with the fast kernels switched off. */
function stock<T>(f: () => T): T {
  setFastKernels(false);
  try {
    return f();
  } finally {
    setFastKernels(true);
  }
}

function expectClose(actual: tf.Tensor | undefined, expected: tf.Tensor, tol: number): void {
  expect(actual, 'the fast kernel declined a case it should cover').toBeDefined();
  expect(actual!.shape).toEqual(expected.shape);
  const a = actual!.dataSync();
  const e = expected.dataSync();
  let worst = 0;
  for (let i = 0; i < e.length; i++) worst = Math.max(worst, Math.abs(a[i]! - e[i]!) / Math.max(1, Math.abs(e[i]!)));
  expect(worst).toBeLessThanOrEqual(tol);
}

function expectSame(actual: tf.Tensor | undefined, expected: tf.Tensor): void {
  expect(actual, 'the fast kernel declined a case it should cover').toBeDefined();
  expect(actual!.shape).toEqual(expected.shape);
  expect(actual!.dtype).toBe(expected.dtype);
  expect(Array.from(actual!.dataSync())).toEqual(Array.from(expected.dataSync()));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  setFastKernels(true);
});
afterAll(() => setFastKernels(false));

describe('BatchMatMul', () => {
  // Edge shapes first (1×n, n×1, 1×1, sizes around the 4×4 tile), then random ones.
  const shapes: [number, number, number][] = [[1, 1, 1], [1, 37, 5], [37, 1, 5], [5, 3, 1], [4, 4, 4], [3, 5, 7], [8, 12, 16], [9, 13, 17], [1, 128, 784], [32, 10, 128]];
  for (let i = 0; i < 12; i++) shapes.push([int(1, 70), int(1, 70), int(1, 90)]);

  it.each(shapes)('M=%i N=%i K=%i, every transpose combination, matches the stock kernel', (m, n, k) => {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const a = tensor(ta ? [k, m] : [m, k]);
      const b = tensor(tb ? [n, k] : [k, n]);
      expectClose(direct(fastBatchMatMul, { a, b }, { transposeA: ta, transposeB: tb }), stock(() => tf.matMul(a, b, ta, tb)), 1e-5);
    }
  });

  it('batches: equal batch dimensions, a batch of 1 against 4, rank 2 against rank 3', () => {
    const cases: [number[], number[]][] = [[[3, 5, 6], [3, 6, 7]], [[1, 5, 6], [4, 6, 7]], [[4, 5, 6], [1, 6, 7]], [[5, 6], [2, 6, 3]], [[2, 3, 5, 6], [2, 3, 6, 2]]];
    for (const [sa, sb] of cases) {
      const a = tensor(sa);
      const b = tensor(sb);
      expectClose(direct(fastBatchMatMul, { a, b }), stock(() => tf.matMul(a, b)), 1e-5);
    }
  });

  it('broadcasts batch dimensions by numpy rules ([2,1] with [1,3]), as stock does on explicitly tiled inputs', () => {
    // The stock kernel indexes batches modulo their count, which is numpy broadcasting only when one side has 1 batch.
    const a = tensor([2, 1, 4, 5]);
    const b = tensor([1, 3, 5, 6]);
    const expected = stock(() => tf.matMul(tf.tile(a, [1, 3, 1, 1]), tf.tile(b, [2, 1, 1, 1])));
    expectClose(direct(fastBatchMatMul, { a, b }), expected, 1e-5);
  });

  it('rejects mismatched inner dimensions with the stock message, and leaves int32 to the stock kernel', () => {
    expect(() => direct(fastBatchMatMul, { a: tensor([2, 3]), b: tensor([4, 2]) })).toThrow(/inner shapes \(3\) and \(4\)/);
    expect(direct(fastBatchMatMul, { a: tf.ones([2, 2], 'int32'), b: tf.ones([2, 2], 'int32') })).toBeUndefined();
  });
});

describe('_FusedMatMul', () => {
  const activations = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'] as const;

  it.each(activations)('%s with a bias row, a scalar bias and no bias, transposed or not, matches the stock kernel', (activation) => {
    for (let i = 0; i < 4; i++) {
      const [m, n, k] = [int(1, 40), int(1, 40), int(1, 60)];
      const ta = i % 2 === 1;
      const tb = i >= 2;
      const a = tensor(ta ? [k, m] : [m, k], -3, 3);
      const b = tensor(tb ? [n, k] : [k, n]);
      for (const bias of [tensor([n]), tensor([1, n]), tensor([]), undefined]) {
        const attrs = { transposeA: ta, transposeB: tb, activation, leakyreluAlpha: 0.1 };
        const expected = stock(() => tf.fused.matMul({ a, b, transposeA: ta, transposeB: tb, bias, activation, leakyreluAlpha: 0.1 }));
        expectClose(direct(fastFusedMatMul, { a, b, bias }, attrs), expected, 1e-5);
      }
    }
  });

  it('leaves prelu and a bias of a full matrix to the stock kernel, and the registered kernel then gives the stock answer', () => {
    const a = tensor([3, 4]);
    const b = tensor([4, 5]);
    const alpha = tensor([5]);
    expect(direct(fastFusedMatMul, { a, b, preluActivationWeights: alpha }, { activation: 'prelu' })).toBeUndefined();
    expect(direct(fastFusedMatMul, { a, b, bias: tensor([3, 5]) }, { activation: 'relu' })).toBeUndefined();
    const viaRegistry = tf.fused.matMul({ a, b, activation: 'prelu', preluActivationWeights: alpha });
    expectSame(viaRegistry, stock(() => tf.fused.matMul({ a, b, activation: 'prelu', preluActivationWeights: alpha })));
  });
});

describe('Add, Sub, Multiply, RealDiv, Sqrt', () => {
  const ops = { Add: [fastAdd, tf.add], Sub: [fastSub, tf.sub], Multiply: [fastMultiply, tf.mul], RealDiv: [fastRealDiv, tf.div] } as const;
  // Equal shapes, a scalar or size-1 tensor on either side, a row repeated along leading dimensions on either side.
  const pairs: [number[], number[]][] = [[[784, 128], [784, 128]], [[7], [7]], [[33, 5], []], [[], [33, 5]], [[1, 1], [5]], [[4, 5], [5]], [[5], [4, 5]], [[2, 3, 4], [3, 4]], [[2, 3, 4], [1, 3, 4]], [[3, 4], [2, 3, 4]], [[1], [1]]];

  it.each(Object.keys(ops))('%s is bit-identical to the stock kernel on every covered shape pair', (name) => {
    const [fast, op] = ops[name as keyof typeof ops];
    for (const [sa, sb] of pairs) {
      const a = tensor(sa, 0.1, 2);
      const b = tensor(sb, 0.1, 2);
      expectSame(direct(fast, { a, b }), stock(() => op(a, b)));
    }
  });

  it('leaves a column broadcast ([4,1] with [4,5]) and int32 to the stock kernel; through the registry those still give the stock answer', () => {
    const col = tensor([4, 1]);
    const m = tensor([4, 5]);
    expect(direct(fastMultiply, { a: col, b: m })).toBeUndefined();
    expectSame(tf.mul(col, m), stock(() => tf.mul(col, m)));
    const i = tf.tensor1d([1, 2, 3], 'int32');
    expect(direct(fastAdd, { a: i, b: i })).toBeUndefined();
    expectSame(tf.add(i, i), stock(() => tf.add(i, i)));
  });

  it('Sqrt is bit-identical, NaN for negatives as stock', () => {
    const x = tensor([37, 3], -0.5, 4);
    expectSame(direct(fastSqrt, { x }), stock(() => tf.sqrt(x)));
  });
});

describe('GatherV2', () => {
  it('rows of images (block copies), short rows (element loop), other axes, batchDims and int32 values match the stock kernel exactly', () => {
    const cases: [number[], number[], number, number][] = [
      [[50, 28, 28, 1], [32], 0, 0],
      [[50, 10], [7], 0, 0],
      [[6, 9, 40], [2, 5], 1, 0],
      [[6, 9, 3], [11], 2, 0],
      [[4, 9, 5], [4, 3], 1, 1],
    ];
    for (const [shape, idxShape, axis, batchDims] of cases) {
      const x = tensor(shape);
      const dim = shape[axis]!;
      const indices = tf.tensor(Int32Array.from({ length: idxShape.reduce((a, b) => a * b, 1) }, () => int(0, dim - 1)), idxShape, 'int32');
      expectSame(direct(fastGatherV2, { x, indices }, { axis, batchDims }), stock(() => tf.gather(x, indices, axis, batchDims)));
    }
    const xi = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32');
    const idx = tf.tensor1d([2, 0, 2], 'int32');
    expectSame(direct(fastGatherV2, { x: xi, indices: idx }, { axis: 0 }), stock(() => tf.gather(xi, idx)));
  });

  it('an index out of range fails with the stock message', () => {
    expect(() => direct(fastGatherV2, { x: tensor([3, 2]), indices: tf.tensor1d([0, 3], 'int32') }, { axis: 0 })).toThrow('GatherV2: the index value 3 is not in [0, 2]');
  });
});

describe('the switch', () => {
  it('registers every fast kernel for the cpu backend, and setFastKernels(false) restores the stock ones', () => {
    expect(fastKernelsInUse()).toEqual(FAST_KERNEL_NAMES);
    setFastKernels(false);
    expect(fastKernelsInUse()).toEqual([]);
    setFastKernels(true);
    expect(fastKernelsInUse()).toEqual(FAST_KERNEL_NAMES);
  });

  it('HPTUNE_KERNELS=stock asks for the stock kernels; anything else (or nothing) for the fast ones', () => {
    const before = process.env.HPTUNE_KERNELS;
    try {
      process.env.HPTUNE_KERNELS = 'stock';
      expect(fastKernelsWanted()).toBe(false);
      delete process.env.HPTUNE_KERNELS;
      expect(fastKernelsWanted()).toBe(true);
    } finally {
      if (before === undefined) delete process.env.HPTUNE_KERNELS;
      else process.env.HPTUNE_KERNELS = before;
    }
  });
});
