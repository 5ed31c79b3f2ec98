// Pairwise distances between the rows of an [n, d] matrix, streamed in blocks of query rows so an
// n×n matrix is never held at once. One 2-D matMul per block (the fast path on tfjs-wasm: plain
// matMul, no transpose flags; docs/environment.md §1):
//   euclidean  d(a, b) = sqrt(max(0, ‖a‖² + ‖b‖² − 2 a·b))
//   cosine     d(a, b) = 1 − a·b / (‖a‖ ‖b‖)
import * as tf from '@tensorflow/tfjs';

export type Metric = 'euclidean' | 'cosine';

export interface Matrix2D {
  data: Float32Array;
  rows: number;
  cols: number;
}

function prepared(m: Matrix2D, metric: Metric): tf.Tensor2D {
  return tf.tidy(() => {
    const t = tf.tensor2d(m.data, [m.rows, m.cols]);
    return metric === 'cosine' ? tf.div(t, tf.maximum(tf.norm(t, 'euclidean', 1, true), 1e-12)) : t;
  });
}

/** Calls `block(start, size, distances)` for consecutive blocks of query rows ([size, refs.rows] tensor, disposed after). */
function distanceBlocks(
  queries: Matrix2D,
  refs: Matrix2D,
  metric: Metric,
  block: (start: number, size: number, dist: tf.Tensor2D) => void,
  blockRows = 512,
): void {
  if (queries.cols !== refs.cols) throw new RangeError(`dimension mismatch: ${queries.cols} vs ${refs.cols}`);
  const n = refs.rows;
  const q = prepared(queries, metric);
  const r = refs === queries ? q : prepared(refs, metric);
  const rt = tf.tidy(() => tf.transpose(r)); // [d, n], explicit: keeps the matMul on the fast path
  const rsq = tf.tidy(() => tf.sum(tf.square(r), 1).reshape([1, n])); // [1, n]
  try {
    for (let start = 0; start < queries.rows; start += blockRows) {
      const size = Math.min(blockRows, queries.rows - start);
      const dist = tf.tidy(() => {
        const qb = tf.slice(q, [start, 0], [size, queries.cols]);
        const dot = tf.matMul(qb, rt); // [size, n]
        if (metric === 'cosine') return tf.sub<tf.Tensor2D>(1, dot);
        const qsq = tf.sum(tf.square(qb), 1, true); // [size, 1]
        return tf.sqrt(tf.relu(tf.sub(tf.add(qsq, rsq), tf.mul(2, dot)))) as tf.Tensor2D;
      });
      try {
        block(start, size, dist);
      } finally {
        dist.dispose();
      }
    }
  } finally {
    tf.dispose(r === q ? [q, rt, rsq] : [q, r, rt, rsq]);
  }
}

/** Calls `visit(i, distances)` for every row i of `queries` with its distances to all rows of `refs`. */
export function forEachCrossDistanceRow(
  queries: Matrix2D,
  refs: Matrix2D,
  metric: Metric,
  visit: (i: number, dist: Float32Array) => void,
  blockRows = 512,
): void {
  const n = refs.rows;
  distanceBlocks(
    queries,
    refs,
    metric,
    (start, size, dist) => {
      const values = dist.dataSync() as Float32Array;
      for (let i = 0; i < size; i++) visit(start + i, values.subarray(i * n, (i + 1) * n));
    },
    blockRows,
  );
}

/** Calls `visit(i, distances)` for every row i with its distances to all rows (self exactly 0). */
export function forEachDistanceRow(m: Matrix2D, metric: Metric, visit: (i: number, dist: Float32Array) => void, blockRows = 512): void {
  forEachCrossDistanceRow(
    m,
    m,
    metric,
    (i, dist) => {
      dist[i] = 0;
      visit(i, dist);
    },
    blockRows,
  );
}

/** k nearest neighbours of every row, self first (UMAP's convention), then ascending distance
 *  (selection by tf.topk on the backend, ties broken by the lower index). */
export function nearestNeighbors(m: Matrix2D, k: number, metric: Metric): { indices: number[][]; distances: number[][] } {
  const kk = Math.min(k, m.rows);
  const take = Math.min(kk + 1, m.rows); // one spare in case self is not among the first kk
  const indices: number[][] = new Array<number[]>(m.rows);
  const distances: number[][] = new Array<number[]>(m.rows);
  distanceBlocks(m, m, metric, (start, size, dist) => {
    const [values, idx] = tf.tidy(() => {
      const top = tf.topk(tf.neg(dist), take, true);
      return [top.values, top.indices];
    });
    const v = values.dataSync();
    const ix = idx.dataSync();
    tf.dispose([values, idx]);
    for (let r = 0; r < size; r++) {
      const i = start + r;
      const row: number[] = [i];
      const ds: number[] = [0];
      for (let j = 0; j < take && row.length < kk; j++) {
        const other = ix[r * take + j];
        if (other === i) continue;
        row.push(other);
        ds.push(-v[r * take + j]);
      }
      indices[i] = row;
      distances[i] = ds;
    }
  });
  return { indices, distances };
}

/** Rows of a flat matrix as number arrays (umap-js input). */
export function toRows(m: Matrix2D): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}
