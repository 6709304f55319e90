/**
 * Fast pure-JavaScript kernels for tfjs's cpu backend, swapped into tfjs's kernel registry
 * (tf.registerKernel; tfjs looks a kernel up on every op, so the swap applies to every
 * model at once). Which kernels, and why these: docs/benchmarks.md, "Training speed". Each
 * one falls back to the stock kernel for the cases it does not cover, and
 * `setFastKernels(false)` puts the stock kernels back (the bench's baseline, and an escape
 * hatch: HPTUNE_KERNELS=stock in the environment of a Node process or its workers).
 */
import * as tf from '@tensorflow/tfjs';
import { withFallback, type FastKernel } from './cpu.ts';
import { fastAdd, fastMultiply, fastRealDiv, fastSqrt, fastSub } from './elementwise.ts';
import { fastGatherV2 } from './gather.ts';
import { fastBatchMatMul, fastFusedMatMul } from './matmul.ts';

/** Kernel name → fast implementation (tfjs-core kernel_names). */
const FAST: Readonly<Record<string, FastKernel>> = {
  BatchMatMul: fastBatchMatMul,
  _FusedMatMul: fastFusedMatMul,
  Add: fastAdd,
  Sub: fastSub,
  Multiply: fastMultiply,
  RealDiv: fastRealDiv,
  Sqrt: fastSqrt,
  GatherV2: fastGatherV2,
};

export const FAST_KERNEL_NAMES: readonly string[] = Object.keys(FAST);

const BACKEND = 'cpu';
/** The stock configs, kept at the first swap so they can be put back. */
const stock = new Map<string, tf.KernelConfig>();
let enabled = false;

/** Registers the fast kernels for the cpu backend (true) or restores the stock ones (false). Idempotent. */
export function setFastKernels(on: boolean): void {
  if (on === enabled) return;
  for (const [name, fast] of Object.entries(FAST)) {
    const current = tf.getKernel(name, BACKEND);
    if (!current) continue; // not a kernel of this tfjs version: nothing to replace
    if (on && !stock.has(name)) stock.set(name, current);
    const base = stock.get(name)!;
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel(on ? { ...base, kernelFunc: withFallback(fast, base.kernelFunc) } : base);
  }
  enabled = on;
}

/** The kernels of the cpu backend that are this module's right now (empty when the stock ones are in use). */
export function fastKernelsInUse(): string[] {
  return FAST_KERNEL_NAMES.filter((name) => stock.has(name) && tf.getKernel(name, BACKEND)?.kernelFunc !== stock.get(name)!.kernelFunc);
}

/** The choice from the environment: fast unless HPTUNE_KERNELS=stock (Node; a browser has no environment, so fast). */
export function fastKernelsWanted(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.HPTUNE_KERNELS !== 'stock';
}
