// Proxy Anchor loss (Kim et al., CVPR 2020) as pytorch-metric-learning v1.6.2 computes it
// (docs/paper.md §5.2; PML losses/proxy_anchor_loss.py):
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
import { defineLoss, defineLossSpec, num, type ParamsOf } from './spec';
import type { LossContext, MetricLoss } from './types';

export const spec = defineLossSpec({
  name: 'proxy-anchor',
  summary: 'Proxy Anchor (Kim et al. 2020): one proxy per class as the anchor',
  order: 2,
  colour: 'vermillion',
  proxies: { layout: 'rows' },
  hyper: {
    margin: num(0.1, 'delta, margin'),
    alpha: num(32, 'alpha, scale', { min: 0, minExclusive: true }),
  },
  authors: { margin: 0.1, alpha: 0.1 },
});

export function createProxyAnchor(ctx: LossContext, params: ParamsOf<typeof spec>): MetricLoss {
  const { numClasses, embeddingSize } = ctx;
  const margin = params.margin;
  const alpha = params.alpha;
  const rng = new Rng(deriveSeed(ctx.seed, 'proxy-anchor/proxies'));
  const proxies = makeVariable(
    'proxy-anchor',
    'proxies',
    [numClasses, embeddingSize],
    rng.normalArray(numClasses * embeddingSize, 0, Math.sqrt(2 / numClasses)),
  );

  const cosine = (x: tf.Tensor2D) => matMulTransposed(l2Normalize(x), l2Normalize(proxies as tf.Tensor2D)); // [N, C]

  const compute = (x: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar => {
    const y = readLabels(labels, numClasses);
    const present = new Set(y).size;
    return tf.tidy(() => {
      const cos = tf.transpose<tf.Tensor2D>(cosine(x)); // [C, N]
      const posMask = tf.transpose<tf.Tensor2D>(oneHotFloat(labels, numClasses));
      const negMask = tf.sub<tf.Tensor2D>(1, posMask);
      const pos = logOnePlusSumExp(tf.mul<tf.Tensor2D>(tf.sub(margin, cos), alpha), posMask);
      const neg = logOnePlusSumExp(tf.mul<tf.Tensor2D>(tf.add(cos, margin), alpha), negMask);
      return tf.add(divideOrZero(tf.sum(pos), present), divideOrZero(tf.sum(neg), numClasses));
    });
  };
  return weightedLoss('proxy-anchor', params, [proxies], compute, cosine);
}

export const loss = defineLoss(spec, createProxyAnchor);
