// One sentence (or pair) prepared for attribution: its tokens, batches of copies of it, its
// word-embedding rows, and the scalar being explained.
// The explained scalar F is the logit (default) or the probability of a pinned target class,
// computed by the classifier with the word-embedding lookup replaced by the given embeddings;
// position and token-type embeddings are still added inside the encoder and are held fixed, so
// attributions are with respect to the word embeddings only (Captum: LayerIntegratedGradients on
// `embeddings.word_embeddings`).
import * as tf from '@tensorflow/tfjs';
import type { EncodedBatch, SequenceClassifier, Tokenized } from '../model/types';
import { UserError } from '../errors';
import type { BatchScalarFn } from './integrated-gradients';

export type ExplainedOutput = 'logit' | 'prob';

export interface TextInput {
  text: string;
  pair?: string;
  tok: Tokenized;
  /** Number of tokens (special tokens included). */
  length: number;
  /** Forward outputs computed elsewhere (onnxruntime, ./onnx-attention): logits [C] and attention [layer][head][L][L]. */
  computed?: { logits: number[]; attention: number[][][][] };
}

export interface IdRow {
  ids: number[];
  typeIds: number[];
}

export function encodeText(classifier: SequenceClassifier, text: string, pair?: string, maxLength = 64): TextInput {
  const tok = classifier.tokenizer.encode(text, pair ?? undefined, maxLength);
  if (tok.ids.length === 0) throw new UserError(`cannot explain an empty text ("${text}")`);
  return { text, pair: pair ?? undefined, tok, length: tok.ids.length };
}

/** Rows of different lengths as one right-padded batch (attention mask 0 on padding). */
export function idsBatch(rows: IdRow[], padId: number): EncodedBatch {
  const seqLen = Math.max(1, ...rows.map((r) => r.ids.length));
  const ids = new Int32Array(rows.length * seqLen).fill(padId);
  const mask = new Int32Array(rows.length * seqLen);
  const types = new Int32Array(rows.length * seqLen);
  rows.forEach((r, b) => {
    for (let t = 0; t < r.ids.length; t++) {
      ids[b * seqLen + t] = r.ids[t];
      mask[b * seqLen + t] = 1;
      types[b * seqLen + t] = r.typeIds[t] ?? 0;
    }
  });
  const shape: [number, number] = [rows.length, seqLen];
  return {
    inputIds: tf.tensor2d(ids, shape, 'int32'),
    attentionMask: tf.tensor2d(mask, shape, 'int32'),
    tokenTypeIds: tf.tensor2d(types, shape, 'int32'),
  };
}

/** n copies of the sentence (same ids, mask and token types). */
export function repeatBatch(input: TextInput, n: number, padId: number): EncodedBatch {
  const row = { ids: input.tok.ids, typeIds: input.tok.typeIds };
  return idsBatch(new Array<IdRow>(n).fill(row), padId);
}

export function disposeBatch(b: EncodedBatch): void {
  tf.dispose([b.inputIds, b.attentionMask, b.tokenTypeIds]);
}

/** The sentence's word-embedding rows [L, D] (the IG input). */
export function wordEmbeddingsOf(classifier: SequenceClassifier, ids: number[]): tf.Tensor2D {
  return tf.tidy(() => tf.gather(classifier.wordEmbeddingTable(), tf.tensor1d(ids, 'int32')) as tf.Tensor2D);
}

/** Logits [C] of the sentence itself. */
export function logitsOf(classifier: SequenceClassifier, input: TextInput): number[] {
  if (input.computed) return input.computed.logits;
  const batch = repeatBatch(input, 1, classifier.tokenizer.padId);
  try {
    return tf.tidy(() => {
      const out = classifier.forward(batch);
      return Array.from(out.logits.dataSync());
    });
  } finally {
    disposeBatch(batch);
  }
}

/** F: [N, L, D] word embeddings → [N] logit (or probability) of `target`, the class pinned for
 *  every point of the path. */
export function targetScoreFn(
  classifier: SequenceClassifier,
  input: TextInput,
  target: number,
  output: ExplainedOutput = 'logit',
): BatchScalarFn {
  if (!Number.isInteger(target) || target < 0 || target >= classifier.numLabels) {
    throw new UserError(`target class ${target} out of range (the model has ${classifier.numLabels} classes)`);
  }
  return (x: tf.Tensor) => {
    const n = x.shape[0];
    const batch = repeatBatch(input, n, classifier.tokenizer.padId);
    try {
      const { logits } = classifier.forward(batch, { wordEmbeddings: x as tf.Tensor3D });
      const scores = output === 'prob' ? tf.softmax(logits) : logits;
      return tf.reshape<tf.Rank.R1>(tf.slice(scores, [0, target], [n, 1]), [n]);
    } finally {
      disposeBatch(batch);
    }
  };
}

export function softmax(logits: number[]): number[] {
  const m = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

export function argmax(v: number[]): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}

/** Class probabilities [rows][C] of token-id rows (faithfulness erasures), in batches. */
export function probabilitiesOf(classifier: SequenceClassifier, rows: IdRow[], batchSize = 64): number[][] {
  const out: number[][] = [];
  for (let s = 0; s < rows.length; s += batchSize) {
    const batch = idsBatch(rows.slice(s, s + batchSize), classifier.tokenizer.padId);
    try {
      const probs = tf.tidy(() => tf.softmax(classifier.forward(batch).logits).arraySync());
      out.push(...probs);
    } finally {
      disposeBatch(batch);
    }
  }
  return out;
}
