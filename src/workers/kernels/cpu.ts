/**
 * What the fast kernels need of tfjs's cpu backend, typed here rather than imported from
 * @tensorflow/tfjs-backend-cpu (a dependency of @tensorflow/tfjs, not of this project):
 * a tensor's values are `backend.data.get(dataId).values`, a result is registered with
 * `backend.makeTensorInfo` (the pattern of every kernel in tfjs-backend-cpu/src/kernels).
 */
import type { DataId, DataType, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

export interface CpuBackend {
  readonly data: { get(id: DataId): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: DataType, values: Float32Array | Int32Array): TensorInfo;
}

/** The arguments tfjs passes a kernel, with the backend typed. */
export interface KernelArgs {
  readonly inputs: NamedTensorInfoMap;
  readonly backend: CpuBackend;
  readonly attrs?: NamedAttrMap;
}

/** A fast kernel: returns its result, or `undefined` for a case it leaves to the stock kernel. */
export type FastKernel = (args: KernelArgs) => TensorInfo | undefined;

/** Wraps a fast kernel so the cases it declines run the stock one. */
export const withFallback =
  (fast: FastKernel, stock: KernelFunc): KernelFunc =>
  (args) =>
    fast(args as unknown as KernelArgs) ?? stock(args);

/** The Float32Array of a float32 tensor; undefined for any other dtype (left to the stock kernel). */
export function floats(backend: CpuBackend, t: TensorInfo | undefined): Float32Array | undefined {
  if (!t || t.dtype !== 'float32') return undefined;
  const v = backend.data.get(t.dataId).values;
  return v instanceof Float32Array ? v : undefined;
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
