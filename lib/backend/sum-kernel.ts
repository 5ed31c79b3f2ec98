// Native Sum over the leading axes (native/src/column-sums.cc): the bias gradients of the dense
// layers (tfjs' fused matMul gradient sums dy over its rows) and LayerNorm's dγ, dβ on the tfjs
// path. tfjs' wasm Sum transposes the reduced axes to the end first: 35 ms for [2048, 1024] on one
// thread, against well under a millisecond in one pass here. Every other reduction (trailing axes,
// all axes, non-float32) returns undefined and runs in tfjs' own kernel.
import type * as tf from '@tensorflow/tfjs';
import type { NativeAddon } from './native-addon';
import { heapOutput, product, type KernelArgs, type WasmHeapBackend } from './wasm-heap';

/** The leading-axes count k when `axis` is exactly [0, k) with 0 < k < rank, else undefined. */
function leadingAxes(axis: number | number[] | undefined, rank: number): number | undefined {
  if (axis === undefined) return undefined;
  const axes = [...new Set((Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
  const k = axes.length;
  return k > 0 && k < rank && axes.every((a, i) => a === i) ? k : undefined;
}

export function nativeColumnSums(addon: NativeAddon, { inputs, backend, attrs }: KernelArgs): tf.TensorInfo | undefined {
  const { x } = inputs;
  if (!x || x.dtype !== 'float32' || typeof addon.columnSums !== 'function') return undefined;
  const k = leadingAxes(attrs?.axis as number | number[] | undefined, x.shape.length);
  if (k === undefined) return undefined;
  const kept = x.shape.slice(k);
  if (product(kept) === 0 || product(x.shape) === 0) return undefined;
  const heap = backend as WasmHeapBackend;
  const out = heapOutput(heap, attrs?.keepDims === true ? [...x.shape.slice(0, k).map(() => 1), ...kept] : kept);
  addon.columnSums(heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(out));
  return out;
}
