// β·CE + (1 − β)·DML over cls / all / all-nonpad tokens, and proxy-based inference
// (lib/losses/combined.ts; docs/paper.md §4.2-4.3).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../../lib/errors';
import { createCombinedLoss } from '../../lib/losses/combined';
import { createLoss } from '../../lib/losses/index';
import { assertClose, crossEntropy, randomMatrix, useBackend } from './helpers';

const B = 3;
const L = 4;
const D = 5;
const C = 2;
const hiddenRows = randomMatrix(1, B * L, D); // token t of sentence b at row b·L + t
const logitRows = randomMatrix(2, B, C);
const mask = [
  [1, 1, 1, 0],
  [1, 1, 0, 0],
  [1, 1, 1, 1],
];
const labels = [1, 0, 1];

function inputs() {
  return {
    logits: tf.tensor2d(logitRows),
    hidden: tf.tensor3d(hiddenRows.flat(), [B, L, D]),
    attentionMask: tf.tensor2d(mask, [B, L], 'int32'),
    labels: tf.tensor1d(labels, 'int32'),
  };
}

const ceOf = () => logitRows.reduce((s, row, i) => s + crossEntropy(row, labels[i]), 0) / B;

/** The DML loss evaluated directly on the expected token selection. */
function directDml(tokens: 'cls' | 'all' | 'all-nonpad', seed: number): number {
  const rows: number[][] = [];
  const y: number[] = [];
  hiddenRows.forEach((row, r) => {
    const [b, t] = [Math.floor(r / L), r % L];
    if ((tokens === 'cls' && t !== 0) || (tokens === 'all-nonpad' && mask[b][t] === 0)) return;
    rows.push(row);
    y.push(labels[b]);
  });
  const loss = createLoss('soft-triple', {
    numClasses: C,
    embeddingSize: D,
    seed,
    centersPerClass: 5,
    la: 8,
    gamma: 0.1,
    margin: 0.1,
    tau: 0,
  });
  const v = tf.tidy(() => loss.compute(tf.tensor2d(rows), tf.tensor1d(y, 'int32')).dataSync()[0]);
  loss.dispose();
  return v;
}

test('loss "ce": total = CE, no DML term, no weights', async () => {
  await useBackend('cpu');
  const combined = createCombinedLoss({ loss: 'ce', beta: 0.4, tokens: 'all', numClasses: C, embeddingSize: D });
  const out = tf.tidy(() => {
    const t = combined.compute(inputs());
    assert.equal(t.dml, null);
    return [t.total.dataSync()[0], t.ce.dataSync()[0]];
  });
  assertClose(out[0], ceOf(), 1e-6, 1e-6, 'total');
  assertClose(out[1], ceOf(), 1e-6, 1e-6, 'ce');
  assert.deepEqual(combined.trainableWeights(), []);
  assert.equal(typeof combined.proxyProbs, 'undefined');
});

test('β·CE + (1 − β)·DML on cls, all (padding included) and all-nonpad tokens, each with its sentence label', async () => {
  await useBackend('cpu');
  for (const tokens of ['cls', 'all', 'all-nonpad'] as const) {
    const combined = createCombinedLoss({
      loss: 'soft-triple',
      beta: 0.4,
      tokens,
      numClasses: C,
      embeddingSize: D,
      seed: 7,
      preset: 'authors',
    });
    const [total, ce, dml] = tf.tidy(() => {
      const t = combined.compute(inputs());
      return [t.total, t.ce, t.dml!].map((s) => s.dataSync()[0]);
    });
    const expectedDml = directDml(tokens, 7);
    assertClose(ce, ceOf(), 1e-6, 1e-6, `${tokens}: ce`);
    assertClose(dml, expectedDml, 1e-6, 1e-5, `${tokens}: dml`);
    assertClose(total, 0.4 * ceOf() + 0.6 * expectedDml, 1e-6, 1e-5, `${tokens}: total`);
    combined.dispose();
  }
});

test('gradients reach the encoder output and the proxies inside tf.variableGrads (wasm), without leaks', async () => {
  await useBackend('wasm');
  for (const tokens of ['cls', 'all', 'all-nonpad'] as const) {
    const combined = createCombinedLoss({ loss: 'proxy-anchor', beta: 0.5, tokens, numClasses: C, embeddingSize: D, params: { alpha: 8 } });
    const raw = inputs();
    const scale = tf.variable(tf.ones([D]), true, `combined-test/scale-${tokens}`);
    const step = () => {
      const { value, grads } = tf.variableGrads(() => {
        const hidden = tf.mul<tf.Tensor3D>(raw.hidden, scale);
        return combined.compute({ ...raw, hidden }).total;
      });
      const finite = Object.values(grads).every((g) => g.dataSync().every(Number.isFinite));
      const nonZero = Object.values(grads).every((g) => g.dataSync().some((v) => v !== 0));
      tf.dispose([value, ...Object.values(grads)]);
      return finite && nonZero && Object.keys(grads).length === 2;
    };
    assert.ok(step(), `${tokens}: finite, non-zero gradients for the layer and the proxies`);
    const before = tf.memory().numTensors;
    step();
    step();
    assert.equal(tf.memory().numTensors, before, `${tokens}: no tensor leak`);
    tf.dispose([...Object.values(raw), scale]);
    combined.dispose();
  }
  await useBackend('cpu');
});

test('proxy-based inference: β·softmax(logits) + (1 − β)·softmax(scores), ProxyNCA scores negated distances', async () => {
  await useBackend('cpu');
  const combined = createCombinedLoss({ loss: 'proxy-nca', beta: 0.3, tokens: 'cls', numClasses: C, embeddingSize: D });
  const cls = randomMatrix(3, B, D);
  const scores = tf.tidy(() => combined.proxyLogits!(tf.tensor2d(cls)).arraySync());
  const direct = tf.tidy(() => combined.metric!.getLogits!(tf.tensor2d(cls)).arraySync());
  assert.deepEqual(scores, direct);
  assert.ok(
    scores.flat().every((s) => s <= 0 && s >= -4),
    'negated squared distances of unit vectors',
  );
  const probs = tf.tidy(() => combined.proxyProbs!(tf.tensor2d(logitRows), tf.tensor2d(cls)).arraySync());
  const softmax = (row: number[]) => row.map((v) => Math.exp(v) / row.reduce((s, u) => s + Math.exp(u), 0));
  const expected = logitRows.map((row, i) => softmax(row).map((p, c) => 0.3 * p + 0.7 * softmax(scores[i])[c]));
  assertClose(probs, expected, 1e-6, 1e-5);
  const pairLoss = createCombinedLoss({ loss: 'supcon', beta: 0.3, tokens: 'cls', numClasses: C, embeddingSize: D });
  assert.equal(typeof pairLoss.proxyProbs, 'undefined');
  combined.dispose();
});

test('options are validated with the valid values listed', () => {
  const base = { tokens: 'all' as const, numClasses: C, embeddingSize: D };
  assert.throws(
    () => createCombinedLoss({ ...base, loss: 'soft-triple', beta: 1.5 }),
    (e: Error) => e instanceof ConfigError && /beta must be in \[0, 1\]/.test(e.message),
  );
  assert.throws(() => createCombinedLoss({ ...base, loss: 'softtriple' as never, beta: 0.5 }), /valid: ce, soft-triple/);
  assert.throws(
    () => createCombinedLoss({ ...base, loss: 'supcon', beta: 0.5, tokens: 'pad' as never }),
    /tokens must be one of cls, all, all-nonpad/,
  );
  assert.throws(() => createCombinedLoss({ ...base, loss: 'ce', beta: 0.5, params: { margin: 1 } }), /"ce" takes no hyper-parameters/);
  assert.throws(() => createCombinedLoss({ ...base, loss: 'supcon', beta: 0.5, params: { margin: 1 } }), /no hyper-parameter "margin"/);
});
