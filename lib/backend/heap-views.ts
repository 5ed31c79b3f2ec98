// Float32Array views of tensors' memory on the wasm heap, for updates done in place (AdamW, the
// gradient norm) instead of through a chain of tfjs ops that each allocate a tensor-sized result.
// A view is valid until the next allocation (the heap may grow and replace its buffer): take views
// right before the loop that uses them and allocate nothing in between.
import * as tf from '@tensorflow/tfjs';

/** The internals of BackendWasm used here (tfjs-backend-wasm 4.22). */
interface WasmData {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  refCount(dataId: tf.DataId): number;
}

function wasmBackend(): WasmData | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  const b = tf.backend() as unknown as Partial<WasmData>;
  return typeof b.typedArrayFromHeap === 'function' && typeof b.refCount === 'function' ? (b as WasmData) : undefined;
}

/** True when tensors live on the wasm heap and can be read and written through views. */
export function heapViewsAvailable(): boolean {
  return wasmBackend() !== undefined;
}

/** A read view of a float32 tensor's heap memory; undefined off wasm or for other dtypes. */
export function heapView(t: tf.Tensor): Float32Array | undefined {
  const b = wasmBackend();
  if (!b || t.dtype !== 'float32' || t.isDisposed) return undefined;
  return b.typedArrayFromHeap(t);
}

/**
 * A new float32 tensor of `shape` whose values `fill` writes straight into its heap memory (no
 * JS-side array and copy); off wasm, `fill` writes a plain array that becomes the tensor.
 */
export function tensorFilledBy(shape: number[], fill: (out: Float32Array) => void): tf.Tensor {
  const b = wasmBackend();
  if (!b) {
    const values = new Float32Array(shape.reduce((p, d) => p * d, 1));
    fill(values);
    return tf.tensor(values, shape, 'float32');
  }
  const t = tf.engine().makeTensorFromTensorInfo(b.makeOutput(shape, 'float32'));
  fill(b.typedArrayFromHeap(t));
  return t;
}

/**
 * Makes `v` the only owner of its heap memory (a variable made from a tensor, or assigned one,
 * shares that tensor's memory until then), copying it once when it is shared, so writing through
 * heapView(v) changes v alone. Returns false off wasm or for other dtypes.
 */
export function ownHeapMemory(v: tf.Variable): boolean {
  const b = wasmBackend();
  if (!b || v.dtype !== 'float32') return false;
  if (b.refCount(v.dataId) > 1) {
    const copy = tf.mul(v, 1); // a fresh buffer
    v.assign(copy);
    copy.dispose();
  }
  return true;
}
