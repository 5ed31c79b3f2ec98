// ProxyNCA loss (Movshovitz-Attias et al., ICCV 2017) as pytorch-metric-learning v1.6.2 computes it
// (docs/paper.md §5.3; PML losses/proxy_losses.py + nca_loss.py):
//   d_ic = ‖x̂_i − p̂_c‖²                    (LpDistance power 2 on L2-normalised vectors)
//   ℓ_i  = −log softmax_c(−s · d_ic)[y_i]   elements whose probability is exactly 0 are dropped
//   loss = mean_i ℓ_i                        (MeanReducer over the kept elements)
// getLogits returns −d (PML returns the distance d; negated so that larger = more likely).
// Proxies P [C, D], init N(0, 1).
import * as tf from '@tensorflow/tfjs';
import { deriveSeed, Rng } from '../util/random';
import { makeVariable, weightedLoss } from './base';
import { createDistance } from './distances';
import { crossEntropyPerRow, l2Normalize, readLabels } from './ops';
import { divideOrZero } from './reducers';
import { defineLoss, defineLossSpec, num, type ParamsOf } from './spec';
import type { LossContext, MetricLoss } from './types';

export const spec = defineLossSpec({
  name: 'proxy-nca',
  summary: 'ProxyNCA (Movshovitz-Attias et al. 2017): NCA over one proxy per class',
  order: 3,
  colour: 'reddish-purple',
  proxies: { layout: 'rows' },
  hyper: {
    softmaxScale: num(1, 'scale of the negative squared distances before the softmax', { min: 0, minExclusive: true }),
  },
  authors: { softmaxScale: 1 },
});

export function createProxyNca(ctx: LossContext, params: ParamsOf<typeof spec>): MetricLoss {
  const { numClasses, embeddingSize } = ctx;
  const scale = params.softmaxScale;
  const rng = new Rng(deriveSeed(ctx.seed, 'proxy-nca/proxies'));
  const proxies = makeVariable('proxy-nca', 'proxies', [numClasses, embeddingSize], rng.normalArray(numClasses * embeddingSize));
  const squared = createDistance('squared-euclidean');

  const negDistances = (x: tf.Tensor2D) => tf.neg<tf.Tensor2D>(squared.pairwise(l2Normalize(x), l2Normalize(proxies as tf.Tensor2D)));

  const compute = (x: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar => {
    readLabels(labels, numClasses);
    return tf.tidy(() => {
      const losses = crossEntropyPerRow(tf.mul<tf.Tensor2D>(negDistances(x), scale), labels);
      // Keep elements whose probability exp(−ℓ) is non-zero in float32, as PML does.
      const values = losses.dataSync();
      const keep = new Float32Array(values.length);
      let kept = 0;
      values.forEach((v, i) => {
        if (Math.fround(Math.exp(-v)) > 0) {
          keep[i] = 1;
          kept++;
        }
      });
      return divideOrZero(tf.sum(tf.mul(losses, tf.tensor1d(keep))), kept);
    });
  };
  return weightedLoss('proxy-nca', params, [proxies], compute, negDistances);
}

export const loss = defineLoss(spec, createProxyNca);
