// The RoBERTa-base shape (hidden 768, 12 heads, FFN 3072, vocabulary 50,265; one of its 12 layers to
// keep the test short): one training step's loss equals the float64 reference's, its gradients
// agree with float64 central finite differences in random directions on a few parameters, and the
// step's peak tensor memory stays under the memory budget's estimate.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/backend';
import { disposeBatch, toEncodedBatch, tokenBatchFromIds } from '../../lib/model/batch';
import { loadClassifier } from '../../lib/model/classifier';
import { makeConfig } from '../../lib/model/config';
import { estimateTrainingMemory } from '../../lib/training/memory-budget';
import { Rng } from '../../lib/util/random';
import { writeRandomCheckpoint } from './helpers';
import { referenceForward, referenceLogits, type Weights } from './reference-encoder';

const BASE = makeConfig('roberta', 'small', 50265, {
  num_hidden_layers: 1,
  hidden_size: 768,
  num_attention_heads: 12,
  intermediate_size: 3072,
  max_position_embeddings: 514,
  pad_token_id: 1,
  initializer_range: 0.02,
});
const TOKENS = [
  [0, 713, 1437, 2156, 50000, 2],
  [0, 31414, 9, 2],
]; // the second row gets two padding tokens
const ROWS = TOKENS.map((r) => [...r, ...Array<number>(6 - r.length).fill(1)]);
const LABELS = [1, 0];
const MASKS = TOKENS.map((r) => [...r.map(() => 1), ...Array<number>(6 - r.length).fill(0)]);

/** Mean cross-entropy of the float64 reference over the batch. */
function referenceLoss(w: Weights): number {
  let total = 0;
  ROWS.forEach((ids, i) => {
    const logits = referenceLogits(BASE, w, referenceForward(BASE, w, ids, MASKS[i]).hidden);
    const max = Math.max(...logits);
    const lse = max + Math.log(logits.reduce((s, z) => s + Math.exp(z - max), 0));
    total += lse - logits[LABELS[i]];
  });
  return total / ROWS.length;
}

before(() => initBackend({ quiet: true }));

test('base shape: loss and gradients of a training step match the float64 reference; memory within budget', async () => {
  const { dir, weights } = await writeRandomCheckpoint(BASE, 12, 2);
  const model = await loadClassifier(dir, { quiet: true, numLabels: 2, dropout: 0 });
  const enc = toEncodedBatch(tokenBatchFromIds(TOKENS, 1));
  const y = tf.oneHot(tf.tensor1d(LABELS, 'int32'), 2);
  let peak = 0;
  const { value, grads } = tf.variableGrads(() => {
    const loss = tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(y, model.forward(enc, { training: true }).logits);
    peak = tf.memory().numBytes;
    return loss;
  }, model.trainableVariables());
  peak = Math.max(peak, tf.memory().numBytes);
  const loss = value.dataSync()[0];
  const ref = referenceLoss(weights);
  assert.ok(Math.abs(loss - ref) < 1e-5 * Math.max(1, Math.abs(ref)), `loss ${loss} vs float64 ${ref}`);
  const budget = estimateTrainingMemory(BASE, { batchSize: 2, maxLength: 6, numLabels: 2 }).total;
  assert.ok(peak < budget, `peak ${peak} bytes above the budget ${budget}`);

  const rng = new Rng(5);
  const probes = [
    'roberta.encoder.layer.0.attention.self.query.weight',
    'roberta.encoder.layer.0.intermediate.dense.weight',
    'roberta.encoder.layer.0.output.LayerNorm.weight',
    'classifier.out_proj.weight',
  ];
  for (const name of probes) {
    const v = model.params.get(name);
    const grad = grads[v.name];
    const hf = model.params.kindOf(name) === 'linear' ? tf.tidy(() => tf.transpose(grad)) : grad.clone(); // HF layout [out, in]
    const g = Array.from(hf.dataSync());
    hf.dispose();
    const dir = rng.normalArray(g.length);
    const analytic = g.reduce((s, x, i) => s + x * dir[i], 0);
    const eps = 1e-4;
    const shifted = (sign: number) => ({
      ...weights,
      [name]: { ...weights[name], values: weights[name].values.map((x, i) => x + sign * eps * dir[i]) },
    });
    const numeric = (referenceLoss(shifted(1)) - referenceLoss(shifted(-1))) / (2 * eps);
    assert.ok(
      Math.abs(analytic - numeric) < 1e-4 + 1e-2 * Math.abs(numeric),
      `${name}: gradient ${analytic} vs float64 finite difference ${numeric}`,
    );
  }
  tf.dispose([value, ...Object.values(grads), y]);
  disposeBatch(enc);
  model.dispose();
});
