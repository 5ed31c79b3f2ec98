// Evaluation of a classifier on many sentences: batches of similar length (sorted by token count,
// so padding is small), forward without dropout, and back to the input order. Returns class
// probabilities, the first-token (cls) embeddings and, for proxy losses, the proxy-mixed
// probabilities beta*softmax(logits) + (1-beta)*softmax(proxy scores) (docs/losses.md).
// The forward runs on onnxruntime when lib/onnx/inference-choice.ts picks it (a graph exported
// from the in-memory weights), else on tfjs; both agree within 1e-4 (test/onnx/evaluate.test.ts).
import * as tf from '@tensorflow/tfjs';
import { disposeBatch, toEncodedBatch, tokenBatchFromIds } from '../model/batch';
import type { SequenceClassifier, TokenBatch } from '../model/types';
import { classifierSession } from '../onnx/classifier-session';
import { announceInference, inferenceEngine, type InferenceEngine } from '../onnx/inference-choice';
import type { OnnxEncoderSession } from '../onnx/session';
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
  /** The engine that ran the forwards. */
  engine: InferenceEngine;
}

/** Indices sorted by length (stable), cut into batches of at most batchSize. */
export function lengthBatches(lengths: number[], batchSize: number): number[][] {
  const order = lengths
    .map((len, i) => [len, i] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, i]) => i);
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) out.push(order.slice(i, i + batchSize));
  return out;
}

/** Row-wise softmax of [rows, C] logits (float64 sums). */
function softmaxRows(logits: Float32Array, C: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let r = 0; r < logits.length / C; r++) {
    const row = logits.subarray(r * C, (r + 1) * C);
    const m = Math.max(...row);
    let z = 0;
    for (let c = 0; c < C; c++) z += Math.exp(row[c] - m);
    for (let c = 0; c < C; c++) out[r * C + c] = Math.exp(row[c] - m) / z;
  }
  return out;
}

/** An onnxruntime session for this evaluation, or undefined for tfjs (a failed export falls back, with a warning). */
async function openSession(model: SequenceClassifier, engine: InferenceEngine): Promise<OnnxEncoderSession | undefined> {
  if (engine !== 'onnxruntime') return undefined;
  try {
    return await classifierSession(model);
  } catch (err) {
    if (process.env.DML_INFERENCE?.trim().toLowerCase() === 'onnx') throw err;
    process.stderr.write(`dml-lens: onnxruntime could not run this model (${(err as Error).message}); evaluating on tfjs\n`);
    return undefined;
  }
}

export async function evaluate(
  model: SequenceClassifier,
  data: EvalInput,
  opts: {
    maxLength: number;
    batchSize: number;
    loss?: TrainingLoss;
    proxyInference?: boolean;
    engine?: InferenceEngine;
    onBatch?: (done: number, total: number) => void | Promise<void>;
  },
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
  if (!opts.engine) await announceInference(model);
  const session = await openSession(model, opts.engine ?? (await inferenceEngine(model)));
  /** One batch on tfjs: [probs, cls, proxyProbs?]. */
  const tfjsBatch = (tb: TokenBatch): Float32Array[] => {
    const enc = toEncodedBatch(tb);
    const outs = tf.tidy(() => {
      const out = model.forward(enc, { training: false });
      const p = tf.softmax(out.logits);
      return useProxy ? [p, out.cls, opts.loss!.proxyProbs!(out.logits, out.cls)] : [p, out.cls];
    });
    disposeBatch(enc);
    const arrays = outs.map((t) => t.dataSync() as Float32Array);
    tf.dispose(outs);
    return arrays;
  };
  /** One batch on onnxruntime; the proxy mix (a few small ops) stays on tfjs. */
  const onnxBatch = async (tb: TokenBatch): Promise<Float32Array[]> => {
    const o = await session!.run(tb);
    const B = tb.batchSize;
    const first = new Float32Array(B * D);
    for (let k = 0; k < B; k++) first.set(o.lastHiddenState.subarray(k * tb.seqLen * D, k * tb.seqLen * D + D), k * D);
    const arrays = [softmaxRows(o.logits, C), first];
    if (useProxy)
      arrays.push(
        tf.tidy(() => opts.loss!.proxyProbs!(tf.tensor2d(o.logits, [B, C]), tf.tensor2d(first, [B, D])).dataSync() as Float32Array),
      );
    return arrays;
  };
  let done = 0;
  try {
    for (const rows of lengthBatches(
      encoded.map((e) => e.ids.length),
      opts.batchSize,
    )) {
      const tb = tokenBatchFromIds(
        rows.map((i) => encoded[i].ids),
        tok.padId,
        rows.map((i) => encoded[i].typeIds),
      );
      const [p, e, pp] = session ? await onnxBatch(tb) : tfjsBatch(tb);
      rows.forEach((row, k) => {
        probs.set(p.subarray(k * C, (k + 1) * C), row * C);
        cls.set(e.subarray(k * D, (k + 1) * D), row * D);
        if (proxyProbs) proxyProbs.set(pp.subarray(k * C, (k + 1) * C), row * C);
      });
      done += rows.length;
      await opts.onBatch?.(done, n);
    }
  } finally {
    await session?.release();
  }
  return {
    n,
    numClasses: C,
    embeddingSize: D,
    probs,
    cls,
    proxyProbs,
    numTokens: encoded.map((e) => e.ids.length),
    engine: session ? 'onnxruntime' : 'tfjs',
  };
}
