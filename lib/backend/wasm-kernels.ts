// Kernels the tfjs wasm backend (4.22) lacks or runs slowly, working straight on the wasm heap.
// - UnsortedSegmentSum is missing (docs/environment.md §1), so the gradient of tf.gather (the
//   embedding lookup) throws without it.
// - Slice and Unpack read their input with backend.readSync, which copies the whole input out of
//   the heap on every call: unstacking [64,64,64] into 64 slices copied 64 MB and took ~80 ms.
//   The versions here read a heap view and copy only the slice (1 MB).
// - Identity copies its input twice (readSync, then set); here it shares the data with a
//   reference count, as the cpu backend does (customGrad calls it for every input and output).
// - GatherV2 (embedding lookup) copies whole rows here instead of element by element.
// - Transpose of matrices ([R, C] and [N, R, C] → [N, C, R]), which every matmul gradient needs:
//   a cache-blocked JS loop, 1.8 ms against 9-10 ms CPU for the backend's on [2048, 512].
import * as tf from '@tensorflow/tfjs';
import { registerSlicedMatMul } from './wasm-sliced-matmul';

/** The parts of the wasm backend (BackendWasm) that the kernel touches. */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  incRef(dataId: tf.DataId): void;
}

type KernelArgs = { inputs: Record<string, tf.TensorInfo>; backend: unknown; attrs?: tf.NamedAttrMap };

let registered = false;

/** Allocates outputs first, then takes heap views: allocation may grow (and detach) the heap. */
function heapViews(backend: WasmHeapBackend, infos: tf.TensorInfo[]): (Float32Array | Int32Array | Uint8Array)[] {
  return infos.map((info) => backend.typedArrayFromHeap(info));
}

function strides(shape: number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1] * shape[i + 1];
  return s;
}

/** Copies the box x[begin : begin + size] into out (row-major), one innermost run at a time. */
function copyBox(
  x: Float32Array | Int32Array | Uint8Array,
  xShape: number[],
  begin: number[],
  size: number[],
  out: Float32Array | Int32Array | Uint8Array,
): void {
  const rank = xShape.length;
  const xs = strides(xShape);
  const run = size[rank - 1];
  const outer = size.slice(0, -1).reduce((a, b) => a * b, 1);
  const index = new Array(Math.max(rank - 1, 0)).fill(0);
  for (let o = 0; o < outer; o++) {
    let src = begin[rank - 1];
    for (let d = 0; d < rank - 1; d++) src += (begin[d] + index[d]) * xs[d];
    out.set(x.subarray(src, src + run), o * run);
    for (let d = rank - 2; d >= 0; d--) {
      if (++index[d] < size[d]) break;
      index[d] = 0;
    }
  }
}

function sliceWasm(args: KernelArgs): tf.TensorInfo {
  const { x } = args.inputs;
  const backend = args.backend as WasmHeapBackend;
  const [begin, size] = tf.slice_util.parseSliceParams(x, args.attrs!.begin as number[], args.attrs!.size as number[]);
  const out = backend.makeOutput(size, x.dtype);
  if (size.some((d) => d === 0)) return out;
  const [xValues, outValues] = heapViews(backend, [x, out]);
  if (x.shape.length === 0) outValues.set(xValues);
  else copyBox(xValues, x.shape, begin, size, outValues);
  return out;
}

function unpackWasm(args: KernelArgs): tf.TensorInfo[] {
  const { value } = args.inputs;
  const backend = args.backend as WasmHeapBackend;
  const rank = value.shape.length;
  const axis = ((args.attrs!.axis as number) + rank) % rank;
  const outShape = value.shape.filter((_, i) => i !== axis);
  const outs = Array.from({ length: value.shape[axis] }, () => backend.makeOutput(outShape, value.dtype));
  const [xValues, ...outValues] = heapViews(backend, [value, ...outs]);
  const size = value.shape.slice();
  size[axis] = 1;
  outs.forEach((_, i) => {
    const begin = new Array<number>(rank).fill(0);
    begin[axis] = i;
    copyBox(xValues, value.shape, begin, size, outValues[i]);
  });
  return outs;
}

/**
 * out[segmentIds[i], ...] += x[i, ...]; shape [numSegments, ...x.shape.slice(segmentIds.rank)].
 * Ids outside [0, numSegments) are dropped, as in TensorFlow.
 */
function unsortedSegmentSumWasm(args: KernelArgs): tf.TensorInfo {
  const { x, segmentIds } = args.inputs;
  const numSegments = args.attrs!.numSegments as number;
  const backend = args.backend as WasmHeapBackend;
  const idCount = segmentIds.shape.reduce((a, b) => a * b, 1);
  const innerShape = x.shape.slice(segmentIds.shape.length);
  const inner = innerShape.reduce((a, b) => a * b, 1);
  const out = backend.makeOutput([numSegments, ...innerShape], x.dtype);
  const [outValues, xValues, ids] = heapViews(backend, [out, x, segmentIds]);
  outValues.fill(0);
  for (let i = 0; i < idCount; i++) {
    const segment = ids[i];
    if (segment < 0 || segment >= numSegments) continue;
    const src = i * inner;
    const dst = segment * inner;
    for (let j = 0; j < inner; j++) outValues[dst + j] += xValues[src + j];
  }
  return out;
}

function identityWasm(args: KernelArgs): tf.TensorInfo {
  const { x } = args.inputs;
  (args.backend as WasmHeapBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** gather(x, indices) along axis 0 (the embedding lookup) by whole rows; other cases go to `fallback`. */
function makeGatherWasm(fallback: tf.KernelFunc) {
  return (args: KernelArgs): tf.TensorInfo => {
    const { x, indices } = args.inputs;
    const axis = args.attrs!.axis as number;
    const batchDims = (args.attrs!.batchDims as number) ?? 0;
    if ((axis !== 0 && axis !== -x.shape.length) || batchDims !== 0 || x.dtype === 'string')
      return fallback(args as never) as tf.TensorInfo;
    const backend = args.backend as WasmHeapBackend;
    const rows = x.shape[0];
    const rowSize = x.shape.slice(1).reduce((a, b) => a * b, 1);
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    const [xValues, ids, outValues] = heapViews(backend, [x, indices, out]);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id < 0 || id >= rows) throw new Error(`GatherV2: the index value ${id} is not in [0, ${rows - 1}]`);
      outValues.set(xValues.subarray(id * rowSize, (id + 1) * rowSize), i * rowSize);
    }
    return out;
  };
}

const TRANSPOSE_BLOCK = 16; // measured best of 8..64 on [2048, 512]

/** out[n][c][r] = x[n][r][c], in blocks so both sides stay in cache. */
function transposeMatrices(
  x: Float32Array | Int32Array | Uint8Array,
  out: Float32Array | Int32Array | Uint8Array,
  N: number,
  R: number,
  C: number,
): void {
  const T = TRANSPOSE_BLOCK;
  for (let n = 0; n < N; n++) {
    const base = n * R * C;
    for (let c0 = 0; c0 < C; c0 += T) {
      const c1 = Math.min(c0 + T, C);
      for (let r0 = 0; r0 < R; r0 += T) {
        const r1 = Math.min(r0 + T, R);
        for (let c = c0; c < c1; c++) {
          let dst = base + c * R + r0;
          let src = base + r0 * C + c;
          for (let r = r0; r < r1; r++, dst++, src += C) out[dst] = x[src];
        }
      }
    }
  }
}

/** Matrix transposes ([1,0] and [0,2,1]) in JS; other permutations go to `fallback`. */
function makeTransposeWasm(fallback: tf.KernelFunc) {
  return (args: KernelArgs): tf.TensorInfo => {
    const { x } = args.inputs;
    const perm = args.attrs!.perm as number[];
    const matrix = (perm.length === 2 && perm[0] === 1) || (perm.length === 3 && perm[0] === 0 && perm[1] === 2 && perm[2] === 1);
    if (!matrix || x.dtype === 'string') return fallback(args as never) as tf.TensorInfo;
    const backend = args.backend as WasmHeapBackend;
    const [N, R, C] = perm.length === 2 ? [1, x.shape[0], x.shape[1]] : x.shape;
    const out = backend.makeOutput(
      perm.map((p) => x.shape[p]),
      x.dtype,
    );
    const [xValues, outValues] = heapViews(backend, [x, out]);
    transposeMatrices(xValues, outValues, N, R, C);
    return out;
  };
}

/** Registers the missing kernels on the wasm backend (idempotent). */
export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  const present = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
  if (!present.has('UnsortedSegmentSum')) {
    tf.registerKernel({
      kernelName: 'UnsortedSegmentSum',
      backendName: 'wasm',
      kernelFunc: unsortedSegmentSumWasm as unknown as tf.KernelFunc,
    });
  }
  registerSlicedMatMul();
  const gather = makeGatherWasm(tf.getKernel('GatherV2', 'wasm').kernelFunc);
  const transpose = makeTransposeWasm(tf.getKernel('Transpose', 'wasm').kernelFunc);
  for (const [kernelName, kernelFunc] of [
    ['Slice', sliceWasm],
    ['Unpack', unpackWasm],
    ['Identity', identityWasm],
    ['GatherV2', gather],
    ['Transpose', transpose],
  ] as const) {
    if (present.has(kernelName)) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
}
