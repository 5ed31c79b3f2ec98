// Kernels the tfjs wasm backend (4.22) lacks but training needs. ENVIRONMENT.md §4:
// `UnsortedSegmentSum` is missing on wasm, so the gradient of tf.gather (the embedding lookup)
// throws; this JS kernel works straight on the wasm heap (27 ms for a 30522x64 table, 8x128 ids).
import * as tf from '@tensorflow/tfjs';

/** The parts of the wasm backend (BackendWasm) that the kernel touches. */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

let registered = false;

/**
 * out[segmentIds[i], ...] += x[i, ...]; shape [numSegments, ...x.shape.slice(segmentIds.rank)].
 * Ids outside [0, numSegments) are dropped, as in TensorFlow.
 */
function unsortedSegmentSumWasm(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { x, segmentIds } = args.inputs;
  const numSegments = args.attrs!.numSegments as number;
  const backend = args.backend as WasmHeapBackend;
  const idCount = segmentIds.shape.reduce((a, b) => a * b, 1);
  const innerShape = x.shape.slice(segmentIds.shape.length);
  const inner = innerShape.reduce((a, b) => a * b, 1);
  const out = backend.makeOutput([numSegments, ...innerShape], x.dtype);
  const outValues = backend.typedArrayFromHeap(out);
  outValues.fill(0);
  const xValues = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  for (let i = 0; i < idCount; i++) {
    const segment = ids[i];
    if (segment < 0 || segment >= numSegments) continue;
    const src = i * inner;
    const dst = segment * inner;
    for (let j = 0; j < inner; j++) outValues[dst + j] += xValues[src + j];
  }
  return out;
}

/** Registers the missing kernels on the wasm backend (idempotent). */
export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  const present = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
  if (!present.has('UnsortedSegmentSum')) {
    tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSumWasm as tf.KernelFunc });
  }
}
