// Pieces every loss file uses: the loss object around a compute function, owned weights, and the
// row-count helpers of the reducers.
import * as tf from '@tensorflow/tfjs';
import type { LossName, LossParams, MetricLoss } from './types';

let nextVariableId = 0;

/** A trainable float32 variable with a readable, process-unique name. */
export function makeVariable(loss: LossName, what: string, shape: [number, number], values: Float32Array): tf.Variable {
  const initial = tf.tensor2d(values, shape);
  const variable = tf.variable(initial, true, `${loss}/${what}_${nextVariableId++}`);
  initial.dispose();
  return variable;
}

/** #{entries > 0} of a tensor, as a float32 scalar (not differentiated). */
export function countPositive(x: tf.Tensor): tf.Scalar {
  return tf.sum(tf.cast(tf.greater(x, 0), 'float32'));
}

/** A loss without owned weights. */
export function weightlessLoss(name: LossName, params: LossParams, compute: MetricLoss['compute']): MetricLoss {
  return {
    name,
    params,
    compute,
    trainableWeights: () => [],
    dispose: () => undefined,
  };
}

/** A loss owning `weights` (disposed with it), with proxy-based class scores. */
export function weightedLoss(
  name: LossName,
  params: LossParams,
  weights: tf.Variable[],
  compute: MetricLoss['compute'],
  getLogits: (embeddings: tf.Tensor2D) => tf.Tensor2D,
): MetricLoss {
  return {
    name,
    params,
    compute,
    trainableWeights: () => weights.slice(),
    getLogits: (embeddings) => tf.tidy(() => getLogits(embeddings)),
    dispose: () => weights.forEach((w) => w.dispose()),
  };
}
