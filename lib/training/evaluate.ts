// Evaluation of a classifier on many sentences: batches of similar length (sorted by token count,
// so padding is small), forward without dropout, and back to the input order. Returns class
// probabilities, the first-token (cls) embeddings and, for proxy losses, the proxy-mixed
// probabilities beta*softmax(logits) + (1-beta)*softmax(proxy scores) (PAPER.md §4.3).
import * as tf from '@tensorflow/tfjs';
import { disposeBatch, toEncodedBatch, tokenBatchFromIds } from '../model/batch';
import type { SequenceClassifier } from '../model/types';
import type { TrainingLoss } from './train-types';

export interface EvalInput {
  texts: string[];
  pairs: string[] | null;
}

export interface EvalOutput {
  n: number;
  numClasses: number;
  embeddingSize: number;
  probs: Float32Array; // [n, C]
  cls: Float32Array; // [n, D]
  proxyProbs: Float32Array | null; // [n, C]
  numTokens: number[];
}

/** Indices sorted by length (stable), cut into batches of at most batchSize. */
export function lengthBatches(lengths: number[], batchSize: number): number[][] {
  const order = lengths.map((len, i) => [len, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i);
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) out.push(order.slice(i, i + batchSize));
  return out;
}

export async function evaluate(
  model: SequenceClassifier,
  data: EvalInput,
  opts: { maxLength: number; batchSize: number; loss?: TrainingLoss; proxyInference?: boolean; onBatch?: (done: number, total: number) => void | Promise<void> },
): Promise<EvalOutput> {
  const n = data.texts.length;
  const C = model.numLabels;
  const D = model.config.hidden_size;
  const tok = model.tokenizer;
  const encoded = data.texts.map((t, i) => tok.encode(t, data.pairs?.[i] ?? undefined, opts.maxLength));
  const probs = new Float32Array(n * C);
  const cls = new Float32Array(n * D);
  const useProxy = Boolean(opts.proxyInference) && typeof opts.loss?.proxyProbs === 'function';
  const proxyProbs = useProxy ? new Float32Array(n * C) : null;
  let done = 0;
  for (const rows of lengthBatches(encoded.map((e) => e.ids.length), opts.batchSize)) {
    const enc = toEncodedBatch(tokenBatchFromIds(rows.map((i) => encoded[i].ids), tok.padId, rows.map((i) => encoded[i].typeIds)));
    const outs = tf.tidy(() => {
      const out = model.forward(enc, { training: false });
      const p = tf.softmax(out.logits);
      return useProxy ? [p, out.cls, opts.loss!.proxyProbs!(out.logits, out.cls)] : [p, out.cls];
    });
    disposeBatch(enc);
    const [p, e, pp] = outs.map((t) => t.dataSync() as Float32Array);
    tf.dispose(outs);
    rows.forEach((row, k) => {
      probs.set(p.subarray(k * C, (k + 1) * C), row * C);
      cls.set(e.subarray(k * D, (k + 1) * D), row * D);
      if (proxyProbs) proxyProbs.set(pp.subarray(k * C, (k + 1) * C), row * C);
    });
    done += rows.length;
    await opts.onBatch?.(done, n);
  }
  return { n, numClasses: C, embeddingSize: D, probs, cls, proxyProbs, numTokens: encoded.map((e) => e.ids.length) };
}
