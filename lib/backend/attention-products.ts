// The two products of attention, per head: scores = Q Kᵀ ([B, L, D] x [B, L, D] → [B, H, L, L]) and
// context = P V ([B, H, L, L] x [B, L, D] → [B, L, D]), D = H·d_h. With the native kernels
// (head-products-kernel.ts) every product, forward and backward, reads Q, K, V and writes the
// context in their [B, L, H, d_h] layout through strides: no transposes. Elsewhere the heads are
// transposed into the batch ([B·H, L, d_h]) for batchMatMul and the context merged back.
import * as tf from '@tensorflow/tfjs';
import { batchMatMul } from './fast-matmul';
import { HEAD_MATMUL_KERNEL } from './head-products-kernel';
import { nativeRowKernelsActive } from './native-kernels';

/** 'heads': one head of a [B, L, D] tensor (L x d_h); 'square': one head of [B, H, L, L] (L x L). */
type Kind = 'heads' | 'square';

interface Dims {
  B: number;
  H: number;
  L: number;
  dh: number;
}

/** Rows, columns and strides [per batch item, per head, per row, per column] of op(view). */
function view(kind: Kind, transposed: boolean, { H, L, dh }: Dims): { rows: number; cols: number; strides: number[] } {
  const D = H * dh;
  const [rows, cols, outer, inner, row] = kind === 'heads' ? [L, dh, L * D, dh, D] : [L, L, H * L * L, L * L, L];
  return transposed ? { rows: cols, cols: rows, strides: [outer, inner, 1, row] } : { rows, cols, strides: [outer, inner, row, 1] };
}

/** op(a) @ op(b) per (batch item, head), written as `out`. */
function headProduct(a: tf.Tensor, aKind: Kind, ta: boolean, b: tf.Tensor, bKind: Kind, tb: boolean, out: Kind, dims: Dims): tf.Tensor {
  const va = view(aKind, ta, dims);
  const vb = view(bKind, tb, dims);
  const vc = view(out, false, dims);
  const { B, H, L, dh } = dims;
  const layout = [B, H, va.rows, vb.cols, va.cols, ...va.strides, ...vb.strides, ...vc.strides.slice(0, 3)];
  const shape = out === 'heads' ? [B, L, H * dh] : [B, H, L, L];
  return tf.engine().runKernel<tf.Tensor>(HEAD_MATMUL_KERNEL, { a, b }, { layout, shape });
}

function dimsOf(x: tf.Tensor, heads: number): Dims {
  const [B, L, D] = x.shape;
  return { B, H: heads, L, dh: D / heads };
}

/** Per-head Q Kᵀ of q, k [B, L, D] → [B, H, L, L] (unscaled). */
export function attentionScores(q: tf.Tensor3D, k: tf.Tensor3D, heads: number): tf.Tensor4D {
  const d = dimsOf(q, heads);
  if (nativeRowKernelsActive() && q.dtype === 'float32' && k.dtype === 'float32') {
    const f = tf.customGrad((qi, ki, save) => {
      (save as tf.GradSaveFunc)([qi as tf.Tensor, ki as tf.Tensor]);
      return {
        value: headProduct(qi as tf.Tensor, 'heads', false, ki as tf.Tensor, 'heads', true, 'square', d),
        gradFunc: (dy, [Q, K]) => [
          headProduct(dy, 'square', false, K, 'heads', false, 'heads', d), // dQ = dS K
          headProduct(dy, 'square', true, Q, 'heads', false, 'heads', d), // dK = dSᵀ Q
        ],
      };
    });
    return f(q, k) as tf.Tensor4D;
  }
  const { B, H, L, dh } = d;
  const qh = tf.transpose(q.reshape([B, L, H, dh]), [0, 2, 1, 3]).reshape<tf.Tensor3D>([B * H, L, dh]);
  const kT = tf.transpose(k.reshape([B, L, H, dh]), [0, 2, 3, 1]).reshape<tf.Tensor3D>([B * H, dh, L]);
  return batchMatMul(qh, kT).reshape([B, H, L, L]);
}

/** Per-head P V of probs [B, H, L, L] and v [B, L, D] → context [B, L, D], heads side by side. */
export function attentionContext(probs: tf.Tensor4D, v: tf.Tensor3D, heads: number): tf.Tensor3D {
  const d = dimsOf(v, heads);
  if (nativeRowKernelsActive() && probs.dtype === 'float32' && v.dtype === 'float32') {
    const f = tf.customGrad((pi, vi, save) => {
      (save as tf.GradSaveFunc)([pi as tf.Tensor, vi as tf.Tensor]);
      return {
        value: headProduct(pi as tf.Tensor, 'square', false, vi as tf.Tensor, 'heads', false, 'heads', d),
        gradFunc: (dy, [P, V]) => [
          headProduct(dy, 'heads', false, V, 'heads', true, 'square', d), // dP = dC Vᵀ
          headProduct(P, 'square', true, dy, 'heads', false, 'heads', d), // dV = Pᵀ dC
        ],
      };
    });
    return f(probs, v) as tf.Tensor3D;
  }
  const { B, H, L, dh } = d;
  const vh = tf.transpose(v.reshape([B, L, H, dh]), [0, 2, 1, 3]).reshape<tf.Tensor3D>([B * H, L, dh]);
  const context = batchMatMul(probs.reshape<tf.Tensor3D>([B * H, L, L]), vh); // [B·H, L, dh]
  return tf.transpose(context.reshape([B, H, L, dh]), [0, 2, 1, 3]).reshape([B, L, H * dh]);
}
