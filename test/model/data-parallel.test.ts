// Data parallelism (main thread + one replica worker) is numerically equivalent to one thread:
// same loss and gradients (dropout included), same predictions, same weights after steps.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/backend';
import { disposeBatch, toEncodedBatch, tokenBatchFromIds } from '../../lib/model/batch';
import { loadClassifier, type Classifier } from '../../lib/model/classifier';
import { createDataParallel, type DataParallel } from '../../lib/model/parallel/data-parallel';
import { AdamW } from '../../lib/training/adamw';
import { maxAbsDiff, testConfig, writeRandomCheckpoint } from './helpers';

const ROWS = [
  [0, 9, 14, 22, 2],
  [0, 40, 2],
  [0, 7, 7, 8, 9, 2],
  [0, 50, 51, 2],
  [0, 60, 2],
];
const LABELS = [0, 1, 2, 1, 0];

describe('data parallel (2 threads)', () => {
  let dp: DataParallel;
  let single: Classifier;
  before(async () => {
    await initBackend({ force: 'wasm', quiet: true });
    const { dir } = await writeRandomCheckpoint(testConfig('roberta', 'micro'), 41);
    dp = await createDataParallel(dir, { seed: 5 });
    single = await loadClassifier(dir, { seed: 5, quiet: true });
  });
  after(async () => {
    await dp.dispose();
    single.dispose();
  });

  test('loss and gradients equal the single-thread full batch, with dropout', async () => {
    const tokens = tokenBatchFromIds(ROWS, 1);
    const dropoutSeed = single.nextDropoutSeed(); // the same draw dp makes for its first step
    const { loss, grads } = await dp.gradients(tokens, LABELS);
    const batch = toEncodedBatch(tokens);
    const onehot = tf.oneHot(tf.tensor1d(LABELS, 'int32'), 3);
    const ref = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(onehot, single.forward(batch, { training: true, dropoutSeed }).logits),
      single.trainableVariables(),
    );
    assert.ok(Math.abs(ref.value.dataSync()[0] - loss) < 1e-6, `loss ${loss} vs ${ref.value.dataSync()[0]}`);
    const dpVars = dp.model.trainableVariables();
    single.trainableVariables().forEach((v, i) => {
      const a = ref.grads[v.name].dataSync();
      const b = grads[dpVars[i].name].dataSync();
      const scale = Math.max(1e-3, ...Array.from(a, Math.abs));
      assert.ok(maxAbsDiff(a, b) < 1e-5 * scale + 1e-7, `gradient of ${v.name}`);
    });
    tf.dispose([onehot, ref.value, ...Object.values(ref.grads), ...Object.values(grads)]);
    disposeBatch(batch);
  });

  test('predictions equal one thread; training steps keep the weights together', async () => {
    const tokens = tokenBatchFromIds(ROWS, 1);
    const { logits } = await dp.predict(tokens);
    const batch = toEncodedBatch(tokens);
    const ref = tf.tidy(() => single.forward(batch).logits.dataSync());
    assert.ok(maxAbsDiff(logits, ref) < 1e-5);
    const opt = new AdamW(dp.model.trainableVariables());
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await dp.step(tokens, LABELS, opt, 1e-3);
    assert.equal(tf.memory().numTensors, before, 'no leak across steps');
    const after = await dp.predict(tokens);
    const direct = tf.tidy(() => dp.model.forward(batch).logits.dataSync());
    assert.ok(maxAbsDiff(after.logits, direct) < 1e-5, 'the replica follows the main weights');
    opt.dispose();
    disposeBatch(batch);
  });
});
