// The encoder against an independent float64 reference, padding invariance, typed outputs and
// the input-embedding path used by integrated gradients.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/backend';
import { disposeBatch, toEncodedBatch, tokenBatchFromIds } from '../../lib/model/batch';
import { loadClassifier, type Classifier } from '../../lib/model/classifier';
import type { Arch } from '../../lib/model/types';
import { maxAbsDiff, testConfig, writeRandomCheckpoint } from './helpers';
import { referenceForward, referenceLogits, type Weights } from './reference-encoder';

const ROWS = [
  [5, 17, 33, 8, 90, 41, 6, 9, 2],
  [5, 71, 19, 2],
  [5, 44, 3, 62, 12, 2],
];

for (const arch of ['bert', 'roberta'] as Arch[]) {
  describe(`${arch} tiny encoder`, () => {
    const config = testConfig(arch, 'tiny');
    let model: Classifier;
    let weights: Weights;

    before(async () => {
      await initBackend({ quiet: true });
      const ckpt = await writeRandomCheckpoint(config, 11);
      weights = ckpt.weights;
      model = await loadClassifier(ckpt.dir, { quiet: true });
    });
    after(() => model.dispose());

    test('matches the float64 reference to 1e-4 with padding in the batch', () => {
      const typeRows = ROWS.map((r) => r.map((_, j) => (arch === 'bert' && j > 2 ? 1 : 0)));
      const batch = toEncodedBatch(tokenBatchFromIds(ROWS, config.pad_token_id, typeRows));
      const out = model.forward(batch, { outputAttentions: true });
      const hidden = out.lastHiddenState.arraySync();
      const logits = out.logits.arraySync();
      const probs = out.attentions![1].arraySync();
      ROWS.forEach((row, b) => {
        const ref = referenceForward(
          config,
          weights,
          row,
          row.map(() => 1),
          typeRows[b],
        );
        for (let t = 0; t < row.length; t++) assert.ok(maxAbsDiff(hidden[b][t], ref.hidden[t]) < 1e-4, `row ${b} token ${t}`);
        assert.ok(maxAbsDiff(logits[b], referenceLogits(config, weights, ref.hidden)) < 1e-4, `logits row ${b}`);
        for (let h = 0; h < config.num_attention_heads; h++) {
          for (let i = 0; i < row.length; i++) assert.ok(maxAbsDiff(probs[b][h][i].slice(0, row.length), ref.attentions[1][h][i]) < 1e-5);
        }
      });
      tf.dispose([out.lastHiddenState, out.logits, out.cls, ...out.attentions!]);
      disposeBatch(batch);
    });

    test('a sentence alone and padded in a batch give the same outputs', () => {
      const alone = toEncodedBatch(tokenBatchFromIds([ROWS[1]], config.pad_token_id));
      const padded = toEncodedBatch(tokenBatchFromIds(ROWS, config.pad_token_id));
      tf.tidy(() => {
        const a = model.forward(alone);
        const p = model.forward(padded);
        const L = ROWS[1].length;
        const pSlice = p.lastHiddenState.slice([1, 0, 0], [1, L, config.hidden_size]);
        assert.ok(maxAbsDiff(a.lastHiddenState.dataSync(), pSlice.dataSync()) < 1e-5);
        assert.ok(maxAbsDiff(a.logits.dataSync(), p.logits.slice([1, 0], [1, 3]).dataSync()) < 1e-5);
      });
      disposeBatch(alone);
      disposeBatch(padded);
    });

    test('typed outputs: hidden states, attentions, cls; dropout only in training', () => {
      const batch = toEncodedBatch(tokenBatchFromIds(ROWS, config.pad_token_id));
      tf.tidy(() => {
        const out = model.forward(batch, { outputHiddenStates: true, outputAttentions: true });
        const [B, L, D] = [ROWS.length, ROWS[0].length, config.hidden_size];
        assert.equal(out.hiddenStates!.length, config.num_hidden_layers + 1);
        assert.deepEqual(out.attentions![0].shape, [B, config.num_attention_heads, L, L]);
        assert.deepEqual(out.cls.shape, [B, D]);
        assert.deepEqual(out.logits.shape, [B, 3]);
        assert.equal(maxAbsDiff(out.hiddenStates![config.num_hidden_layers].dataSync(), out.lastHiddenState.dataSync()), 0);
        assert.equal(maxAbsDiff(out.cls.dataSync(), out.lastHiddenState.slice([0, 0, 0], [B, 1, D]).dataSync()), 0);
        const again = model.forward(batch);
        assert.equal(maxAbsDiff(again.logits.dataSync(), out.logits.dataSync()), 0, 'inference is deterministic');
        const t1 = model.forward(batch, { training: true, dropoutSeed: 5 });
        const t2 = model.forward(batch, { training: true, dropoutSeed: 5 });
        const t3 = model.forward(batch, { training: true, dropoutSeed: 6 });
        assert.equal(maxAbsDiff(t1.logits.dataSync(), t2.logits.dataSync()), 0, 'same dropout seed, same output');
        assert.ok(maxAbsDiff(t1.logits.dataSync(), t3.logits.dataSync()) > 1e-4, 'dropout is active in training');
      });
      disposeBatch(batch);
    });

    test('wordEmbeddings input reproduces the id path', () => {
      const batch = toEncodedBatch(tokenBatchFromIds(ROWS, config.pad_token_id));
      tf.tidy(() => {
        const words = tf.gather(model.wordEmbeddingTable(), batch.inputIds) as tf.Tensor3D;
        const a = model.forward(batch);
        const b = model.forward(batch, { wordEmbeddings: words });
        assert.equal(maxAbsDiff(a.logits.dataSync(), b.logits.dataSync()), 0);
      });
      disposeBatch(batch);
    });
  });
}
