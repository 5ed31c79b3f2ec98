// Triplet hinge sums over a pairwise.ts block, in JS (float64), with their gradients w.r.t. the
// distances. "All" triplets have N³ terms (6.9e10 at 4,096 embeddings), far too many to list,
// but the hinge separates after sorting. For one anchor, with t_p = d_ap + m, the u_n = d_an
// sorted ascending and prefix sums U_k = u_(1) + … + u_(k):
//   Σ_n relu(t_p − u_n) = c_p · t_p − U_{c_p},   c_p = #{n : u_n < t_p}
//   ∂/∂d_ap = c_p,   ∂/∂d_an = −#{p : t_p > u_n}
// so each anchor costs two sorts (bucket sorts, sorted-buckets.ts) and counting queries: about
// O(N²) per batch (O(N² log N) at worst), exact.
import { partitionRow, sigmoid, softplus } from './block-math';
import { SortedBuckets } from './sorted-buckets';
import type { BlockLoss } from './pairwise';

/**
 * All triplets (a, p, n), y_p = y_a, p ≠ a, y_n ≠ y_a, of the block's anchors: one term, the sum
 * of relu(d_ap − d_an + margin), counting the triplets whose loss exceeds `countAbove`. `negate`:
 * the block holds similarities, d = −value.
 */
export function allTripletsHinge(margin: number, countAbove: number, negate: boolean): BlockLoss {
  return ({ anchors, rows, n, labels, values, grads }) => {
    const grad = grads?.[0];
    const sign = negate ? -1 : 1;
    const pos = new Int32Array(n);
    const neg = new Int32Array(n);
    const scratch = new Float64Array(n);
    const negatives = new SortedBuckets(n); // u_n = d_an
    const thresholds = new SortedBuckets(n); // t_p = d_ap + m
    let total = 0;
    let count = 0;
    for (let i = 0; i < rows; i++) {
      const row = i * n;
      const [np, nn] = partitionRow(labels, anchors[i], pos, neg);
      if (np === 0 || nn === 0) continue;
      for (let k = 0; k < nn; k++) scratch[k] = sign * values[row + neg[k]];
      negatives.sort(scratch, nn);
      for (let k = 0; k < np; k++) {
        const t = sign * values[row + pos[k]] + margin;
        const c = negatives.countBelow(t);
        total += c * t - negatives.prefix[c];
        count += countAbove === 0 ? c : negatives.countBelow(t - countAbove);
        if (grad) grad[row + pos[k]] = sign * c;
        scratch[k] = t;
      }
      if (!grad) continue;
      thresholds.sort(scratch, np);
      for (let k = 0; k < nn; k++) {
        const j = neg[k];
        grad[row + j] = -sign * (np - thresholds.countBelow(sign * values[row + j], true));
      }
    }
    return { sums: [total], counts: [count] };
  };
}

/** Explicit triplets as three index arrays of equal length. */
export interface TripletIndices {
  a: Int32Array;
  p: Int32Array;
  n: Int32Array;
}

/**
 * The listed triplets, over a block holding the whole N×N matrix: one term, the sum of relu(v)
 * (softplus(v) when smooth), v = d_ap − d_an + margin, with d_an replaced by min(d_an, d_pn) when
 * swap; counts the positive losses. `negate`: the block holds similarities, d = −value.
 */
export function listedTriplets(triplets: TripletIndices, margin: number, swap: boolean, smooth: boolean, negate: boolean): BlockLoss {
  return ({ rows, n, values, grads }) => {
    if (rows !== n) throw new Error('listedTriplets needs the whole matrix in one block, every row an anchor');
    const grad = grads?.[0];
    const sign = negate ? -1 : 1;
    let total = 0;
    let count = 0;
    for (let t = 0; t < triplets.a.length; t++) {
      const a = triplets.a[t];
      const p = triplets.p[t];
      const ng = triplets.n[t];
      let negIdx = a * n + ng;
      if (swap && sign * values[p * n + ng] < sign * values[negIdx]) negIdx = p * n + ng;
      const v = sign * values[a * n + p] - sign * values[negIdx] + margin;
      const loss = smooth ? softplus(v) : Math.max(v, 0);
      total += loss;
      if (loss > 0) count++;
      const slope = smooth ? sigmoid(v) : v > 0 ? 1 : 0;
      if (grad && slope !== 0) {
        grad[a * n + p] += sign * slope;
        grad[negIdx] -= sign * slope;
      }
    }
    return { sums: [total], counts: [count] };
  };
}
