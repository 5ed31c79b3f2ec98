// SoftTriple loss (Qian et al., ICCV 2019) as pytorch-metric-learning v1.6.2 computes it
// (docs/paper.md §5.1; PML losses/soft_triple_loss.py, regularizers/sparse_centers_regularizer.py):
//   s_ick = cos(x_i, w_ck)                  similarity to center k of class c
//   p_ick = softmax_k(s_ick / γ)            soft assignment to the class's centers
//   S_ic  = Σ_k p_ick s_ick                 class similarity (= getLogits)
//   ℓ_i   = CE(λ (S_i − δ·onehot(y_i)), y_i),  loss = mean_i ℓ_i  (MeanReducer)
//   + τ·R,  R = Σ_c Σ_{k<k'} sqrt(2 − 2 cos(w_ck, w_ck')) / (C·K·(K−1))   (only when τ > 0)
// Weights W [D, C·K]: column c·K + k is center k of class c; init U(−1/√(CK), 1/√(CK)), as
// PML's kaiming_uniform_(a=√5) on that shape.
import * as tf from '@tensorflow/tfjs';
import { deriveSeed, Rng } from '../util/random';
import { makeVariable, weightedLoss } from './base';
import { crossEntropyPerRow, l2Normalize, matMulFast, oneHotFloat, readLabels, safeSqrt } from './ops';
import { meanReduce } from './reducers';
import { defineLoss, defineLossSpec, int, num, type ParamsOf } from './spec';
import type { LossContext, MetricLoss } from './types';

export const spec = defineLossSpec({
  name: 'soft-triple',
  summary: 'SoftTriple (Qian et al. 2019): K centres per class, soft-assigned',
  order: 1,
  colour: 'blue',
  proxies: { layout: 'columns', perClassParam: 'centersPerClass' },
  hyper: {
    centersPerClass: int(10, 'K, centers per class', 1),
    la: num(20, 'lambda, scale of the class logits', { min: 0, minExclusive: true }),
    gamma: num(0.1, 'gamma, temperature of the soft assignment to a class’s centers', { min: 0, minExclusive: true }),
    margin: num(0.01, 'delta, margin subtracted from the true class’s similarity'),
    tau: num(0, 'weight of the center-merging regulariser (0 = off, as in PML and the authors’ code; needs K > 1)', { min: 0 }),
  },
  authors: { centersPerClass: 5, la: 8, gamma: 0.1, margin: 0.1, tau: 0 },
  rules: [{ when: { param: 'tau', above: 0 }, need: { param: 'centersPerClass', atLeast: 2 } }],
});

/** Upper-triangle mask of same-class center pairs (k < k'), [C·K, C·K]. */
function sameClassPairs(numClasses: number, k: number): tf.Tensor2D {
  const size = numClasses * k;
  const mask = new Float32Array(size * size);
  for (let c = 0; c < numClasses; c++) {
    for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) mask[(c * k + i) * size + c * k + j] = 1;
  }
  return tf.tensor2d(mask, [size, size]);
}

export function createSoftTriple(ctx: LossContext, params: ParamsOf<typeof spec>): MetricLoss {
  const { numClasses, embeddingSize } = ctx;
  const k = params.centersPerClass;
  const la = params.la;
  const gamma = params.gamma;
  const margin = params.margin;
  const tau = params.tau;
  if (tau > 0 && k < 2) throw new Error('soft-triple: tau > 0 needs centersPerClass >= 2');
  const bound = 1 / Math.sqrt(numClasses * k);
  const rng = new Rng(deriveSeed(ctx.seed, 'soft-triple/centers'));
  const centers = makeVariable(
    'soft-triple',
    'centers',
    [embeddingSize, numClasses * k],
    rng.uniformArray(embeddingSize * numClasses * k, -bound, bound),
  );

  /** S [N, C]: soft-assigned cosine similarity of every embedding to every class. */
  function classSimilarities(x: tf.Tensor2D): tf.Tensor2D {
    const n = x.shape[0];
    const cos = matMulFast(l2Normalize(x), l2Normalize(centers as tf.Tensor2D, 0)); // [N, C·K]
    const perClass = tf.reshape(cos, [n, numClasses, k]);
    const assign = tf.softmax(tf.mul(perClass, 1 / gamma)); // softmax over the K centers
    return tf.sum<tf.Tensor2D>(tf.mul(assign, perClass), 2);
  }

  function centerRegulariser(): tf.Scalar {
    const w = l2Normalize(centers as tf.Tensor2D, 0);
    const sim = matMulFast(tf.transpose(w), w); // [C·K, C·K]
    const dist = safeSqrt(tf.sub(2, tf.minimum(tf.mul(sim, 2), 2)));
    return tf.div<tf.Scalar>(tf.sum(tf.mul(dist, sameClassPairs(numClasses, k))), numClasses * k * (k - 1));
  }

  const compute = (x: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar => {
    readLabels(labels, numClasses);
    return tf.tidy(() => {
      const target = oneHotFloat(labels, numClasses);
      const logits = tf.mul<tf.Tensor2D>(tf.sub(classSimilarities(x), tf.mul(target, margin)), la);
      const loss = meanReduce(crossEntropyPerRow(logits, labels));
      return tau > 0 ? tf.add(loss, tf.mul(centerRegulariser(), tau)) : loss;
    });
  };
  return weightedLoss('soft-triple', params, [centers], compute, classSimilarities);
}

export const loss = defineLoss(spec, createSoftTriple);
