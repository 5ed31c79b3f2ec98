// What the trainer needs from the combined loss (lib/losses/combined.ts), and batch slicing.
import type * as tf from '@tensorflow/tfjs';
import type { TokenBatch } from '../model/types';

export interface LossTerms {
  total: tf.Scalar;
  ce: tf.Scalar;
  dml: tf.Scalar | null;
}

/** The subset of the combined loss the trainer and the evaluation use. */
export interface TrainingLoss {
  compute(input: { logits: tf.Tensor2D; hidden: tf.Tensor3D; attentionMask: tf.Tensor2D; labels: tf.Tensor1D }): LossTerms;
  trainableWeights(): tf.Variable[];
  proxyProbs?(logits: tf.Tensor2D, cls: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

/** Rows of a padded token batch (kept at the batch's padded length). */
export function sliceTokenBatch(b: TokenBatch, rows: number[]): TokenBatch {
  const L = b.seqLen;
  const pick = (src: Int32Array) => {
    const out = new Int32Array(rows.length * L);
    rows.forEach((r, i) => out.set(src.subarray(r * L, (r + 1) * L), i * L));
    return out;
  };
  return {
    inputIds: pick(b.inputIds),
    attentionMask: pick(b.attentionMask),
    tokenTypeIds: pick(b.tokenTypeIds),
    batchSize: rows.length,
    seqLen: L,
    lengths: rows.map((r) => b.lengths[r]),
  };
}
