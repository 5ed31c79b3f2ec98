// Proxy Anchor loss (Kim et al., CVPR 2020) as pytorch-metric-learning v1.6.2 computes it
// (PAPER.md §5.2; PML losses/proxy_anchor_loss.py):
//   s_ic  = cos(x_i, p_c)                                       (= getLogits)
//   pos_c = log(1 + Σ_{i: y_i = c} exp(α (δ − s_ic)))           (0 when class c is absent)
//   neg_c = log(1 + Σ_{i: y_i ≠ c} exp(α (s_ic + δ)))
//   loss  = Σ_c pos_c / |C⁺| + Σ_c neg_c / C                   (DivisorReducer per term; |C⁺| = classes present)
// Proxies P [C, D], init N(0, 2/C) (kaiming_normal_, mode fan_out).
import * as tf from '@tensorflow/tfjs';
import { deriveSeed, Rng } from '../util/random';
import { makeVariable, weightedLoss } from './base';
import { l2Normalize, logOnePlusSumExp, matMulTransposed, oneHotFloat, readLabels } from './ops';
import { divideOrZero } from './reducers';
import type { LossContext, LossParams, MetricLoss } from './types';

export function createProxyAnchor(ctx: LossContext, params: LossParams): MetricLoss {
  const { numClasses, embeddingSize } = ctx;
  const margin = params.margin as number;
  const alpha = params.alpha as number;
  const rng = new Rng(deriveSeed(ctx.seed, 'proxy-anchor/proxies'));
  const proxies = makeVariable('proxy-anchor', 'proxies', [numClasses, embeddingSize], rng.normalArray(numClasses * embeddingSize, 0, Math.sqrt(2 / numClasses)));

  const cosine = (x: tf.Tensor2D) => matMulTransposed(l2Normalize(x), l2Normalize(proxies as tf.Tensor2D)); // [N, C]

  const compute = (x: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar => {
    const y = readLabels(labels, numClasses);
    const present = new Set(y).size;
    return tf.tidy(() => {
      const cos = tf.transpose(cosine(x)) as tf.Tensor2D; // [C, N]
      const posMask = tf.transpose(oneHotFloat(labels, numClasses)) as tf.Tensor2D;
      const negMask = tf.sub(1, posMask) as tf.Tensor2D;
      const pos = logOnePlusSumExp(tf.mul(tf.sub(margin, cos), alpha) as tf.Tensor2D, posMask);
      const neg = logOnePlusSumExp(tf.mul(tf.add(cos, margin), alpha) as tf.Tensor2D, negMask);
      return tf.add(divideOrZero(tf.sum(pos), present), divideOrZero(tf.sum(neg), numClasses));
    });
  };
  return weightedLoss('proxy-anchor', params, [proxies], compute, cosine);
}
