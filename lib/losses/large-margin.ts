// Shared body of ArcFace and CosFace: pytorch-metric-learning's LargeMarginSoftmaxLoss family
// (docs/paper.md §5.10-5.11; PML losses/large_margin_softmax_loss.py):
//   cos_ic = cos(x_i, W_c);  logits = s · (cos with the target entry cos_iy replaced by f(cos_iy))
//   ℓ_i = CE(logits_i, y_i);  loss = mean_i ℓ_i  (MeanReducer);  getLogits = s · cos
// W [D, C], column c = class c, init N(0, 1).
import * as tf from '@tensorflow/tfjs';
import { deriveSeed, Rng } from '../util/random';
import { makeVariable, weightedLoss } from './base';
import { crossEntropyPerRow, l2Normalize, matMulFast, oneHotFloat, readLabels } from './ops';
import { meanReduce } from './reducers';
import type { LossContext, LossName, LossParams, MetricLoss } from './types';

export function createLargeMarginLoss(
  name: LossName,
  ctx: LossContext,
  params: LossParams,
  scale: number,
  modifyTarget: (cosTarget: tf.Tensor2D) => tf.Tensor2D,
): MetricLoss {
  const { numClasses, embeddingSize } = ctx;
  const rng = new Rng(deriveSeed(ctx.seed, `${name}/weights`));
  const weights = makeVariable(name, 'weights', [embeddingSize, numClasses], rng.normalArray(embeddingSize * numClasses));

  const cosine = (x: tf.Tensor2D) => matMulFast(l2Normalize(x), l2Normalize(weights as tf.Tensor2D, 0)); // [N, C]

  const compute = (x: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar => {
    readLabels(labels, numClasses);
    return tf.tidy(() => {
      const cos = cosine(x);
      const target = oneHotFloat(labels, numClasses);
      const cosTarget = tf.sum<tf.Tensor2D>(tf.mul(cos, target), 1, true); // [N, 1]
      const shift = tf.sub(modifyTarget(cosTarget), cosTarget);
      const logits = tf.mul<tf.Tensor2D>(tf.add(cos, tf.mul(target, shift)), scale);
      return meanReduce(crossEntropyPerRow(logits, labels));
    });
  };
  return weightedLoss(name, params, [weights], compute, (x) => tf.mul<tf.Tensor2D>(cosine(x), scale));
}
