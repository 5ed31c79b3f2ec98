// Frozen weights held in 16 bits (`--weights-dtype float16|bfloat16`): a parameter nobody trains
// (the base model of a LoRA run, the bottom of a --train-layers run) is stored as a Uint16Array in
// JS memory, outside the wasm heap, at half the bytes, and expanded to a float32 tensor only while
// an op uses it (frozen-dense.ts: one weight at a time). The backend still computes in float32;
// only the stored values are rounded: float16 to nearest-even (relative error <= 2^-11; values
// beyond ±65,504 overflow), bfloat16 to nearest-even of the top 16 bits (<= 2^-8, float32's range).
import * as tf from '@tensorflow/tfjs';
import { tensorFilledBy } from '../backend/heap-views';
import { fromFloat16Bits, toFloat16Bits } from '../util/float16';
import type { HalfDtype } from './weights-dtype';

let halfTable: Float32Array | undefined;

/** float16 bits → float32 value, for all 65,536 bit patterns. */
function float16Table(): Float32Array {
  if (!halfTable) {
    halfTable = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) halfTable[h] = fromFloat16Bits(h);
  }
  return halfTable;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Bits of the bfloat16 nearest to x (ties to even; NaN stays NaN). */
function toBfloat16Bits(x: number): number {
  f32[0] = x;
  const bits = u32[0];
  if (Number.isNaN(x)) return (bits >>> 16) | 0x40;
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
}

/** A float tensor's values rounded to 16 bits, with its shape. */
export class HalfTensor {
  private constructor(
    readonly bits: Uint16Array,
    readonly shape: number[],
    readonly dtype: HalfDtype,
  ) {}

  static fromValues(values: Float32Array, shape: number[], dtype: HalfDtype): HalfTensor {
    const bits = new Uint16Array(values.length);
    const round = dtype === 'float16' ? toFloat16Bits : toBfloat16Bits;
    for (let i = 0; i < values.length; i++) bits[i] = round(values[i]);
    return new HalfTensor(bits, [...shape], dtype);
  }

  /** A [rows, cols] matrix stored transposed ([cols, rows]), as the model keeps dense weights. */
  static fromMatrixTransposed(values: Float32Array, [rows, cols]: number[], dtype: HalfDtype): HalfTensor {
    const bits = new Uint16Array(values.length);
    const round = dtype === 'float16' ? toFloat16Bits : toBfloat16Bits;
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) bits[c * rows + r] = round(values[r * cols + c]);
    return new HalfTensor(bits, [cols, rows], dtype);
  }

  static fromTensor(t: tf.Tensor, dtype: HalfDtype): HalfTensor {
    return HalfTensor.fromValues(t.dataSync() as Float32Array, t.shape, dtype);
  }

  get size(): number {
    return this.bits.length;
  }

  /** Values [start, end) of the flat array, as float32, written into `out` from `at`. */
  expandInto(out: Float32Array, at = 0, start = 0, end = this.bits.length): void {
    const { bits } = this;
    if (this.dtype === 'float16') {
      const table = float16Table();
      for (let i = start; i < end; i++) out[at + i - start] = table[bits[i]];
    } else {
      const words = new Uint32Array(out.buffer, out.byteOffset, out.length);
      for (let i = start; i < end; i++) words[at + i - start] = bits[i] << 16;
    }
  }

  /** A new float32 tensor of the values (the caller disposes it), written in place on the wasm heap. */
  expand(): tf.Tensor {
    return tensorFilledBy(this.shape, (out) => this.expandInto(out));
  }

  /** Rows `ids` of a 2-D table as float32 [...ids.shape, columns] (a frozen embedding lookup). */
  gatherRows(ids: tf.Tensor): tf.Tensor {
    const [rows, cols] = this.shape;
    const index = ids.dataSync();
    const bad = index.find((r) => !(r >= 0 && r < rows));
    if (bad !== undefined) throw new RangeError(`token id ${bad} is outside the embedding table (0-${rows - 1})`);
    return tensorFilledBy([...ids.shape, cols], (out) => {
      for (let k = 0; k < index.length; k++) this.expandInto(out, k * cols, index[k] * cols, (index[k] + 1) * cols);
    });
  }
}
