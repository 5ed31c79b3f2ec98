// The authors' "triplet" loss: sentence-transformers' BatchAllTripletLoss (docs/paper.md §5.4, end;
// ST losses/BatchAllTripletLoss.py), over all triplets (a, p, n), y_p = y_a, p ≠ a, y_n ≠ y_a:
//   d = Euclidean distance WITHOUT normalisation (zero where the squared distance is <= 0)
//   ℓ_apn = relu(d_ap − d_an + margin),  margin 5
//   loss = Σ ℓ / (#{ℓ > 1e-16} + 1e-16)
// Exact at any batch size: sorted per anchor (triplet-ops.ts) in row blocks (pairwise.ts).
import * as tf from '@tensorflow/tfjs';
import { weightlessLoss } from './base';
import { createDistance } from './distances';
import { readLabels } from './ops';
import { anchorSampler, pairwiseSums } from './pairwise';
import { termOf } from './reducers';
import { allTripletsHinge } from './triplet-ops';
import { defineLoss, defineLossSpec, num, type ParamsOf } from './spec';
import type { LossContext, MetricLoss } from './types';

export const spec = defineLossSpec({
  name: 'batch-all-triplet',
  summary: 'Batch-all triplet, sentence-transformers’ (the authors’ "triplet" loss)',
  order: 5,
  colour: 'sky-blue',
  hyper: {
    margin: num(5, 'margin on unnormalised Euclidean distances (sentence-transformers)'),
  },
});

export function createBatchAllTriplet(ctx: LossContext, params: ParamsOf<typeof spec>): MetricLoss {
  const distance = createDistance('raw-euclidean');
  const margin = params.margin;
  const sampleAnchors = anchorSampler(ctx.maxAnchors, ctx.seed, 'batch-all-triplet');

  const compute = (x: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar => {
    const y = readLabels(labels);
    return tf.tidy(() => {
      const hinge = allTripletsHinge(margin, 1e-16, false);
      const { sums, counts } = pairwiseSums(distance.prepare(x), y, distance, 1, hinge, {
        blockEntries: ctx.blockEntries,
        anchors: sampleAnchors(y.length),
      });
      return tf.div<tf.Scalar>(termOf(sums, 0), counts[0] + 1e-16);
    });
  };
  return weightlessLoss('batch-all-triplet', params, compute);
}

export const loss = defineLoss(spec, createBatchAllTriplet);
