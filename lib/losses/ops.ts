// Small tensor helpers shared by the losses. Everything here is differentiable on every backend,
// wasm included (no tf.gather gradient, no transpose-flag matMul on the hot paths).
import * as tf from '@tensorflow/tfjs';
import { matMul } from '../backend/fast-matmul';

/** a [M, K] @ b [K, N] on wasm's fast path, forward and backward (lib/backend/fast-matmul.ts). */
export function matMulFast(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return matMul(a, b);
}

/** a [M, K] @ b [N, K]ᵀ with an explicit transpose (the similarity-matrix shape). */
export function matMulTransposed(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return matMul(a, tf.transpose(b));
}

/** Smallest norm divided by, as torch.nn.functional.normalize (eps 1e-12): zero rows stay zero. */
const NORM_EPS = 1e-12;

/** x / max(‖x‖, 1e-12) along `axis` (1: rows, 0: columns). Finite gradient at zero vectors. */
export function l2Normalize(x: tf.Tensor2D, axis: 0 | 1 = 1): tf.Tensor2D {
  const sq = tf.sum(tf.square(x), axis, true);
  const norm = tf.sqrt(tf.maximum(sq, NORM_EPS * NORM_EPS));
  return tf.div(x, norm);
}

/**
 * sqrt(x) that is 0 with gradient 0 at x <= eps (here 1e-12): distances between equal points
 * stay finite under autodiff (torch.cdist also gives a zero gradient there).
 */
export function safeSqrt(x: tf.Tensor, eps = 1e-12): tf.Tensor {
  // A custom gradient: a comparison op on the autodiff path would need a gradient tfjs lacks.
  const op = tf.customGrad((input, save) => {
    const v = input as tf.Tensor;
    const root = tf.where(tf.greater(v, eps), tf.sqrt(tf.maximum(v, eps)), tf.zerosLike(v));
    (save as tf.GradSaveFunc)([v, root]);
    return {
      value: root,
      gradFunc: (dy: tf.Tensor, [inp, r]: tf.Tensor[]) => tf.where(tf.greater(inp, eps), tf.div(dy, tf.mul(r, 2)), tf.zerosLike(dy)),
    };
  });
  return op(x);
}

/** Identity forward, zero gradient (tfjs has no stop_gradient op). */
export const stopGradient: (x: tf.Tensor) => tf.Tensor = tf.customGrad((x) => ({
  value: tf.clone(x as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
}));

const MASKED = 1e30;

/**
 * Row-wise log(1 + Σ_{j ∈ mask} exp(x_ij)), as pytorch-metric-learning's
 * lmu.logsumexp(x, keep_mask, add_one=True): rows with no kept entry give log 1 = 0.
 * x, mask: [R, N] (mask 0/1 float). Returns [R, 1]. Max-subtracted.
 */
export function logOnePlusSumExp(x: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
  const masked = tf.add(tf.mul(x, mask), tf.mul(tf.sub(mask, 1), MASKED)); // kept: x, else -1e30
  const m = stopGradient(tf.maximum(tf.max(masked, 1, true), 0)) as tf.Tensor2D;
  const total = tf.sum(tf.mul(tf.exp(tf.sub(masked, m)), mask), 1, true);
  return tf.add<tf.Tensor2D>(m, tf.log(tf.add(total, tf.exp(tf.neg(m)))));
}

/** One-hot float32 [N, depth] of int class indices (tf.oneHot rejects depth 1). */
export function oneHotFloat(labels: tf.Tensor1D, depth: number): tf.Tensor2D {
  if (depth === 1) return tf.ones([labels.shape[0], 1]);
  return tf.cast(tf.oneHot(tf.cast(labels, 'int32'), depth), 'float32') as tf.Tensor2D;
}

/** Per-row cross-entropy −log softmax(logits)[label]; logits [N, C], labels int32 [N] → [N]. */
export function crossEntropyPerRow(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  const target = oneHotFloat(labels, logits.shape[1]);
  return tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(logits)), 1)) as tf.Tensor1D;
}

/**
 * Rows x[indices] with a gradient that scatter-adds in JS, since tf.gather's gradient
 * (UnsortedSegmentSum) is missing on wasm.
 */
export function gatherRows(x: tf.Tensor2D, indices: Int32Array): tf.Tensor2D {
  const [n, d] = x.shape;
  const op = tf.customGrad((input) => ({
    value: tf.tidy(() => {
      const idx = tf.tensor1d(indices, 'int32');
      return tf.gather(input as tf.Tensor2D, idx);
    }),
    gradFunc: (dy: tf.Tensor) => {
      const g = dy.dataSync();
      const out = new Float32Array(n * d);
      for (let r = 0; r < indices.length; r++) {
        const dst = indices[r] * d;
        const src = r * d;
        for (let k = 0; k < d; k++) out[dst + k] += g[src + k];
      }
      return tf.tensor2d(out, [n, d]);
    },
  }));
  return op(x) as tf.Tensor2D;
}

/** Labels as a JS Int32Array, checked to be class indices in [0, numClasses). */
export function readLabels(labels: tf.Tensor1D, numClasses?: number): Int32Array {
  if (labels.rank !== 1) throw new Error(`labels must be 1-D, got shape [${labels.shape.join(',')}]`);
  const raw = labels.dataSync();
  const out = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    if (!Number.isInteger(v) || v < 0 || (numClasses !== undefined && v >= numClasses)) {
      const range = numClasses !== undefined ? `[0, ${numClasses})` : '>= 0';
      throw new Error(`label ${v} at position ${i} is not a class index in ${range}`);
    }
    out[i] = v;
  }
  return out;
}
