// Supervised Contrastive loss (Khosla et al., NeurIPS 2020) as pytorch-metric-learning v1.6.2
// computes it (docs/paper.md §5.8; PML losses/supcon_loss.py), per anchor i, with z = S/τ
// (distances negated to similarities):
//   log_prob_ij = z_ij − L_i,   L_i = log Σ_{k ≠ i} e^{z_ik}
//   ℓ_i = −Σ_{j∈P(i)} log_prob_ij / |P(i)| = L_i − mean_{j∈P(i)} z_ij     (0 without positives)
//   loss = AvgNonZero over anchors; 0 when the batch has no positive or no negative pair.
// Gradient: ∂ℓ_i/∂z_ij = e^{z_ij − L_i} − [j ∈ P(i)] / |P(i)|. Row blocks in JS: pairwise.ts.
import * as tf from '@tensorflow/tfjs';
import { weightlessLoss } from './base';
import { logSumExp, partitionRow } from './block-math';
import { createDistance } from './distances';
import { pairCounts } from './ntxent';
import { readLabels } from './ops';
import { anchorSampler, pairwiseSums, type BlockLoss } from './pairwise';
import { divideOrZero, termOf } from './reducers';
import { defineLoss, defineLossSpec, distance, num, type ParamsOf } from './spec';
import type { LossContext, MetricLoss } from './types';

export const spec = defineLossSpec({
  name: 'supcon',
  summary: 'Supervised Contrastive (Khosla et al. 2020)',
  order: 9,
  colour: 'bluish-green',
  hyper: {
    temperature: num(0.1, 'softmax temperature', { min: 0, minExclusive: true }),
    distance: distance('cosine'),
  },
  authors: { temperature: 0.1 },
});

export function createSupCon(ctx: LossContext, params: ParamsOf<typeof spec>): MetricLoss {
  const distance = createDistance(params.distance);
  const scale = (distance.isInverted ? 1 : -1) / params.temperature; // z = scale · value
  const sampleAnchors = anchorSampler(ctx.maxAnchors, ctx.seed, 'supcon');

  const blockLoss: BlockLoss = ({ anchors, rows, n, labels, values, grads }) => {
    const pos = new Int32Array(n);
    const neg = new Int32Array(n);
    const others = new Int32Array(n);
    const z = new Float64Array(n);
    let total = 0;
    let count = 0;
    for (let i = 0; i < rows; i++) {
      const row = i * n;
      const [np, nn] = partitionRow(labels, anchors[i], pos, neg);
      if (np === 0) continue;
      others.set(pos.subarray(0, np));
      others.set(neg.subarray(0, nn), np);
      for (let k = 0; k < np + nn; k++) z[k] = scale * values[row + others[k]];
      let meanPos = 0;
      for (let k = 0; k < np; k++) meanPos += z[k] / np;
      const lse = logSumExp(z, np + nn, false, grads !== null); // z now holds e^{z_ij − L_i}
      const loss = lse - meanPos;
      if (!(loss > 0)) continue;
      total += loss;
      count++;
      if (grads) {
        for (let k = 0; k < np + nn; k++) grads[0][row + others[k]] = (z[k] - (k < np ? 1 / np : 0)) * scale;
      }
    }
    return { sums: [total], counts: [count] };
  };

  const compute = (x: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar => {
    const y = readLabels(labels);
    const pairs = pairCounts(y);
    return tf.tidy(() => {
      const { sums, counts } = pairwiseSums(distance.prepare(x), y, distance, 1, blockLoss, {
        blockEntries: ctx.blockEntries,
        anchors: sampleAnchors(y.length),
      });
      return divideOrZero(termOf(sums, 0), pairs.pos > 0 && pairs.neg > 0 ? counts[0] : 0);
    });
  };
  return weightlessLoss('supcon', params, compute);
}

export const loss = defineLoss(spec, createSupCon);
