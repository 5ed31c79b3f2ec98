// The loss's class proxies/centres as rows [R, D] with the class (and centre index) of each row,
// for the Artifact of kind 'proxies' that UMAP maps place next to the sentences.
// Each proxy loss's spec (lib/losses/<loss>.ts) declares its layout: 'columns' W [D, C*K] (column
// c*K+k = centre k of class c; soft-triple, arcface, cosface) is transposed, 'rows' P [C, D]
// (proxy-anchor, proxy-nca) is taken as it is.
import * as tf from '@tensorflow/tfjs';
import { lossSpec } from '../losses/hyperparams';
import { isLossName } from '../losses/types';

export interface ProxyRows {
  data: Float32Array; // [rows, D] row-major
  rows: number;
  dim: number;
  rowClasses: number[];
  rowCenters: number[];
}

/** The proxy rows of a trained loss, or null for a loss without proxies or weights of another shape. */
export function proxyRows(loss: string, weights: tf.Variable[], numClasses: number, dim: number): ProxyRows | null {
  const proxies = isLossName(loss) ? lossSpec(loss).proxies : undefined;
  const w = weights[0];
  if (!proxies || !w || w.rank !== 2) return null;
  const rowsTensor = proxies.layout === 'columns' ? tf.transpose(w) : w;
  const [rows, cols] = rowsTensor.shape;
  const data = rowsTensor.dataSync() as Float32Array;
  if (rowsTensor !== w) rowsTensor.dispose();
  if (cols !== dim || rows % numClasses !== 0) return null;
  const perClass = rows / numClasses; // K of the spec's perClassParam (1 without)
  const index = Array.from({ length: rows }, (_, r) => r);
  return {
    data: Float32Array.from(data),
    rows,
    dim,
    rowClasses: index.map((r) => Math.floor(r / perClass)),
    rowCenters: index.map((r) => r % perClass),
  };
}
