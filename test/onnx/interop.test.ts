// The exported folder loads, offline, in transformers.js (text-classification and
// feature-extraction pipelines, float32 and float16) and in onnxruntime-node, and gives the
// labels, scores and embeddings of the dml-lens (tfjs) forward: 1e-4 float32, 1e-2 float16.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { env, pipeline } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { disposeBatch, toEncodedBatch } from '../../lib/model/batch';
import { exportModelFolder } from '../../lib/export/model-export';
import { setupTf } from '../explain/tf-setup';
import { SENTENCES, tinyClassifier } from '../explain/tiny-model';
import type { EncoderConfig } from '../../lib/model/types';

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

env.allowRemoteModels = false;
env.allowLocalModels = true;

for (const arch of ['bert', 'roberta'] as const) {
  test(`${arch}: transformers.js and onnxruntime load the export and agree with dml-lens`, async () => {
    await setupTf();
    const { classifier, dir, cleanup } = await tinyClassifier({ arch, initRange: 0.2 });
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-lens-interop-'));
    try {
      const labels = ['negative', 'positive'];
      const out = path.join(root, `tiny-${arch}`);
      const result = await exportModelFolder(dir, { format: 'onnx', out, labelNames: labels });
      assert.deepEqual(
        result.files
          .map((f) => f.path)
          .filter((p) => p.startsWith('onnx'))
          .sort(),
        ['onnx/model.onnx', 'onnx/model_fp16.onnx'],
      );
      const config = JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8')) as EncoderConfig;
      assert.deepEqual(config.id2label, { 0: 'negative', 1: 'positive' });
      assert.deepEqual(config.label2id, { negative: 0, positive: 1 });

      const texts = SENTENCES.slice(0, 4);
      const refs = texts.map((t) => {
        const enc = toEncodedBatch(classifier.tokenizer.encodeBatch([t], undefined, 128));
        const r = tf.tidy(() => {
          const o = classifier.forward(enc);
          return { probs: tf.softmax(o.logits).dataSync(), hidden: o.lastHiddenState.dataSync() };
        });
        disposeBatch(enc);
        return r;
      });

      env.localModelPath = root;
      for (const [dtype, tol] of [
        ['fp32', 1e-4],
        ['fp16', 1e-2],
      ] as const) {
        const classify = await pipeline('text-classification', `tiny-${arch}`, { dtype });
        const embed = await pipeline('feature-extraction', `tiny-${arch}`, { dtype });
        for (let i = 0; i < texts.length; i++) {
          const scores = (await classify(texts[i], { top_k: null })) as { label: string; score: number }[];
          const byLabel = Object.fromEntries(scores.map((s) => [s.label, s.score]));
          assert.ok(
            Math.abs(byLabel.negative - refs[i].probs[0]) < tol && Math.abs(byLabel.positive - refs[i].probs[1]) < tol,
            `${dtype} scores ${JSON.stringify(byLabel)} vs ${refs[i].probs.join(',')}`,
          );
          const top = refs[i].probs[1] > refs[i].probs[0] ? 'positive' : 'negative';
          if (Math.abs(refs[i].probs[1] - refs[i].probs[0]) > 2 * tol) assert.equal(scores[0].label, top);
          const features = await embed(texts[i]);
          // float32: absolute; float16: relative to the largest hidden value (LayerNorm outputs reach ~4)
          const scale = dtype === 'fp32' ? 1 : Math.max(...Array.from(refs[i].hidden, Math.abs));
          const d = maxDiff(features.data as Float32Array, refs[i].hidden) / scale;
          assert.ok(d < tol, `${dtype} embeddings differ by ${d}${dtype === 'fp16' ? ' (relative)' : ''}`);
        }
        await classify.dispose();
        await embed.dispose();
      }

      // onnxruntime-node directly, on a padded batch of two
      const session = await ort.InferenceSession.create(path.join(out, 'onnx', 'model.onnx'));
      const batch = classifier.tokenizer.encodeBatch(texts.slice(0, 2), undefined, 128);
      const dims = [batch.batchSize, batch.seqLen];
      const feeds: Record<string, ort.Tensor> = {
        input_ids: new ort.Tensor('int64', BigInt64Array.from(batch.inputIds, BigInt), dims),
        attention_mask: new ort.Tensor('int64', BigInt64Array.from(batch.attentionMask, BigInt), dims),
      };
      if (arch === 'bert') feeds.token_type_ids = new ort.Tensor('int64', BigInt64Array.from(batch.tokenTypeIds, BigInt), dims);
      const o = await session.run(feeds);
      assert.deepEqual(o.logits.dims, [2, 2]);
      assert.deepEqual(o.last_hidden_state.dims, [2, batch.seqLen, 128]);
      const logits = o.logits.data as Float32Array;
      for (let i = 0; i < 2; i++) {
        const e = [Math.exp(logits[2 * i]), Math.exp(logits[2 * i + 1])];
        assert.ok(maxDiff([e[0] / (e[0] + e[1]), e[1] / (e[0] + e[1])], refs[i].probs) < 1e-4);
      }
      await session.release();
    } finally {
      cleanup();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
}
