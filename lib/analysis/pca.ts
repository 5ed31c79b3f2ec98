// Principal component analysis: covariance C = Xcᵀ Xc / (n − 1) of the centred data (one matMul,
// float32 on the tfjs backend), then the full symmetric eigen-decomposition of C (./symmetric-eigen);
// the components are the leading eigenvectors (sklearn PCA without whitening).
// Deterministic: each component's sign is fixed so that its largest-magnitude loading is positive.
import * as tf from '@tensorflow/tfjs';
import type { Matrix2D } from './pairwise';
import { symmetricEigen } from './symmetric-eigen';

export interface PcaModel {
  mean: Float64Array;
  /** k unit vectors of length d (principal axes, by decreasing variance). */
  components: Float64Array[];
  /** Variance along each component. */
  variances: number[];
  /** Fraction of the total variance per component. */
  explainedVarianceRatio: number[];
}

function covariance(m: Matrix2D): { mean: Float64Array; cov: Float64Array[] } {
  const { rows: n, cols: d } = m;
  const [meanT, c] = tf.tidy((): [tf.Tensor, tf.Tensor] => {
    const x = tf.tensor2d(m.data, [n, d]);
    const mean = tf.mean(x, 0);
    const xc = tf.sub(x, mean);
    return [mean, tf.div(tf.matMul(tf.transpose(xc), xc), Math.max(1, n - 1))]; // explicit transpose: fast matMul path
  });
  const flat = c.dataSync();
  const mean = Float64Array.from(meanT.dataSync());
  tf.dispose([meanT, c]);
  const cov = Array.from({ length: d }, (_, i) => Float64Array.from(flat.subarray(i * d, (i + 1) * d)));
  // symmetrise float32 rounding
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) cov[i][j] = cov[j][i] = (cov[i][j] + cov[j][i]) / 2;
  return { mean, cov };
}

export function fitPca(m: Matrix2D, k = 2): PcaModel {
  if (m.rows < 2) throw new RangeError(`PCA needs at least 2 points, got ${m.rows}`);
  const kk = Math.min(k, m.cols);
  const { mean, cov } = covariance(m);
  const total = cov.reduce((s, row, i) => s + row[i], 0);
  const { values, vectors } = symmetricEigen(cov);
  const components = vectors.slice(0, kk).map((v) => {
    const u = Float64Array.from(v);
    let big = 0;
    for (let j = 0; j < u.length; j++) if (Math.abs(u[j]) > Math.abs(u[big])) big = j;
    if (u[big] < 0) for (let j = 0; j < u.length; j++) u[j] = -u[j];
    return u;
  });
  const variances = values.slice(0, kk).map((v) => Math.max(0, v));
  return { mean, components, variances, explainedVarianceRatio: variances.map((v) => (total > 0 ? v / total : 0)) };
}

/** Coordinates of rows (data or extra points such as proxies) on the model's components. */
export function pcaTransform(model: PcaModel, m: Matrix2D): [number, number][] {
  const { rows, cols, data } = m;
  return Array.from({ length: rows }, (_, i) => {
    const c = model.components.map((u) => {
      let s = 0;
      for (let j = 0; j < cols; j++) s += (data[i * cols + j] - model.mean[j]) * u[j];
      return s;
    });
    return [c[0] ?? 0, c[1] ?? 0] as [number, number];
  });
}
