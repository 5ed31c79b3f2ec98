// The exported ONNX graph run by onnxruntime-node gives the same logits, last hidden states and
// attention probabilities as the tfjs forward (1e-4), for BERT (token types) and RoBERTa
// (positions from the padding), with padded rows; so does the in-process graph of onnxruntime's
// contrib kernels (fused: true); the float16 graph within 1e-2. onnxruntime's optimizer fuses the
// standard graph's GELU (BiasGelu) and leaves its residual LayerNorms alone (SkipLayerNormalization
// is slow on CPU).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { disposeBatch, toEncodedBatch } from '../../lib/model/batch';
import { buildEncoderGraph } from '../../lib/onnx/encoder-graph';
import { readFolderWeights } from '../../lib/onnx/checkpoint-weights';
import { loadOrt, OnnxEncoderSession } from '../../lib/onnx/session';
import onnxProto from 'onnx-proto';
import { setupTf } from '../explain/tf-setup';
import { SENTENCES, tinyClassifier } from '../explain/tiny-model';

const { onnx } = onnxProto;

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

for (const arch of ['bert', 'roberta'] as const) {
  test(`${arch}: onnxruntime matches the tfjs forward (float32 1e-4, float16 1e-2)`, async () => {
    await setupTf();
    const { classifier, dir, cleanup } = await tinyClassifier({ arch, initRange: 0.2 });
    try {
      const texts = SENTENCES.slice(0, 5);
      const pairs = arch === 'bert' ? ['good', undefined, 'a pair', undefined, 'x'] : undefined;
      const tokens = classifier.tokenizer.encodeBatch(texts, pairs, 64);
      const enc = toEncodedBatch(tokens);
      const before = tf.memory().numTensors;
      const ref = tf.tidy(() => {
        const o = classifier.forward(enc, { outputAttentions: true });
        return { logits: o.logits.dataSync(), hidden: o.lastHiddenState.dataSync(), att: o.attentions!.map((a) => a.dataSync()) };
      });
      assert.equal(tf.memory().numTensors, before);
      disposeBatch(enc);
      const w = readFolderWeights(dir);
      const session = await OnnxEncoderSession.create(
        buildEncoderGraph(w.config, w.weight, { numLabels: w.numLabels, withAttentions: true }),
        { threads: 1 },
      );
      assert.deepEqual(
        [...session.inputNames].sort(),
        arch === 'bert' ? ['attention_mask', 'input_ids', 'token_type_ids'] : ['attention_mask', 'input_ids'],
      );
      const out = await session.run(tokens, { attentions: true });
      assert.ok(maxDiff(out.logits, ref.logits) < 1e-4, `logits differ by ${maxDiff(out.logits, ref.logits)}`);
      assert.ok(maxDiff(out.lastHiddenState, ref.hidden) < 1e-4, `hidden states differ by ${maxDiff(out.lastHiddenState, ref.hidden)}`);
      ref.att.forEach((a, i) => assert.ok(maxDiff(out.attentions![i], a) < 1e-4, `attentions.${i}`));
      await session.release();
      const fused = await OnnxEncoderSession.create(buildEncoderGraph(w.config, w.weight, { numLabels: w.numLabels, fused: true }), {
        threads: 1,
      });
      const f = await fused.run(tokens);
      assert.ok(maxDiff(f.logits, ref.logits) < 1e-4, `fused logits differ by ${maxDiff(f.logits, ref.logits)}`);
      assert.ok(maxDiff(f.lastHiddenState, ref.hidden) < 1e-4, `fused hidden states differ by ${maxDiff(f.lastHiddenState, ref.hidden)}`);
      await fused.release();
      const half = await OnnxEncoderSession.create(
        buildEncoderGraph(w.config, w.weight, { numLabels: w.numLabels, precision: 'float16' }),
        { threads: 1 },
      );
      const h = await half.run(tokens);
      const d16 = maxDiff(h.logits, ref.logits);
      assert.ok(d16 < 1e-2 && d16 > 0, `float16 logits differ by ${d16}`);
      await half.release();
    } finally {
      cleanup();
    }
  });
}

test("onnxruntime fuses the standard graph's GELU into BiasGelu, not its LayerNorms into SkipLayerNormalization; the fused graph holds Attention", async () => {
  await setupTf();
  const { dir, cleanup } = await tinyClassifier({ arch: 'bert' });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-onnx-opt-'));
  try {
    const w = readFolderWeights(dir);
    const ort = (await loadOrt())!;
    const optimizedOps = async (graph: Uint8Array, name: string) => {
      const file = path.join(tmp, name);
      const s = await ort.InferenceSession.create(graph, {
        graphOptimizationLevel: 'all',
        optimizedModelFilePath: file,
        logSeverityLevel: 3,
      });
      await s.release();
      return new Set(onnx.ModelProto.decode(fs.readFileSync(file)).graph!.node!.map((n) => n.opType!));
    };
    const standard = await optimizedOps(buildEncoderGraph(w.config, w.weight, { numLabels: w.numLabels }), 'standard.onnx');
    assert.ok(standard.has('BiasGelu'), `no BiasGelu in [${[...standard].join(', ')}]`);
    assert.ok(!standard.has('Erf'), 'GELU left unfused');
    assert.ok(!standard.has('SkipLayerNormalization'), 'the slow SkipLayerNormalization kernel is in the graph');
    const fusedOps = await optimizedOps(buildEncoderGraph(w.config, w.weight, { numLabels: w.numLabels, fused: true }), 'fused.onnx');
    for (const op of ['Attention', 'BiasGelu']) assert.ok(fusedOps.has(op), `no ${op} in the fused graph`);
    assert.ok(!fusedOps.has('SkipLayerNormalization'), 'the slow SkipLayerNormalization kernel is in the fused graph');
    assert.ok(!fusedOps.has('Softmax'), 'the fused graph still has a Softmax');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    cleanup();
  }
});
