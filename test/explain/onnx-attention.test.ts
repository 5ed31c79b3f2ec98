// Attention extraction through onnxruntime (lib/explain/onnx-attention.ts) gives the tfjs path's
// per-layer, per-head maps, first-token summaries, rollout and method scores within 1e-4, for BERT
// (with a sentence pair) and RoBERTa; `explain --method attention|rollout` runs on onnxruntime
// when it is the engine and on tfjs with DML_INFERENCE=tfjs, storing the same scores.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { attentionOf, summarizeAttention } from '../../lib/explain/attention';
import { explainInput } from '../../lib/explain/explain-text';
import { OnnxAttention } from '../../lib/explain/onnx-attention';
import { parseExplainOptions } from '../../lib/explain/options';
import { explainRun } from '../../lib/explain/service';
import { encodeText } from '../../lib/explain/text-input';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeDataset, makeFinishedRun } from './run-fixture';
import { setupTf } from './tf-setup';
import { SENTENCES, tinyClassifier, writeTinyClassifier } from './tiny-model';

await setupTf();

/** Largest |a − b| over two nested number arrays of the same shape. */
function maxDiff(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b);
  assert.ok(Array.isArray(a) && Array.isArray(b) && a.length === b.length, 'shapes differ');
  return a.reduce((m: number, x, i) => Math.max(m, maxDiff(x, b[i])), 0);
}

function withEngine<T>(engine: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.DML_INFERENCE;
  process.env.DML_INFERENCE = engine;
  return fn().finally(() => {
    if (saved === undefined) delete process.env.DML_INFERENCE;
    else process.env.DML_INFERENCE = saved;
  });
}

for (const arch of ['bert', 'roberta'] as const) {
  test(`${arch}: onnxruntime attention maps, summaries, rollout and scores equal tfjs's within 1e-4`, async () => {
    const { classifier, cleanup } = await tinyClassifier({ arch, initRange: 0.2 });
    try {
      const onnx = await withEngine('onnx', () => OnnxAttention.open(classifier));
      assert.ok(onnx, 'onnxruntime is the engine here');
      const o = parseExplainOptions({});
      const before = tf.memory().numTensors;
      for (const [text, pair] of [
        [SENTENCES[0], undefined],
        [SENTENCES[8], arch === 'bert' ? SENTENCES[3] : undefined],
        ['charming', undefined],
      ] as const) {
        const plain = encodeText(classifier, text, pair, 64);
        const annotated = await onnx.annotate(plain);
        const ref = attentionOf(classifier, plain);
        const got = attentionOf(classifier, annotated);
        assert.equal(got.length, classifier.config.num_hidden_layers);
        assert.equal(got[0].length, classifier.config.num_attention_heads);
        assert.equal(got[0][0].length, plain.length);
        assert.ok(maxDiff(got, ref) < 1e-4, `maps differ by ${maxDiff(got, ref)}`);
        const [s, r] = [summarizeAttention(got), summarizeAttention(ref)];
        for (const k of ['perLayerCls', 'perHeadCls', 'rollout'] as const) assert.ok(maxDiff(s[k], r[k]) < 1e-4, `${k} differs`);
        for (const method of ['attention', 'rollout'] as const) {
          const a = explainInput(classifier, annotated, method, o);
          const b = explainInput(classifier, plain, method, o);
          assert.ok(maxDiff(a.scores, b.scores) < 1e-4 && maxDiff(a.probs, b.probs) < 1e-4, `${method} scores differ`);
          assert.equal(a.predicted, b.predicted);
        }
      }
      assert.equal(tf.memory().numTensors, before, 'tensors leaked');
      await onnx.release();
      assert.equal(await withEngine('tfjs', () => OnnxAttention.open(classifier)), undefined, 'DML_INFERENCE=tfjs keeps tfjs');
    } finally {
      cleanup();
    }
  });
}

let t: TestDb;
before(async () => {
  t = await createTestDb();
  process.env.DML_LENS_HOME = t.dir;
});
after(async () => {
  await t.cleanup();
});

test('explain --method attention|rollout: onnxruntime when it is the engine, tfjs with DML_INFERENCE=tfjs, the same stored scores', async () => {
  const modelDir = await writeTinyClassifier({ initRange: 0.2, dir: `${t.dir}/tiny` });
  const { datasetId, exampleIds } = await makeDataset(t.db);
  const run = await makeFinishedRun(t.db, datasetId, exampleIds.slice(0, 6), { modelDir });
  for (const method of ['attention', 'rollout']) {
    const ids = exampleIds.slice(0, 6);
    const onnx = await withEngine('onnx', () => explainRun(t.db, { runId: run.runId, method, exampleIds: ids }));
    assert.equal(onnx.engine, 'onnxruntime');
    assert.equal(onnx.computed, 6);
    const read = async () =>
      (await t.db.attribution.findMany({ where: { runId: run.runId, method }, orderBy: { exampleId: 'asc' } })).map((r) => {
        const extra = JSON.parse(r.extraJson!) as { rollout: number[]; perHeadCls: number[][][] };
        return [JSON.parse(r.scoresJson) as number[], extra.rollout, extra.perHeadCls];
      });
    const fromOnnx = await read();
    const tfjs = await withEngine('tfjs', () => explainRun(t.db, { runId: run.runId, method, exampleIds: ids }, { force: true }));
    assert.equal(tfjs.engine, 'tfjs');
    const fromTfjs = await read();
    assert.ok(maxDiff(fromOnnx, fromTfjs) < 1e-4, `${method}: stored rows differ by ${maxDiff(fromOnnx, fromTfjs)}`);
  }
});
