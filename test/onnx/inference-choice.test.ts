// The automatic inference engine is the faster one measured for the model's shape, cached under
// the data home (a stored measurement decides without timing again); DML_INFERENCE forces one.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { describeInference, inferenceEngine } from '../../lib/onnx/inference-choice';
import { measurementFile, measurementKey, readMeasurements, type InferenceMeasurement } from '../../lib/onnx/inference-measure';
import { setupTf } from '../explain/tf-setup';
import { tinyClassifier } from '../explain/tiny-model';

test('auto picks the measured faster engine per shape, from the cache once measured; DML_INFERENCE forces one', async () => {
  await setupTf();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-inference-choice-'));
  const saved = { home: process.env.DML_LENS_HOME, engine: process.env.DML_INFERENCE };
  process.env.DML_LENS_HOME = home;
  delete process.env.DML_INFERENCE;
  const { classifier, cleanup } = await tinyClassifier({ arch: 'roberta' });
  try {
    const before = tf.memory().numTensors;
    const engine = await inferenceEngine(classifier);
    assert.equal(tf.memory().numTensors, before, 'the measurement leaks no tensors');
    const [m] = readMeasurements();
    assert.equal(m.key, measurementKey(classifier.config));
    assert.ok(m.onnxTokensPerSecond > 0 && m.tfjsTokensPerSecond > 0);
    assert.equal(engine, m.onnxTokensPerSecond >= m.tfjsTokensPerSecond ? 'onnxruntime' : 'tfjs');
    assert.match(await describeInference(classifier), /measured onnxruntime [\d,]+ tok\/s, tfjs [\d,]+ tok\/s for this shape/);
    // a stored measurement decides without timing again
    for (const flipped of ['tfjs', 'onnxruntime'] as const) {
      const stored: InferenceMeasurement = { ...m, engine: flipped };
      fs.writeFileSync(measurementFile(), JSON.stringify([stored]));
      assert.equal(await inferenceEngine(classifier), flipped);
    }
    process.env.DML_INFERENCE = 'onnx';
    assert.equal(await inferenceEngine(classifier), 'onnxruntime');
    process.env.DML_INFERENCE = 'tfjs';
    fs.writeFileSync(measurementFile(), JSON.stringify([{ ...m, engine: 'onnxruntime' }]));
    assert.equal(await inferenceEngine(classifier), 'tfjs');
    process.env.DML_INFERENCE = 'fast';
    await assert.rejects(inferenceEngine(classifier), /DML_INFERENCE="fast" must be auto, onnx or tfjs/);
  } finally {
    cleanup();
    if (saved.home === undefined) delete process.env.DML_LENS_HOME;
    else process.env.DML_LENS_HOME = saved.home;
    if (saved.engine === undefined) delete process.env.DML_INFERENCE;
    else process.env.DML_INFERENCE = saved.engine;
    fs.rmSync(home, { recursive: true, force: true });
  }
});
