// Native attention products straight on [B, L, H·d_h] tensors (native/src/gemm.cc headBatchedGemm):
// each (batch item, head) product reads its operands and writes its result through strides, so
// the heads are never transposed out of the dense layers' output nor merged back.
//   DmlHeadMatMul { a, b }, attrs { layout (16 numbers, see headGemm in native/src/addon-rows.cc), shape }
import type * as tf from '@tensorflow/tfjs';
import type { NativeAddon } from './native-addon';
import { allFloat32, heapOutput, product, type KernelArgs, type WasmHeapBackend, wasmKernel } from './wasm-heap';

export const HEAD_MATMUL_KERNEL = 'DmlHeadMatMul';

function headMatMul(addon: NativeAddon, { inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { a, b } = inputs;
  const layout = attrs?.layout as number[] | undefined;
  const shape = attrs?.shape as number[] | undefined;
  if (!a || !b || !allFloat32(a, b) || layout?.length !== 16 || !shape)
    throw new Error(`${HEAD_MATMUL_KERNEL} takes float32 a, b, a layout and a shape`);
  const heap = backend as WasmHeapBackend;
  const out = heapOutput(heap, shape);
  if (product(shape) === 0) return out;
  const [va, vb, vout] = [a, b, out].map((t) => heap.typedArrayFromHeap(t));
  addon.headGemm(va, vb, vout, Float64Array.from(layout));
  return out;
}

export function headProductKernels(addon: NativeAddon): tf.KernelConfig[] {
  return [wasmKernel(HEAD_MATMUL_KERNEL, addon, headMatMul)];
}
