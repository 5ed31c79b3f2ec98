// Contrastive loss (Hadsell et al., CVPR 2006) as pytorch-metric-learning v1.6.2 computes it
// (docs/paper.md §5.5; PML losses/contrastive_loss.py), over all ordered pairs i ≠ j of the batch:
//   positive pairs (y_i = y_j): relu(margin(d_ij, posMargin))  = relu(d_ij − posMargin)
//   negative pairs (y_i ≠ y_j): relu(margin(negMargin, d_ij))  = relu(negMargin − d_ij)
//   loss = AvgNonZero(pos) + AvgNonZero(neg)
// (for a similarity, margin(x, y) = y − x flips both). Row blocks evaluated in JS: pairwise.ts.
import * as tf from '@tensorflow/tfjs';
import { weightlessLoss } from './base';
import { createDistance } from './distances';
import { readLabels } from './ops';
import { anchorSampler, pairwiseSums, type BlockLoss } from './pairwise';
import { divideOrZero, termOf } from './reducers';
import { defineLoss, defineLossSpec, distance, num, type ParamsOf } from './spec';
import type { LossContext, MetricLoss } from './types';

export const spec = defineLossSpec({
  name: 'contrastive',
  summary: 'Contrastive (Hadsell et al. 2006): pull positive pairs, push negatives past a margin',
  order: 6,
  colour: 'yellow',
  hyper: {
    posMargin: num(0, 'positive pairs: relu(d − posMargin)'),
    negMargin: num(1, 'negative pairs: relu(negMargin − d)'),
    distance: distance('euclidean'),
  },
});

export function createContrastive(ctx: LossContext, params: ParamsOf<typeof spec>): MetricLoss {
  const distance = createDistance(params.distance);
  const posMargin = params.posMargin;
  const negMargin = params.negMargin;
  const sign = distance.isInverted ? -1 : 1; // margin(x, y) = sign · (x − y)
  const sampleAnchors = anchorSampler(ctx.maxAnchors, ctx.seed, 'contrastive');

  const blockLoss: BlockLoss = ({ anchors, rows, n, labels, values, grads }) => {
    const sums = [0, 0];
    const counts = [0, 0];
    for (let i = 0; i < rows; i++) {
      const a = anchors[i];
      for (let j = 0; j < n; j++) {
        if (j === a) continue;
        const v = values[i * n + j];
        const term = labels[j] === labels[a] ? 0 : 1;
        const loss = term === 0 ? sign * (v - posMargin) : sign * (negMargin - v);
        if (loss <= 0) continue;
        sums[term] += loss;
        counts[term]++;
        if (grads) grads[term][i * n + j] = term === 0 ? sign : -sign;
      }
    }
    return { sums, counts };
  };

  const compute = (x: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar => {
    const y = readLabels(labels);
    return tf.tidy(() => {
      const { sums, counts } = pairwiseSums(distance.prepare(x), y, distance, 2, blockLoss, {
        blockEntries: ctx.blockEntries,
        symmetric: true,
        anchors: sampleAnchors(y.length),
      });
      return tf.add(divideOrZero(termOf(sums, 0), counts[0]), divideOrZero(termOf(sums, 1), counts[1]));
    });
  };
  return weightlessLoss('contrastive', params, compute);
}

export const loss = defineLoss(spec, createContrastive);
