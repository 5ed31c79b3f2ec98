// Distances between embeddings, as pytorch-metric-learning's distances/ (docs/paper.md §5.0):
//   cosine:            s_ij = x̂_i · x̂_j                     (x̂ = x / ‖x‖; larger = closer)
//   dot:               s_ij = x_i · x_j                       (no normalisation; larger = closer)
//   euclidean:         d_ij = ‖x̂_i − x̂_j‖₂                   (LpDistance p=2, power 1, normalised: PML's default)
//   squared-euclidean: d_ij = ‖x̂_i − x̂_j‖₂²                  (LpDistance power 2)
//   raw-euclidean:     d_ij = ‖x_i − x_j‖₂ without normalising (sentence-transformers' triplet losses)
import * as tf from '@tensorflow/tfjs';
import { l2Normalize, matMulTransposed, safeSqrt } from './ops';

import { DISTANCE_NAMES, type DistanceName } from './distance-names';
export { DISTANCE_NAMES, type DistanceName };

export interface Distance {
  readonly name: DistanceName;
  /** true for similarities (larger = closer). */
  readonly isInverted: boolean;
  /** Per-row preprocessing applied once per batch (L2 normalisation for normalising distances). */
  prepare(x: tf.Tensor2D): tf.Tensor2D;
  /** [Na, Nb] matrix between already prepared rows. */
  pairwise(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D;
}

/** ‖a_i − b_j‖² from norms and one plain matMul, clipped at 0 against rounding. */
function squaredDistances(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const aa = tf.sum(tf.square(a), 1, true); // [Na, 1]
  const bb = tf.reshape(tf.sum(tf.square(b), 1), [1, -1]); // [1, Nb]
  const ab = matMulTransposed(a, b); // [Na, Nb]
  return tf.relu(tf.sub(tf.add(aa, bb), tf.mul(ab, 2))) as tf.Tensor2D;
}

const identity = (x: tf.Tensor2D) => x;
const normalize = (x: tf.Tensor2D) => l2Normalize(x);

export function createDistance(name: DistanceName): Distance {
  switch (name) {
    case 'cosine':
      return { name, isInverted: true, prepare: normalize, pairwise: matMulTransposed };
    case 'dot':
      return { name, isInverted: true, prepare: identity, pairwise: matMulTransposed };
    case 'euclidean':
      return { name, isInverted: false, prepare: normalize, pairwise: (a, b) => safeSqrt(squaredDistances(a, b)) as tf.Tensor2D };
    case 'squared-euclidean':
      return { name, isInverted: false, prepare: normalize, pairwise: squaredDistances };
    case 'raw-euclidean':
      return { name, isInverted: false, prepare: identity, pairwise: (a, b) => safeSqrt(squaredDistances(a, b)) as tf.Tensor2D };
    default:
      throw new Error(`unknown distance "${name as string}"; valid: ${DISTANCE_NAMES.join(', ')}`);
  }
}

/** The matrix turned "larger = closer" (distances negated), for losses written on similarities. */
export function asSimilarityLike(distance: Distance, mat: tf.Tensor2D): tf.Tensor2D {
  return distance.isInverted ? mat : tf.neg(mat);
}
