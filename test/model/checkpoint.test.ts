// Checkpoints: save → load gives identical outputs, strict name/shape checks with clear errors,
// bare encoder checkpoints, ignored pretraining heads, fresh heads, the .bin-only message.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, UserError } from '../../lib/errors';
import { initBackend } from '../../lib/backend/backend';
import { disposeBatch, toEncodedBatch, tokenBatchFromIds } from '../../lib/model/batch';
import { loadCheckpoint, saveCheckpoint } from '../../lib/model/checkpoint';
import { loadClassifier } from '../../lib/model/classifier';
import { encodeSafetensors, parseSafetensors } from '../../lib/model/safetensors';
import { maxAbsDiff, randomWeights, tempDir, testConfig, writeRandomCheckpoint } from './helpers';
import type { EncoderConfig } from '../../lib/model/types';

const ROWS = [
  [0, 9, 14, 22, 2],
  [0, 40, 2],
];

/** Rewrites a checkpoint's safetensors through `edit` (name → values/shape). */
function rewrite(dir: string, edit: (entries: { name: string; shape: number[]; values: Float32Array }[]) => typeof entries) {
  const file = path.join(dir, 'model.safetensors');
  const entries = parseSafetensors(fs.readFileSync(file), file).entries.map((e) => ({ name: e.name, shape: e.shape, values: e.read() }));
  fs.writeFileSync(file, encodeSafetensors(edit(entries)));
}

function logitsOf(model: Awaited<ReturnType<typeof loadClassifier>>): Float32Array {
  const batch = toEncodedBatch(tokenBatchFromIds(ROWS, model.config.pad_token_id));
  const out = tf.tidy(() => model.forward(batch).logits.dataSync() as Float32Array);
  disposeBatch(batch);
  return out;
}

describe('checkpoints', () => {
  before(() => initBackend({ quiet: true }));

  test('save then load gives identical outputs, config carries labels and architecture', async () => {
    const { dir } = await writeRandomCheckpoint(testConfig('roberta', 'micro'), 3);
    const first = await loadClassifier(dir, { quiet: true, id2label: { 0: 'neg', 1: 'neu', 2: 'pos' } });
    const out = tempDir('saved');
    fs.writeFileSync(path.join(dir, 'tokenizer.json'), '{}');
    await first.save(out);
    const config = JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8')) as EncoderConfig;
    assert.deepEqual(config.architectures, ['RobertaForSequenceClassification']);
    assert.equal(config.num_labels, 3);
    assert.deepEqual(config.id2label, { 0: 'neg', 1: 'neu', 2: 'pos' });
    assert.ok(fs.existsSync(path.join(out, 'tokenizer.json')), 'tokenizer files are copied');
    fs.rmSync(path.join(out, 'tokenizer.json')); // no tokenizer module needed for the reload
    const second = await loadClassifier(out, { quiet: true });
    assert.equal(maxAbsDiff(logitsOf(first), logitsOf(second)), 0);
    assert.equal(second.config.id2label!['2'], 'pos');
    first.dispose();
    second.dispose();
  });

  test('a missing tensor and a mis-shaped tensor are errors naming them', async () => {
    const config = testConfig('bert', 'micro');
    const { dir } = await writeRandomCheckpoint(config, 4);
    rewrite(dir, (es) =>
      es
        .filter((e) => e.name !== 'bert.encoder.layer.1.output.dense.bias')
        .map((e) => (e.name === 'bert.embeddings.LayerNorm.weight' ? { ...e, shape: [8], values: e.values.slice(0, 8) } : e)),
    );
    await assert.rejects(loadCheckpoint(dir), (e: Error) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /missing tensor bert\.encoder\.layer\.1\.output\.dense\.bias \(expected shape \[16\]\)/);
      assert.match(e.message, /tensor bert\.embeddings\.LayerNorm\.weight has shape \[8\], expected \[16\]/);
      return true;
    });
  });

  test('an unexpected tensor is an error; pretraining heads (lm_head, pooler of RoBERTa) are skipped', async () => {
    const config = testConfig('roberta', 'micro');
    const { dir } = await writeRandomCheckpoint(config, 5);
    rewrite(dir, (es) => [
      ...es,
      { name: 'lm_head.bias', shape: [120], values: new Float32Array(120) },
      { name: 'roberta.pooler.dense.bias', shape: [16], values: new Float32Array(16) },
    ]);
    const { tensors } = await loadCheckpoint(dir);
    assert.ok(!('lm_head.bias' in tensors));
    tf.dispose(Object.values(tensors));
    rewrite(dir, (es) => [...es, { name: 'roberta.encoder.layer.7.output.dense.bias', shape: [16], values: new Float32Array(16) }]);
    await assert.rejects(loadCheckpoint(dir), /unexpected tensor roberta\.encoder\.layer\.7\.output\.dense\.bias/);
  });

  test('bare encoder checkpoints (no roberta. prefix, gamma/beta names) load; a fresh head is seeded', async () => {
    const config = testConfig('roberta', 'micro');
    const { dir } = await writeRandomCheckpoint(config, 6);
    const reference = await loadClassifier(dir, { quiet: true });
    rewrite(dir, (es) =>
      es
        .filter((e) => !e.name.startsWith('classifier.'))
        .map((e) => ({ ...e, name: e.name.replace(/^roberta\./, '').replace(/LayerNorm\.weight$/, 'LayerNorm.gamma') })),
    );
    const bare = await loadClassifier(dir, { quiet: true, numLabels: 2, seed: 9 });
    const again = await loadClassifier(dir, { quiet: true, numLabels: 2, seed: 9 });
    assert.equal(bare.numLabels, 2);
    const enc = (m: typeof bare) =>
      tf.tidy(() => {
        const batch = toEncodedBatch(tokenBatchFromIds(ROWS, 1));
        const h = m.forward(batch).lastHiddenState.dataSync();
        disposeBatch(batch);
        return h;
      });
    assert.equal(maxAbsDiff(enc(reference), enc(bare)), 0, 'same encoder weights');
    assert.equal(maxAbsDiff(logitsOf(bare), logitsOf(again)), 0, 'the fresh head depends only on the seed');
    for (const m of [reference, bare, again]) m.dispose();
  });

  test('a head for another label count is replaced, F16 checkpoints load', async () => {
    const config = testConfig('bert', 'micro');
    const tensors = randomWeights(config, 8, 5);
    const dir = tempDir('f16');
    await saveCheckpoint(dir, { ...config, num_labels: 5 }, tensors, { dtype: 'F16' });
    tf.dispose(Object.values(tensors));
    const five = await loadClassifier(dir, { quiet: true });
    assert.equal(five.numLabels, 5);
    const two = await loadClassifier(dir, { quiet: true, numLabels: 2 });
    assert.deepEqual(two.forward(toEncodedBatch(tokenBatchFromIds(ROWS, 0))).logits.shape, [2, 2]);
    five.dispose();
    two.dispose();
  });

  test('folders without safetensors or config get messages saying what to do', async () => {
    const dir = tempDir('bin-only');
    await assert.rejects(loadCheckpoint(path.join(dir, 'nope')), (e: Error) => e instanceof UserError && /does not exist/.test(e.message));
    await assert.rejects(loadCheckpoint(dir), /config\.json is missing/);
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(testConfig('bert', 'micro')));
    fs.writeFileSync(path.join(dir, 'pytorch_model.bin'), 'x');
    await assert.rejects(loadCheckpoint(dir), /only safetensors weights are supported.*safe_serialization=True/s);
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ model_type: 'gpt2' }));
    await assert.rejects(loadCheckpoint(dir), /model_type "gpt2" is not supported/);
  });
});
