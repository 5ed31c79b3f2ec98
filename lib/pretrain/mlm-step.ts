// One MLM training step: corrupt a batch, predict the original ids at the chosen positions,
// cross-entropy over the vocabulary, clip the global gradient norm, AdamW.
import * as tf from '@tensorflow/tfjs';
import { toEncodedBatch, disposeBatch } from '../model/batch';
import type { Classifier } from '../model/classifier';
import type { TokenBatch } from '../model/types';
import type { AdamW } from '../training/adamw';
import { clipByGlobalNorm } from '../training/grad-clip';
import type { MaskedBatch } from './masking';
import type { MlmHead } from './mlm-head';

export interface MlmResult {
  loss: number;
  correct: number;
  predicted: number;
}

/** Loss (and accuracy counts) of the masked positions; differentiable w.r.t. model and head. */
function mlmLoss(
  model: Classifier,
  head: MlmHead,
  batch: TokenBatch,
  masked: MaskedBatch,
  training: boolean,
  dropoutSeed?: number,
): { loss: tf.Scalar; logits: tf.Tensor2D } {
  const enc = toEncodedBatch({ ...batch, inputIds: masked.inputIds });
  try {
    const out = model.forward(enc, { training, dropoutSeed });
    const [B, L, D] = out.lastHiddenState.shape;
    const flat = out.lastHiddenState.reshape<tf.Tensor2D>([B * L, D]);
    const picked = tf.gather<tf.Tensor2D>(flat, tf.tensor1d(masked.positions, 'int32'));
    const logits = head.logits(picked, model.wordEmbeddingTable() as tf.Tensor2D);
    const onehot = tf.oneHot(tf.tensor1d(masked.targets, 'int32'), logits.shape[1]);
    return { loss: tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(onehot, logits), logits };
  } finally {
    disposeBatch(enc);
  }
}

function countCorrect(logits: tf.Tensor2D, targets: Int32Array): number {
  const argMax = logits.argMax(1);
  const pred = argMax.dataSync();
  argMax.dispose();
  let n = 0;
  for (let i = 0; i < targets.length; i++) if (pred[i] === targets[i]) n++;
  return n;
}

/** One optimizer step; `dropoutSeed` fixes this step's dropout masks (reproducible across resumes). */
export function trainStep(
  model: Classifier,
  head: MlmHead,
  optimizer: AdamW,
  vars: tf.Variable[],
  batch: TokenBatch,
  masked: MaskedBatch,
  lr: number,
  dropoutSeed: number,
): MlmResult {
  let correct = 0;
  const { value, grads } = tf.variableGrads(() => {
    const { loss, logits } = mlmLoss(model, head, batch, masked, true, dropoutSeed);
    correct = countCorrect(logits, masked.targets);
    return loss;
  }, vars);
  clipByGlobalNorm(grads, 1.0);
  optimizer.applyGradients(grads, lr);
  const loss = value.dataSync()[0];
  value.dispose();
  tf.dispose(grads);
  return { loss, correct, predicted: masked.positions.length };
}

export function evalStep(model: Classifier, head: MlmHead, batch: TokenBatch, masked: MaskedBatch): MlmResult {
  const { loss, logits } = tf.tidy(() => mlmLoss(model, head, batch, masked, false));
  const result = { loss: loss.dataSync()[0], correct: countCorrect(logits, masked.targets), predicted: masked.positions.length };
  tf.dispose([loss, logits]);
  return result;
}
