// Gradients with respect to the input embeddings (integrated gradients) and to every weight
// exist on wasm and cpu and agree with central finite differences, on a micro model.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/backend';
import { disposeBatch, toEncodedBatch, tokenBatchFromIds } from '../../lib/model/batch';
import { loadClassifier } from '../../lib/model/classifier';
import type { Arch, EncodedBatch } from '../../lib/model/types';
import { Rng } from '../../lib/util/random';
import { testConfig, writeRandomCheckpoint } from './helpers';

const ROWS = [
  [3, 9, 14, 22, 4],
  [3, 40, 4],
];
const EPS = 1e-2; // float32 central differences: truncation ~EPS², rounding ~1e-7/EPS

/** Directional check: (f(x+εd) − f(x−εd)) / 2ε against <∇f, d>. */
function assertDirectional(name: string, analytic: number, plus: number, minus: number) {
  const numeric = (plus - minus) / (2 * EPS);
  const tol = 2e-3 + 2e-2 * Math.abs(numeric);
  assert.ok(Math.abs(analytic - numeric) < tol, `${name}: analytic ${analytic} vs finite difference ${numeric}`);
}

for (const backend of ['wasm', 'cpu'] as const) {
  for (const arch of ['roberta', 'bert'] as Arch[]) {
    describe(`gradients on ${backend}, ${arch}`, () => {
      test('w.r.t. input embeddings and all weights, checked by finite differences', async () => {
        await initBackend({ force: backend, quiet: true });
        const config = testConfig(arch, 'micro');
        const { dir } = await writeRandomCheckpoint(config, 21);
        const model = await loadClassifier(dir, { quiet: true });
        const batch: EncodedBatch = toEncodedBatch(tokenBatchFromIds(ROWS, config.pad_token_id));
        const rng = new Rng(2);
        const [B, L, D] = [ROWS.length, ROWS[0].length, config.hidden_size];
        const probe = tf.tensor3d(rng.normalArray(B * L * D), [B, L, D]);
        const labels = tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3);
        const loss = (words?: tf.Tensor3D) => {
          const out = model.forward(batch, { wordEmbeddings: words });
          // touches every output: CE on logits + a random projection of all hidden states
          return tf.add<tf.Scalar>(
            tf.losses.softmaxCrossEntropy(labels, out.logits),
            tf.mul(tf.sum(tf.mul(out.lastHiddenState, probe)), 0.05),
          );
        };
        const value = (words?: tf.Tensor3D) => tf.tidy(() => loss(words).dataSync()[0]);

        const words = tf.gather(model.wordEmbeddingTable(), batch.inputIds) as tf.Tensor3D;
        const gWords = tf.grad((w: tf.Tensor) => loss(w as tf.Tensor3D))(words);
        const dir3 = tf.tensor3d(rng.normalArray(B * L * D), [B, L, D]);
        const analyticWords = tf.sum(tf.mul(gWords, dir3)).dataSync()[0];
        assertDirectional(
          'input embeddings',
          analyticWords,
          value(tf.add<tf.Tensor3D>(words, tf.mul(dir3, EPS))),
          value(tf.sub<tf.Tensor3D>(words, tf.mul(dir3, EPS))),
        );

        const vars = model.trainableVariables();
        const { grads } = tf.variableGrads(() => loss(), vars);
        for (const v of vars) {
          const g = grads[v.name];
          assert.ok(g, `gradient for ${v.name}`);
          assert.ok(tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0]) > 0, `non-zero gradient for ${v.name}`);
        }
        // finite differences on a sample of tensors covering every kind of parameter
        const checked = vars.filter((v) =>
          /word_embeddings|position_embeddings|token_type|embeddings\.LayerNorm\.weight|layer\.0\.attention\.self\.(query|key)\.weight|layer\.1\.attention\.self\.value\.bias|layer\.1\.intermediate\.dense\.weight|layer\.1\.output\.LayerNorm\.bias|classifier|pooler/.test(
            v.name,
          ),
        );
        assert.ok(checked.length >= 10);
        for (const v of checked) {
          const original = v.clone();
          const d = tf.tensor(rng.normalArray(v.size), v.shape);
          const analytic = tf.tidy(() => tf.sum(tf.mul(grads[v.name], d)).dataSync()[0]);
          v.assign(tf.tidy(() => tf.add(original, tf.mul(d, EPS))));
          const plus = value();
          v.assign(tf.tidy(() => tf.sub(original, tf.mul(d, EPS))));
          const minus = value();
          v.assign(original);
          assertDirectional(v.name, analytic, plus, minus);
          tf.dispose([original, d]);
        }
        tf.dispose([probe, labels, words, gWords, dir3, ...Object.values(grads)]);
        disposeBatch(batch);
        model.dispose();
      });
    });
  }
}
