// TokenBatch (flat JS arrays from the tokenizer) → EncodedBatch (int32 tensors [B, L]).
import * as tf from '@tensorflow/tfjs';
import type { EncodedBatch, TokenBatch } from './types';

/** Creates the three [B, L] int32 tensors; the caller disposes them (see disposeBatch). */
export function toEncodedBatch(b: TokenBatch): EncodedBatch {
  const shape: [number, number] = [b.batchSize, b.seqLen];
  return {
    inputIds: tf.tensor2d(b.inputIds, shape, 'int32'),
    attentionMask: tf.tensor2d(b.attentionMask, shape, 'int32'),
    tokenTypeIds: tf.tensor2d(b.tokenTypeIds, shape, 'int32'),
  };
}

export function disposeBatch(b: EncodedBatch): void {
  b.inputIds.dispose();
  b.attentionMask.dispose();
  b.tokenTypeIds.dispose();
}

/** A TokenBatch from rows of ids, right-padded with padId (tests, benches, `model embed`). */
export function tokenBatchFromIds(rows: number[][], padId: number, typeRows?: number[][]): TokenBatch {
  const batchSize = rows.length;
  const seqLen = Math.max(...rows.map((r) => r.length));
  const inputIds = new Int32Array(batchSize * seqLen).fill(padId);
  const attentionMask = new Int32Array(batchSize * seqLen);
  const tokenTypeIds = new Int32Array(batchSize * seqLen);
  rows.forEach((row, i) => {
    row.forEach((id, j) => {
      inputIds[i * seqLen + j] = id;
      attentionMask[i * seqLen + j] = 1;
      tokenTypeIds[i * seqLen + j] = typeRows?.[i]?.[j] ?? 0;
    });
  });
  return { inputIds, attentionMask, tokenTypeIds, batchSize, seqLen, lengths: rows.map((r) => r.length) };
}
