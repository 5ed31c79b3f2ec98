// Evaluation on onnxruntime (a graph exported from the in-memory weights) gives the tfjs path's
// class probabilities, first-token embeddings and proxy-mixed probabilities within 1e-4, with
// padded length batches; DML_INFERENCE picks the engine and rejects unknown values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createCombinedLoss } from '../../lib/losses/combined';
import { inferenceEngine } from '../../lib/onnx/inference-choice';
import { evaluate } from '../../lib/training/evaluate';
import { setupTf } from '../explain/tf-setup';
import { SENTENCES, tinyClassifier } from '../explain/tiny-model';

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

for (const arch of ['bert', 'roberta'] as const) {
  test(`${arch}: evaluate on onnxruntime equals tfjs within 1e-4 (probabilities, embeddings, proxy inference)`, async () => {
    await setupTf();
    const { classifier, cleanup } = await tinyClassifier({ arch, initRange: 0.2 });
    const loss = createCombinedLoss({ loss: 'soft-triple', beta: 0.5, tokens: 'cls', numClasses: 2, embeddingSize: 128, seed: 5 });
    try {
      const data = { texts: SENTENCES, pairs: arch === 'bert' ? SENTENCES.map((s, i) => (i % 3 === 0 ? 'a pair' : s)) : null };
      const opts = { maxLength: 64, batchSize: 6, loss, proxyInference: true };
      const before = tf.memory().numTensors;
      const slow = await evaluate(classifier, data, { ...opts, engine: 'tfjs' });
      const fast = await evaluate(classifier, data, { ...opts, engine: 'onnxruntime' });
      assert.equal(tf.memory().numTensors, before, 'no tensors left behind');
      assert.equal(slow.engine, 'tfjs');
      assert.equal(fast.engine, 'onnxruntime');
      assert.ok(maxDiff(fast.probs, slow.probs) < 1e-4, `probs ${maxDiff(fast.probs, slow.probs)}`);
      assert.ok(maxDiff(fast.cls, slow.cls) < 1e-4, `cls ${maxDiff(fast.cls, slow.cls)}`);
      assert.ok(fast.proxyProbs && slow.proxyProbs && maxDiff(fast.proxyProbs, slow.proxyProbs) < 1e-4);
      assert.deepEqual(fast.numTokens, slow.numTokens);
      assert.ok(
        maxDiff(slow.probs, new Float32Array(slow.probs.length).fill(0.5)) > 0.01,
        'the model is not uniform (the comparison can fail)',
      );
    } finally {
      loss.dispose();
      cleanup();
    }
  });
}

test('DML_INFERENCE chooses the engine', async () => {
  const saved = process.env.DML_INFERENCE;
  try {
    process.env.DML_INFERENCE = 'tfjs';
    assert.equal(await inferenceEngine(), 'tfjs');
    process.env.DML_INFERENCE = 'onnx';
    assert.equal(await inferenceEngine(), 'onnxruntime');
    delete process.env.DML_INFERENCE;
    assert.equal(await inferenceEngine(), 'onnxruntime');
    process.env.DML_INFERENCE = 'gpu';
    await assert.rejects(inferenceEngine(), /DML_INFERENCE="gpu" must be auto, onnx or tfjs/);
  } finally {
    if (saved === undefined) delete process.env.DML_INFERENCE;
    else process.env.DML_INFERENCE = saved;
  }
});
