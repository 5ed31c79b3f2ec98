// Native masked softmax kernels on the wasm heap (native/src/softmax.cc), registered by
// native-kernels.ts; masked-softmax.ts wraps them in a gradient.
//   DmlMaskedSoftmax      { scores, mask? }, attrs { scale, rowsPerMask } → softmax(scale·scores + mask)
//                         over the last axis; score row r adds mask row ⌊r / rowsPerMask⌋
//   DmlMaskedSoftmaxGrad  { probs, dy }, attrs { scale } → scale·p·(dy − Σ dy·p)
import type * as tf from '@tensorflow/tfjs';
import type { NativeAddon } from './native-addon';
import { allFloat32, heapOutput, product, type KernelArgs, type WasmHeapBackend, wasmKernel } from './wasm-heap';

export const MASKED_SOFTMAX_KERNEL = 'DmlMaskedSoftmax';
export const MASKED_SOFTMAX_GRAD_KERNEL = 'DmlMaskedSoftmaxGrad';

function forward(addon: NativeAddon, { inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { scores, mask } = inputs;
  if (!scores || !allFloat32(scores, mask) || scores.shape.length === 0)
    throw new Error(`${MASKED_SOFTMAX_KERNEL} takes float32 scores and mask`);
  const heap = backend as WasmHeapBackend;
  const out = heapOutput(heap, scores.shape);
  if (product(scores.shape) === 0) return out;
  const cols = scores.shape[scores.shape.length - 1];
  const views = [scores, out].map((t) => heap.typedArrayFromHeap(t));
  addon.maskedSoftmax(
    views[0],
    mask ? heap.typedArrayFromHeap(mask) : null,
    views[1],
    cols,
    attrs?.rowsPerMask as number,
    attrs?.scale as number,
  );
  return out;
}

function backward(addon: NativeAddon, { inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { probs, dy } = inputs;
  if (!probs || !dy || !allFloat32(probs, dy)) throw new Error(`${MASKED_SOFTMAX_GRAD_KERNEL} takes float32 probs and dy`);
  const heap = backend as WasmHeapBackend;
  const out = heapOutput(heap, probs.shape);
  if (product(probs.shape) === 0) return out;
  const views = [probs, dy, out].map((t) => heap.typedArrayFromHeap(t));
  addon.maskedSoftmaxGrad(views[0], views[1], views[2], probs.shape[probs.shape.length - 1], attrs?.scale as number);
  return out;
}

export function maskedSoftmaxKernels(addon: NativeAddon): tf.KernelConfig[] {
  return [wasmKernel(MASKED_SOFTMAX_KERNEL, addon, forward), wasmKernel(MASKED_SOFTMAX_GRAD_KERNEL, addon, backward)];
}
