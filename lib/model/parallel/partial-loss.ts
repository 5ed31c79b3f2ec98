// The part of a batch's mean cross-entropy that a slice of rows contributes:
//   L = (1/B) Σ_i CE_i = Σ_parts (1/B) Σ_{i ∈ part} CE_i,
// so gradients of the parts add up to the gradient of the whole batch (data parallelism).
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../classifier';
import { toEncodedBatch } from '../batch';
import type { EncodedBatch } from '../types';
import type { RowSlice } from './protocol';

export function sliceToBatch(s: RowSlice): EncodedBatch {
  return toEncodedBatch({ ...s, batchSize: s.rows, lengths: [] });
}

/** Loss and gradients (keyed by variable name) of this part; the caller disposes grads. */
export function partialGradients(
  model: Classifier,
  batch: EncodedBatch,
  labels: Int32Array,
  totalRows: number,
  training: boolean,
  dropoutSeed: number,
  rowOffset: number,
): { loss: number; grads: tf.NamedTensorMap } {
  const onehot = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), model.numLabels));
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.forward(batch, { training, dropoutSeed, rowOffset }).logits;
    return tf.div<tf.Scalar>(tf.losses.softmaxCrossEntropy(onehot, logits, undefined, 0, tf.Reduction.SUM), totalRows);
  }, model.trainableVariables());
  const loss = value.dataSync()[0];
  tf.dispose([value, onehot]);
  return { loss, grads };
}
