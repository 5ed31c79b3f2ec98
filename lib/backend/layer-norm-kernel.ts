// Native LayerNorm kernels on the wasm heap (native/src/layer-norm.cc), registered by
// native-kernels.ts; lib/model/layer-norm.ts wraps them in a gradient.
//   DmlLayerNorm      { x, residual?, gamma, beta }, attrs { eps } → [y, x̂, r]: y = x̂·γ + β,
//                     x̂ = (s − μ)·r per row of s = x (+ residual), r = 1/√(σ² + ε) ([rows])
//   DmlLayerNormGrad  { dy, xhat, rstd, gamma } → [dx, dγ, dβ]
import type * as tf from '@tensorflow/tfjs';
import type { NativeAddon } from './native-addon';
import { allFloat32, heapOutput, product, type KernelArgs, type WasmHeapBackend, wasmKernel } from './wasm-heap';

export const LAYER_NORM_KERNEL = 'DmlLayerNorm';
export const LAYER_NORM_GRAD_KERNEL = 'DmlLayerNormGrad';

function forward(addon: NativeAddon, { inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const { x, residual, gamma, beta } = inputs;
  const d = gamma?.shape[0] ?? 0;
  if (
    !x ||
    !gamma ||
    !beta ||
    !allFloat32(x, residual, gamma, beta) ||
    d === 0 ||
    x.shape[x.shape.length - 1] !== d ||
    product(beta.shape) !== d
  ) {
    throw new Error(`${LAYER_NORM_KERNEL} takes float32 x [..., d], gamma [d] and beta [d]`);
  }
  if (residual && product(residual.shape) !== product(x.shape)) throw new Error(`${LAYER_NORM_KERNEL}: residual must have the shape of x`);
  const heap = backend as WasmHeapBackend;
  const rows = product(x.shape) / d;
  const outs = [heapOutput(heap, x.shape), heapOutput(heap, x.shape), heapOutput(heap, [rows])];
  if (rows === 0) return outs;
  const [vx, vg, vb, vy, vh, vr] = [x, gamma, beta, ...outs].map((t) => heap.typedArrayFromHeap(t));
  addon.layerNorm(vx, residual ? heap.typedArrayFromHeap(residual) : null, vg, vb, vy, vh, vr, attrs?.eps as number);
  return outs;
}

function backward(addon: NativeAddon, { inputs, backend }: KernelArgs): tf.TensorInfo[] {
  const { dy, xhat, rstd, gamma } = inputs;
  if (!dy || !xhat || !rstd || !gamma || !allFloat32(dy, xhat, rstd, gamma)) {
    throw new Error(`${LAYER_NORM_GRAD_KERNEL} takes float32 dy, xhat, rstd and gamma`);
  }
  const heap = backend as WasmHeapBackend;
  const outs = [heapOutput(heap, xhat.shape), heapOutput(heap, gamma.shape), heapOutput(heap, gamma.shape)];
  const views = [dy, xhat, rstd, gamma, ...outs].map((t) => heap.typedArrayFromHeap(t));
  addon.layerNormGrad(views[0], views[1], views[2], views[3], views[4], views[5], views[6]);
  return outs;
}

export function layerNormKernels(addon: NativeAddon): tf.KernelConfig[] {
  return [wasmKernel(LAYER_NORM_KERNEL, addon, forward), wasmKernel(LAYER_NORM_GRAD_KERNEL, addon, backward)];
}
