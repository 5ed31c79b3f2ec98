// pytorch-metric-learning's reducers (docs/paper.md §5.0), applied to a sum of per-element losses and
// the count it is divided by (so row-chunked losses can reduce after summing their blocks):
//   MeanReducer:       Σ ℓ / n                 (n = number of elements, pairs or triplets)
//   AvgNonZeroReducer: Σ ℓ / #{ℓ > 0}          (0 when no loss is positive)
//   DivisorReducer:    Σ ℓ / divisor           (0 when the divisor is 0)
// A zero result stays connected to the inputs (sum · 0) so gradients are zeros, not an error.
import * as tf from '@tensorflow/tfjs';

export type ReducerName = 'mean' | 'avg-non-zero' | 'divisor';

/** Σ ℓ / divisor, or 0 (connected) when the divisor is 0. */
export function divideOrZero(sum: tf.Scalar, divisor: number): tf.Scalar {
  return divisor > 0 ? tf.div(sum, divisor) : tf.mul(sum, 0);
}

/** MeanReducer on per-element losses [n] (0 for an empty tensor). */
export function meanReduce(losses: tf.Tensor1D): tf.Scalar {
  return divideOrZero(tf.sum(losses), losses.shape[0]);
}

/** AvgNonZeroReducer on per-element losses [n]. */
export function avgNonZeroReduce(losses: tf.Tensor1D): tf.Scalar {
  const positive = tf.tidy(() => tf.sum(tf.cast(tf.greater(losses, 0), 'float32')).dataSync()[0]);
  return divideOrZero(tf.sum(losses), positive);
}

/** Element k of a 1-D tensor of partial sums, as a scalar. */
export function termOf(sums: tf.Tensor1D, k: number): tf.Scalar {
  return tf.reshape<tf.Rank.R0>(tf.slice(sums, [k], [1]), []);
}
