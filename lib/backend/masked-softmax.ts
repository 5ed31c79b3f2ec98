// Attention probabilities: softmax(scale · scores + mask) over the last axis, with an additive mask
// (0 for tokens, a large negative number for padding) broadcast over heads and query rows. With
// the native kernels (masked-softmax-kernel.ts) this is one pass forward and one backward;
// elsewhere tfjs' Mul, Add and Softmax. The mask gets no gradient (it is never trained).
import * as tf from '@tensorflow/tfjs';
import { MASKED_SOFTMAX_GRAD_KERNEL, MASKED_SOFTMAX_KERNEL } from './masked-softmax-kernel';
import { nativeRowKernelsActive } from './native-kernels';

/**
 * Score rows per mask row when the native kernel can apply `mask` to `scores` ([n, ..., cols]
 * against [n or 1, 1, ..., 1, cols]); undefined for other broadcasts.
 */
function rowsPerMaskRow(scores: number[], mask: number[]): number | undefined {
  const rank = scores.length;
  const cols = scores[rank - 1];
  if (mask.length !== rank || mask[rank - 1] !== cols || mask.slice(1, -1).some((d) => d !== 1)) return undefined;
  if (mask[0] !== scores[0] && mask[0] !== 1) return undefined;
  const rows = scores.slice(0, -1).reduce((p, d) => p * d, 1);
  return mask[0] === 0 ? undefined : rows / mask[0];
}

function nativeMaskedSoftmax(scores: tf.Tensor, mask: tf.Tensor | undefined, scale: number, rowsPerMask: number): tf.Tensor {
  const f = tf.customGrad((s, save) => {
    const probs = tf
      .engine()
      .runKernel<tf.Tensor>(MASKED_SOFTMAX_KERNEL, mask ? { scores: s as tf.Tensor, mask } : { scores: s as tf.Tensor }, {
        scale,
        rowsPerMask,
      });
    (save as tf.GradSaveFunc)([probs]);
    return {
      value: probs,
      gradFunc: (dy, saved) => tf.engine().runKernel<tf.Tensor>(MASKED_SOFTMAX_GRAD_KERNEL, { probs: saved[0], dy: dy }, { scale }),
    };
  });
  return f(scores);
}

export function maskedSoftmax(scores: tf.Tensor, mask?: tf.Tensor, scale = 1): tf.Tensor {
  const rowsPerMask = mask ? rowsPerMaskRow(scores.shape, mask.shape) : Math.max(1, scores.size);
  const float = scores.dtype === 'float32' && (!mask || mask.dtype === 'float32');
  if (nativeRowKernelsActive() && float && rowsPerMask !== undefined && scores.rank > 0) {
    return nativeMaskedSoftmax(scores, mask, scale, rowsPerMask);
  }
  const scaled = scale === 1 ? scores : tf.mul(scores, scale);
  return tf.softmax(mask ? tf.add(scaled, mask) : scaled);
}
