// Training steps of the encoder: no tensor leak over 20 steps (forward + backward + AdamW),
// the loss goes down, and seeded dropout makes runs repeat exactly.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/backend';
import { disposeBatch, toEncodedBatch, tokenBatchFromIds } from '../../lib/model/batch';
import { loadClassifier } from '../../lib/model/classifier';
import { AdamW } from '../../lib/training/adamw';
import { testConfig, writeRandomCheckpoint } from './helpers';

const ROWS = [
  [0, 9, 14, 22, 2],
  [0, 40, 2],
  [0, 7, 7, 8, 9, 2],
  [0, 50, 51, 2],
];
const LABELS = [0, 1, 0, 1];

async function trainRun(dir: string, steps: number, onStep?: (i: number) => void): Promise<number[]> {
  const model = await loadClassifier(dir, { quiet: true, numLabels: 2, seed: 3 });
  const batch = toEncodedBatch(tokenBatchFromIds(ROWS, model.config.pad_token_id));
  const labels = tf.oneHot(tf.tensor1d(LABELS, 'int32'), 2);
  const opt = new AdamW(model.trainableVariables(), { weightDecay: 0.01 });
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const { value, grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(labels, model.forward(batch, { training: true }).logits),
      model.trainableVariables(),
    );
    opt.applyGradients(grads, 5e-3);
    losses.push(value.dataSync()[0]);
    tf.dispose([value, ...Object.values(grads)]);
    onStep?.(i);
  }
  opt.dispose();
  labels.dispose();
  disposeBatch(batch);
  model.dispose();
  return losses;
}

before(() => initBackend({ quiet: true }));

test('20 training steps leak no tensors and lower the loss', async () => {
  const { dir } = await writeRandomCheckpoint(testConfig('roberta', 'micro'), 31);
  const counts: number[] = [];
  const losses = await trainRun(dir, 20, () => counts.push(tf.memory().numTensors));
  assert.ok(
    counts.slice(1).every((c) => c === counts[0]),
    `tensor counts ${counts.join(',')}`,
  );
  assert.ok(losses[19] < losses[0] * 0.8, `loss ${losses[0]} → ${losses[19]}`);
});

test('same seed, same dropout masks, same training trajectory', async () => {
  const { dir } = await writeRandomCheckpoint(testConfig('bert', 'micro'), 32);
  const a = await trainRun(dir, 4);
  const b = await trainRun(dir, 4);
  assert.deepEqual(a, b);
});

test('repeated inference forwards leak nothing', async () => {
  const { dir } = await writeRandomCheckpoint(testConfig('bert', 'micro'), 33);
  const model = await loadClassifier(dir, { quiet: true });
  const batch = toEncodedBatch(tokenBatchFromIds(ROWS, 0));
  const start = tf.memory().numTensors;
  for (let i = 0; i < 20; i++) tf.tidy(() => model.forward(batch, { outputAttentions: true, outputHiddenStates: true }).logits.dataSync());
  assert.equal(tf.memory().numTensors, start);
  disposeBatch(batch);
  model.dispose();
});
