// What the native kernels need of the wasm backend: outputs allocated on its heap and Float32Array
// views of a tensor's heap memory, which the addon reads and writes in place (no copies).
import type * as tf from '@tensorflow/tfjs';
import type { NativeAddon } from './native-addon';

export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } };
}

/** The arguments tfjs passes a kernel function. */
export type KernelArgs = { inputs: Record<string, tf.TensorInfo | undefined>; backend: unknown; attrs?: tf.NamedAttrMap };

export const product = (dims: number[]): number => dims.reduce((p, d) => p * d, 1);

/**
 * The wasm backend does not check malloc: on a full heap (4 GiB) it hands out offset 0 and the
 * next write corrupts the heap. A native output at offset 0 stops here with the reason instead.
 */
export function heapOutput(backend: WasmHeapBackend, shape: number[]): tf.TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  if (product(shape) > 0 && backend.dataIdMap.get(out.dataId).memoryOffset === 0) {
    throw new Error(
      `the wasm heap is full (4 GiB for all tensors of a process) allocating [${shape.join(',')}]: use a smaller batch or model, or tfjs-node`,
    );
  }
  return out;
}

/** True when every tensor given is float32 (absent ones are skipped). */
export function allFloat32(...tensors: (tf.TensorInfo | undefined)[]): boolean {
  return tensors.every((t) => !t || t.dtype === 'float32');
}

/** A wasm kernel config calling run(addon, args). */
export function wasmKernel(
  name: string,
  addon: NativeAddon,
  run: (addon: NativeAddon, args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[],
): tf.KernelConfig {
  return { kernelName: name, backendName: 'wasm', kernelFunc: (args: KernelArgs) => run(addon, args) };
}
