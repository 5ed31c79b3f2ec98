// Multi-Similarity loss (Wang et al., CVPR 2019) as pytorch-metric-learning v1.6.2 computes it
// (docs/paper.md §5.6; PML losses/multi_similarity_loss.py), per anchor i of the batch:
//   ℓ_i = (1/α) log(1 + Σ_{p∈P_i} exp(α · margin(S_ip, base)))     margin(S, base) = base − S for similarities
//       + (1/β) log(1 + Σ_{n∈N_i} exp(β · margin(base, S_in)))     margin(base, S) = S − base
//   loss = mean over the anchors (MeanReducer); an empty set's term is 0.
// Gradient: ∂ℓ_i/∂S_ij = ∓ softmax weight of j within its log(1 + Σ) term. Row blocks in JS: pairwise.ts.
import * as tf from '@tensorflow/tfjs';
import { weightlessLoss } from './base';
import { logSumExp, partitionRow } from './block-math';
import { createDistance } from './distances';
import { readLabels } from './ops';
import { anchorSampler, pairwiseSums, type BlockLoss } from './pairwise';
import { divideOrZero, termOf } from './reducers';
import { defineLoss, defineLossSpec, distance, num, type ParamsOf } from './spec';
import type { LossContext, MetricLoss } from './types';

export const spec = defineLossSpec({
  name: 'multi-similarity',
  summary: 'Multi-Similarity (Wang et al. 2019): soft-weighted positive and negative pairs',
  order: 7,
  colour: 'orange',
  hyper: {
    alpha: num(2, 'weight of positive pairs', { min: 0, minExclusive: true }),
    beta: num(50, 'weight of negative pairs', { min: 0, minExclusive: true }),
    base: num(0.5, 'similarity offset lambda'),
    distance: distance('cosine'),
  },
});

export function createMultiSimilarity(ctx: LossContext, params: ParamsOf<typeof spec>): MetricLoss {
  const distance = createDistance(params.distance);
  const alpha = params.alpha;
  const beta = params.beta;
  const base = params.base;
  const sign = distance.isInverted ? 1 : -1; // margin(x, y) = sign · (y − x)
  const sampleAnchors = anchorSampler(ctx.maxAnchors, ctx.seed, 'multi-similarity');

  const blockLoss: BlockLoss = ({ anchors, rows, n, labels, values, grads }) => {
    const pos = new Int32Array(n);
    const neg = new Int32Array(n);
    const z = new Float64Array(n);
    let total = 0;
    // One log(1 + Σ exp(scale · sign · (±))) term over the listed columns of row i.
    const term = (i: number, cols: Int32Array, len: number, scale: number, towardBase: boolean) => {
      const row = i * n;
      for (let k = 0; k < len; k++) {
        const v = values[row + cols[k]];
        z[k] = scale * sign * (towardBase ? base - v : v - base);
      }
      const lse = logSumExp(z, len, true, grads !== null); // z now holds the softmax weights
      if (grads) {
        const dz = towardBase ? -sign : sign; // ∂z/∂v / scale
        for (let k = 0; k < len; k++) grads[0][row + cols[k]] = z[k] * dz;
      }
      return lse / scale;
    };
    for (let i = 0; i < rows; i++) {
      const [np, nn] = partitionRow(labels, anchors[i], pos, neg);
      total += term(i, pos, np, alpha, true) + term(i, neg, nn, beta, false);
    }
    return { sums: [total] };
  };

  const compute = (x: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar => {
    const y = readLabels(labels);
    return tf.tidy(() => {
      const { sums, anchors } = pairwiseSums(distance.prepare(x), y, distance, 1, blockLoss, {
        blockEntries: ctx.blockEntries,
        anchors: sampleAnchors(y.length),
      });
      return divideOrZero(termOf(sums, 0), anchors.length);
    });
  };
  return weightlessLoss('multi-similarity', params, compute);
}

export const loss = defineLoss(spec, createMultiSimilarity);
