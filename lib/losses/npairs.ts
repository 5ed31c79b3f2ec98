// N-pairs loss (Sohn, NeurIPS 2016) as pytorch-metric-learning v1.6.2 computes it (docs/paper.md §5.9;
// PML losses/n_pairs_loss.py): one positive pair per label that has two members, taken as the
// first pair (a, p) in row-major order among that label's positive pairs, i.e. its first and
// second member; then with S = anchors × positives (dot product by default, distances negated):
//   ℓ_k = CE(S_k, k),  loss = mean_k ℓ_k  (MeanReducer); 0 without any positive pair.
import * as tf from '@tensorflow/tfjs';
import { weightlessLoss } from './base';
import { asSimilarityLike, createDistance } from './distances';
import { crossEntropyPerRow, matMulFast, oneHotFloat, readLabels } from './ops';
import { meanReduce } from './reducers';
import { defineLoss, defineLossSpec, distance, type ParamsOf } from './spec';
import type { LossContext, MetricLoss } from './types';

export const spec = defineLossSpec({
  name: 'npairs',
  summary: 'N-pairs (Sohn 2016): one positive pair per label against the others',
  order: 10,
  colour: 'orange',
  hyper: {
    distance: distance('dot'),
  },
});

/** (first, second) member of every label with two or more members, by ascending label. */
export function firstPairPerLabel(y: Int32Array): { anchors: number[]; positives: number[] } {
  const firstTwo = new Map<number, number[]>();
  y.forEach((label, i) => {
    const seen = firstTwo.get(label) ?? [];
    if (seen.length < 2) seen.push(i);
    firstTwo.set(label, seen);
  });
  const labels = [...firstTwo.keys()].sort((a, b) => a - b).filter((l) => firstTwo.get(l)!.length === 2);
  return { anchors: labels.map((l) => firstTwo.get(l)![0]), positives: labels.map((l) => firstTwo.get(l)![1]) };
}

/** Rows of x picked by a one-hot [k, N] product (differentiable on wasm, unlike tf.gather). */
function pickRows(x: tf.Tensor2D, rows: number[]): tf.Tensor2D {
  const selector = oneHotFloat(tf.tensor1d(rows, 'int32'), x.shape[0]);
  return matMulFast(selector, x);
}

export function createNPairs(_ctx: LossContext, params: ParamsOf<typeof spec>): MetricLoss {
  const distance = createDistance(params.distance);

  const compute = (x: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar => {
    const { anchors, positives } = firstPairPerLabel(readLabels(labels));
    return tf.tidy(() => {
      if (anchors.length === 0) return tf.mul<tf.Scalar>(tf.sum(x), 0);
      const prepared = distance.prepare(x);
      const sim = asSimilarityLike(distance, distance.pairwise(pickRows(prepared, anchors), pickRows(prepared, positives)));
      const targets = tf.range(0, anchors.length, 1, 'int32');
      return meanReduce(crossEntropyPerRow(sim, targets));
    });
  };
  return weightlessLoss('npairs', params, compute);
}

export const loss = defineLoss(spec, createNPairs);
