// Triplet margin loss (Weinberger & Saul 2009; Schroff et al. 2015) as pytorch-metric-learning
// v1.6.2 computes it (docs/paper.md §5.4; PML losses/triplet_margin_loss.py), over all triplets
// (a, p, n) with y_p = y_a, p ≠ a, y_n ≠ y_a:
//   ℓ_apn = relu(d_ap − d_an + m)     (softplus when smoothLoss; d_an := min(d_an, d_pn) when swap)
//   loss  = AvgNonZero over triplets   (mean of the positive ℓ; 0 when none)
// Similarities are negated to distances. Evaluation:
// - relu, no swap, all triplets: exact at any batch size, sorted per anchor (triplet-ops.ts), in
//   row blocks of the distance matrix (pairwise.ts);
// - swap or smoothLoss: the triplets are listed, all of them up to maxTriplets (2^20), else
//   maxTriplets drawn uniformly; tripletsPerAnchor = k draws k per anchor (PML's sampling).
//   These use the whole N×N matrix in one block (64 MiB at 4,096 embeddings).
import * as tf from '@tensorflow/tfjs';
import { deriveSeed, Rng } from '../util/random';
import { weightlessLoss } from './base';
import { createDistance } from './distances';
import { readLabels } from './ops';
import { anchorSampler, pairwiseSums } from './pairwise';
import { divideOrZero, termOf } from './reducers';
import { allTripletsHinge, listedTriplets, type TripletIndices } from './triplet-ops';
import { countTriplets, listAllTriplets, sampleTripletsPerAnchor, sampleTripletsUniform } from './triplet-sampling';
import { defineLoss, defineLossSpec, allOrInt, bool, distance, int, num, type ParamsOf } from './spec';
import type { LossContext, MetricLoss } from './types';

export const spec = defineLossSpec({
  name: 'triplet-margin',
  summary: 'Triplet margin (Weinberger & Saul 2009; Schroff et al. 2015), pytorch-metric-learning’s',
  order: 4,
  colour: 'sky-blue',
  hyper: {
    margin: num(0.05, 'margin m in relu(d_ap − d_an + m)'),
    swap: bool(false, 'use min(d_an, d_pn) as the negative distance'),
    smoothLoss: bool(false, 'softplus instead of relu'),
    tripletsPerAnchor: allOrInt('"all" or a number of random triplets per anchor', 1),
    maxTriplets: int(1 << 20, 'swap / smoothLoss with "all": list at most this many triplets, sample uniformly above', 1),
    distance: distance('euclidean'),
  },
});

export function createTripletMargin(ctx: LossContext, params: ParamsOf<typeof spec>): MetricLoss {
  const distance = createDistance(params.distance);
  const margin = params.margin;
  const swap = params.swap;
  const smooth = params.smoothLoss;
  const perAnchor = params.tripletsPerAnchor;
  const maxTriplets = params.maxTriplets;
  const exact = !swap && !smooth && perAnchor === 'all';
  const rng = new Rng(deriveSeed(ctx.seed, 'triplet-margin/sampling'));
  const sampleAnchors = anchorSampler(ctx.maxAnchors, ctx.seed, 'triplet-margin');

  function chooseTriplets(y: Int32Array): TripletIndices {
    if (perAnchor !== 'all') return sampleTripletsPerAnchor(y, perAnchor, rng);
    return countTriplets(y) <= maxTriplets ? listAllTriplets(y) : sampleTripletsUniform(y, maxTriplets, rng);
  }

  const compute = (x: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar => {
    const y = readLabels(labels);
    const negate = distance.isInverted;
    const blockLoss = exact ? allTripletsHinge(margin, 0, negate) : listedTriplets(chooseTriplets(y), margin, swap, smooth, negate);
    const options = exact ? { blockEntries: ctx.blockEntries, anchors: sampleAnchors(y.length) } : { blockEntries: Infinity };
    return tf.tidy(() => {
      const { sums, counts } = pairwiseSums(distance.prepare(x), y, distance, 1, blockLoss, options);
      return divideOrZero(termOf(sums, 0), counts[0]);
    });
  };
  return weightlessLoss('triplet-margin', params, compute);
}

export const loss = defineLoss(spec, createTripletMargin);
