// The loss's class proxies/centres as rows [R, D] with the class (and centre index) of each row,
// for the Artifact of kind 'proxies' that UMAP maps place next to the sentences.
// Layouts of lib/losses: soft-triple centres [D, C*K] (column c*K+k = centre k of class c) and
// arcface/cosface weights [D, C] are transposed; proxy-anchor/proxy-nca proxies are [C, D] already.
import * as tf from '@tensorflow/tfjs';

export interface ProxyRows {
  data: Float32Array; // [rows, D] row-major
  rows: number;
  dim: number;
  rowClasses: number[];
  rowCenters: number[];
}

const COLUMN_LAYOUT = new Set(['soft-triple', 'arcface', 'cosface']);
const ROW_LAYOUT = new Set(['proxy-anchor', 'proxy-nca']);

export function proxyRows(loss: string, weights: tf.Variable[], numClasses: number, dim: number): ProxyRows | null {
  const w = weights[0];
  if (!w || w.rank !== 2 || (!COLUMN_LAYOUT.has(loss) && !ROW_LAYOUT.has(loss))) return null;
  const rowsTensor = COLUMN_LAYOUT.has(loss) ? tf.transpose(w) : w;
  const [rows, cols] = rowsTensor.shape;
  const data = rowsTensor.dataSync() as Float32Array;
  if (rowsTensor !== w) rowsTensor.dispose();
  if (cols !== dim || rows % numClasses !== 0) return null;
  const perClass = rows / numClasses;
  const index = Array.from({ length: rows }, (_, r) => r);
  return { data: Float32Array.from(data), rows, dim, rowClasses: index.map((r) => Math.floor(r / perClass)), rowCenters: index.map((r) => r % perClass) };
}
