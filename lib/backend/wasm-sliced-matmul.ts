// `DmlSlicedMatMul` for the wasm backend: a [N, M, K] @ b [N, K, P] → [N, M, P] as N plain 2-D
// products run straight on the heap. Each slice is registered with the wasm module as a tensor
// that aliases a range of its parent's memory, multiplied by the backend's own XNNPACK path
// (the fast one: batch 1, no transpose flags), then unregistered, which also frees the XNNPACK
// operator cached for it. Nothing is copied and no tfjs op runs per slice.
// Measured on [128,64,64]@[128,64,64] (attention of the small model): 5.9 ms CPU, against 12.6-16.7
// ms for unstack → 128 tf.matMul → stack and 31 ms for tfjs' batched kernel.
import * as tf from '@tensorflow/tfjs';

export const SLICED_MATMUL = 'DmlSlicedMatMul';

/** The internals of BackendWasm this kernel relies on (tfjs-backend-wasm 4.22). */
interface WasmInternals {
  wasm: {
    cwrap(name: string, ret: null, args: string[]): (...a: unknown[]) => void;
    tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void };
  };
  dataIdMap: { get(dataId: tf.DataId): { id: number; memoryOffset: number } };
  dataIdNextNumber: number;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

const calls = new WeakMap<object, (...a: unknown[]) => void>();

function shapeBytes(shape: number[]): Uint8Array {
  return new Uint8Array(new Int32Array(shape).buffer);
}

function slicedMatMul(args: { inputs: Record<string, tf.TensorInfo>; backend: unknown }): tf.TensorInfo {
  const { a, b } = args.inputs;
  const backend = args.backend as WasmInternals;
  if (!calls.has(backend))
    calls.set(
      backend,
      backend.wasm.cwrap('BatchMatMul', null, ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number']),
    );
  const batchMatMul = calls.get(backend)!;
  const [N, M, K] = a.shape;
  const P = b.shape[2];
  const out = backend.makeOutput([N, M, P], 'float32');
  const [aOffset, bOffset, outOffset] = [a, b, out].map((t) => backend.dataIdMap.get(t.dataId).memoryOffset);
  const aShape = shapeBytes([1, M, K]);
  const bShape = shapeBytes([1, K, P]);
  const { tfjs } = backend.wasm;
  const registerTensor = (id: number, size: number, offset: number) => tfjs.registerTensor(id, size, offset);
  const disposeData = (id: number) => tfjs.disposeData(id);
  for (let i = 0; i < N; i++) {
    const ids = [backend.dataIdNextNumber++, backend.dataIdNextNumber++, backend.dataIdNextNumber++];
    registerTensor(ids[0], M * K, aOffset + 4 * i * M * K);
    registerTensor(ids[1], K * P, bOffset + 4 * i * K * P);
    registerTensor(ids[2], M * P, outOffset + 4 * i * M * P);
    batchMatMul(ids[0], aShape, 3, ids[1], bShape, 3, false, false, ids[2]);
    for (const id of ids) disposeData(id);
  }
  return out;
}

export function registerSlicedMatMul(): void {
  tf.registerKernel({ kernelName: SLICED_MATMUL, backendName: 'wasm', kernelFunc: slicedMatMul as unknown as tf.KernelFunc });
}

/** a [N, M, K] @ b [N, K, P] on wasm, no gradient (fast-matmul.ts wraps it in one). */
export function slicedMatMulWasm(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  return tf.engine().runKernel<tf.Tensor3D>(SLICED_MATMUL, { a, b });
}
