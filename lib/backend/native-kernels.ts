// Native kernels for the wasm backend. Matrix products: BatchMatMul (every tf.matMul, transposed or
// batched) and _FusedMatMul (the dense layers: product + bias) run in the addon's GEMM
// (native/src/gemm.cc) straight on the wasm heap: the kernel takes Float32Array views of the
// input and output tensors' heap memory and the addon reads and writes them in place. Cases the
// GEMM does not cover (non-float32, fused activations, non-broadcastable batch dims, bias other
// than one value per column) go to the wasm backend's own kernels. Also the exact GELU forward and
// backward in one pass each (DmlGelu, DmlGeluGrad; gelu.ts wraps them in a gradient), and the
// LayerNorm and masked softmax kernels (layer-norm-kernel.ts, masked-softmax-kernel.ts), and Sum
// over leading axes (sum-kernel.ts).
import * as tf from '@tensorflow/tfjs';
import { headProductKernels } from './head-products-kernel';
import { layerNormKernels } from './layer-norm-kernel';
import { maskedSoftmaxKernels } from './masked-softmax-kernel';
import type { NativeAddon } from './native-addon';
import { nativeColumnSums } from './sum-kernel';
import { heapOutput, product, type KernelArgs, type WasmHeapBackend } from './wasm-heap';

/** tfjs kernels replaced natively, each falling back to the original where the native one returns undefined. */
const OVERRIDES: [string, (addon: NativeAddon, args: KernelArgs) => tf.TensorInfo | undefined][] = [
  ['BatchMatMul', nativeProduct],
  ['_FusedMatMul', nativeProduct],
  ['Sum', nativeColumnSums],
];
export const GELU_KERNEL = 'DmlGelu';
export const GELU_GRAD_KERNEL = 'DmlGeluGrad';
const originals = new Map<string, tf.KernelConfig>();
let active = false;
let geluActive = false;
let rowKernelsActive = false;

function sameDims(x: number[], y: number[]): boolean {
  return x.length === y.length && x.every((d, i) => d === y[i]);
}

/** The product kernel; returns undefined for the cases it leaves to the wasm kernel. */
function nativeProduct(addon: NativeAddon, args: KernelArgs): tf.TensorInfo | undefined {
  const { a, b, bias, preluActivationWeights } = args.inputs;
  const attrs = args.attrs ?? {};
  const activation = (attrs.activation as string | undefined) ?? 'linear';
  if (!a || !b || a.dtype !== 'float32' || b.dtype !== 'float32' || activation !== 'linear' || preluActivationWeights) return undefined;
  if (a.shape.length < 2 || b.shape.length < 2) return undefined;
  const transA = attrs.transposeA === true;
  const transB = attrs.transposeB === true;
  const [ar, ac] = a.shape.slice(-2);
  const [br, bc] = b.shape.slice(-2);
  const [M, K] = transA ? [ac, ar] : [ar, ac];
  const [K2, N] = transB ? [bc, br] : [br, bc];
  if (K !== K2) return undefined; // tfjs' own kernel reports the mismatch
  if (bias && (bias.dtype !== 'float32' || product(bias.shape) !== N || bias.shape[bias.shape.length - 1] !== N)) return undefined;
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const aCount = product(aBatch);
  const bCount = product(bBatch);
  let batchDims: number[];
  if (sameDims(aBatch, bBatch)) batchDims = aBatch;
  else if (bCount === 1 && aBatch.length >= bBatch.length) batchDims = aBatch;
  else if (aCount === 1 && bBatch.length >= aBatch.length) batchDims = bBatch;
  else return undefined;
  const batch = product(batchDims);
  const backend = args.backend as WasmHeapBackend;
  const out = heapOutput(backend, [...batchDims, M, N]);
  if (batch === 0 || M === 0 || N === 0) return out;
  // Views after the output exists: allocating may grow the heap and replace its buffer.
  const [va, vb, vout] = [a, b, out].map((t) => backend.typedArrayFromHeap(t));
  const vbias = bias ? backend.typedArrayFromHeap(bias) : null;
  addon.gemm(va, vb, vout, vbias, batch, M, N, K, transA ? 1 : 0, transB ? 1 : 0, aCount === 1 ? 0 : M * K, bCount === 1 ? 0 : K * N);
  return out;
}

/** y = GELU(x) (DmlGelu) or dx = dy GELU'(x) (DmlGeluGrad), float32 only. */
function nativeGelu(addon: NativeAddon, args: KernelArgs): tf.TensorInfo {
  const { x, dy } = args.inputs;
  if (!x || x.dtype !== 'float32' || (dy && (dy.dtype !== 'float32' || product(dy.shape) !== product(x.shape)))) {
    throw new Error(`${dy ? GELU_GRAD_KERNEL : GELU_KERNEL} takes float32 tensors of one size`);
  }
  const backend = args.backend as WasmHeapBackend;
  const out = heapOutput(backend, x.shape);
  if (product(x.shape) === 0) return out;
  const [vx, vout] = [x, out].map((t) => backend.typedArrayFromHeap(t));
  if (dy) addon.geluGrad(vx, backend.typedArrayFromHeap(dy), vout);
  else addon.gelu(vx, vout);
  return out;
}

/** Registers the native kernels on 'wasm' (after the backend is set), keeping tfjs' products as fallback. */
export function registerNativeKernels(addon: NativeAddon): void {
  geluActive = typeof addon.gelu === 'function'; // an addon built before the GELU kernels has none
  rowKernelsActive = typeof addon.headGemm === 'function'; // nor one built before LayerNorm, softmax and head products
  for (const config of rowKernelsActive ? [...layerNormKernels(addon), ...maskedSoftmaxKernels(addon), ...headProductKernels(addon)] : []) {
    if (tf.getKernel(config.kernelName, 'wasm')) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
  for (const name of geluActive ? [GELU_KERNEL, GELU_GRAD_KERNEL] : []) {
    if (tf.getKernel(name, 'wasm')) tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: (args: KernelArgs) => nativeGelu(addon, args) });
  }
  for (const [name, replacement] of OVERRIDES) {
    const original = originals.get(name) ?? tf.getKernel(name, 'wasm');
    if (!original) throw new Error(`the wasm backend has no ${name} kernel to replace`);
    originals.set(name, original);
    const fallback = original.kernelFunc;
    const kernelFunc = ((args: KernelArgs) => replacement(addon, args) ?? fallback(args as never)) as unknown as tf.KernelFunc;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...original, kernelFunc });
  }
  active = true;
}

/** Puts tfjs' own wasm kernels back (tests compare both paths in one process). */
export function unregisterNativeKernels(): void {
  for (const [name, original] of originals) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(original);
  }
  active = false;
}

/** True when GELU runs natively (gelu.ts). */
export function nativeGeluActive(): boolean {
  return geluActive && nativeProductsActive();
}

/** True when LayerNorm, the masked softmax and the attention products run natively (layer-norm.ts, masked-softmax.ts, attention-products.ts). */
export function nativeRowKernelsActive(): boolean {
  return rowKernelsActive && nativeProductsActive();
}

/** True when the current backend is wasm and its products run natively. */
export function nativeProductsActive(): boolean {
  return active && tf.getBackend() === 'wasm';
}
