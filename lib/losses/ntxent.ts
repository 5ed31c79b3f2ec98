// NT-Xent / InfoNCE loss (Chen et al., ICML 2020) with labels, as pytorch-metric-learning v1.6.2
// computes it (docs/paper.md §5.7; PML losses/ntxent_loss.py), for every positive ordered pair (a, p),
// with z = S/τ (distances negated to similarities):
//   ℓ_ap = −log( e^{z_ap} / (e^{z_ap} + Σ_{n: y_n ≠ y_a} e^{z_an}) + tiny )
//        = min( softplus(L_a − z_ap), −log(tiny) ),   L_a = log Σ_n e^{z_an}
//   loss = mean over positive pairs (MeanReducer); 0 when the batch has no positive or no negative pair.
// Gradient: ∂ℓ_ap/∂z_ap = −σ(L_a − z_ap), ∂ℓ_ap/∂z_an = σ(L_a − z_ap) · e^{z_an − L_a}.
// Row blocks in JS: pairwise.ts.
import * as tf from '@tensorflow/tfjs';
import { weightlessLoss } from './base';
import { logSumExp, partitionRow, sigmoid, softplus } from './block-math';
import { createDistance } from './distances';
import { readLabels } from './ops';
import { anchorSampler, pairwiseSums, type BlockLoss } from './pairwise';
import { divideOrZero, termOf } from './reducers';
import { defineLoss, defineLossSpec, distance, num, type ParamsOf } from './spec';
import type { LossContext, MetricLoss } from './types';

export const spec = defineLossSpec({
  name: 'ntxent',
  summary: 'NT-Xent / InfoNCE (Chen et al. 2020) with labels',
  order: 8,
  colour: 'bluish-green',
  hyper: {
    temperature: num(0.07, 'softmax temperature', { min: 0, minExclusive: true }),
    distance: distance('cosine'),
  },
});

/** −log of float32's smallest normal number: PML's `+ small_val` caps each pair's loss there. */
const MAX_PAIR_LOSS = -Math.log(1.1754943508222875e-38);

/** Ordered positive and negative pair counts of a batch, with anchors among `anchors` (default all). */
export function pairCounts(y: Int32Array, anchors?: Int32Array): { pos: number; neg: number } {
  const sizes = new Map<number, number>();
  y.forEach((v) => sizes.set(v, (sizes.get(v) ?? 0) + 1));
  let pos = 0;
  let neg = 0;
  for (const a of anchors ?? y.keys()) {
    const same = sizes.get(y[a])!;
    pos += same - 1;
    neg += y.length - same;
  }
  return { pos, neg };
}

export function createNtXent(ctx: LossContext, params: ParamsOf<typeof spec>): MetricLoss {
  const distance = createDistance(params.distance);
  const scale = (distance.isInverted ? 1 : -1) / params.temperature; // z = scale · value
  const sampleAnchors = anchorSampler(ctx.maxAnchors, ctx.seed, 'ntxent');

  const blockLoss: BlockLoss = ({ anchors, rows, n, labels, values, grads }) => {
    const pos = new Int32Array(n);
    const neg = new Int32Array(n);
    const z = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < rows; i++) {
      const row = i * n;
      const [np, nn] = partitionRow(labels, anchors[i], pos, neg);
      if (np === 0 || nn === 0) continue; // without negatives every pair's loss is −log(1 + tiny) = 0
      for (let k = 0; k < nn; k++) z[k] = scale * values[row + neg[k]];
      const lse = logSumExp(z, nn, false, grads !== null); // z now holds e^{z_an − L_a}
      let negWeight = 0; // Σ_p σ(L_a − z_ap) over the pairs below the cap
      for (let k = 0; k < np; k++) {
        const gap = lse - scale * values[row + pos[k]];
        const loss = softplus(gap);
        if (loss >= MAX_PAIR_LOSS) {
          total += MAX_PAIR_LOSS;
          continue;
        }
        total += loss;
        if (grads) {
          grads[0][row + pos[k]] = -sigmoid(gap) * scale;
          negWeight += sigmoid(gap);
        }
      }
      if (grads) for (let k = 0; k < nn; k++) grads[0][row + neg[k]] = negWeight * z[k] * scale;
    }
    return { sums: [total] };
  };

  const compute = (x: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar => {
    const y = readLabels(labels);
    const anchors = sampleAnchors(y.length);
    const pairs = pairCounts(y, anchors);
    return tf.tidy(() => {
      const { sums } = pairwiseSums(distance.prepare(x), y, distance, 1, blockLoss, { blockEntries: ctx.blockEntries, anchors });
      return divideOrZero(termOf(sums, 0), pairCounts(y).neg > 0 ? pairs.pos : 0);
    });
  };
  return weightlessLoss('ntxent', params, compute);
}

export const loss = defineLoss(spec, createNtXent);
