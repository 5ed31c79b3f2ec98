// The row-blocked pair engine (lib/losses/pairwise.ts): its gradient through every distance vs
// autodiff of the dense matrix, block-size independence, and the symmetric shortcut.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { DISTANCE_NAMES, createDistance } from '../../lib/losses/distances';
import { createLoss } from '../../lib/losses/index';
import { pairwiseSums, rowsPerBlock, type BlockLoss } from '../../lib/losses/pairwise';
import { assertClose, lossGradients, randomLabels, randomMatrix, useBackend, type Matrix } from './helpers';

/** Two terms over the block: Σ w_ij · v_ij² (w depends on the label pair) and Σ_{i<j} v_ij. */
const weighted = (w: (yi: number, yj: number) => number): BlockLoss => ({ start, rows, n, labels, values, grads }) => {
  const sums = [0, 0];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < n; j++) {
      const v = values[i * n + j];
      const wij = w(labels[start + i], labels[j]);
      sums[0] += wij * v * v;
      if (grads) grads[0][i * n + j] = 2 * wij * v;
      if (start + i < j) {
        sums[1] += v;
        if (grads) grads[1][i * n + j] = 1;
      }
    }
  }
  return { sums, counts: [rows, 0] };
};

test('pairwiseSums: value and gradient match autodiff of the dense matrix, for every distance and block size', async () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    await useBackend(backend);
    const x = randomMatrix(5, 13, 4);
    const labels = Int32Array.from(randomLabels(6, 13, 3));
    const w = (a: number, b: number) => 1 + a + 2 * b;
    const wMat = tf.tensor2d(Array.from(labels, (a) => Array.from(labels, (b) => w(a, b))));
    const upper = tf.tensor2d(Array.from(labels, (_, i) => Array.from(labels, (__, j) => (i < j ? 1 : 0))));
    for (const name of DISTANCE_NAMES) {
      const distance = createDistance(name);
      const dense = (t: tf.Tensor) => {
        const p = distance.prepare(t as tf.Tensor2D);
        const m = distance.pairwise(p, p);
        return tf.add(tf.sum(tf.mul(wMat, tf.square(m))), tf.mul(tf.sum(tf.mul(upper, m)), 0.5));
      };
      const expected = tf.tidy(() => {
        const { value, grad } = tf.valueAndGrad(dense)(tf.tensor2d(x));
        return { value: value.dataSync()[0], grad: grad.arraySync() as Matrix };
      });
      for (const blockEntries of [13, 5 * 13, 1 << 21]) {
        const got = tf.tidy(() => {
          let counts: Float64Array = new Float64Array();
          const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => {
            const r = pairwiseSums(distance.prepare(t as tf.Tensor2D), labels, distance, 2, weighted(w), { blockEntries });
            counts = r.counts;
            return tf.add(tf.slice(r.sums, [0], [1]), tf.mul(tf.slice(r.sums, [1], [1]), 0.5)).reshape([]);
          })(tf.tensor2d(x));
          return { value: value.dataSync()[0], grad: grad.arraySync() as Matrix, counts: Array.from(counts) };
        });
        const what = `${backend} ${name}, ${blockEntries} entries per block`;
        assert.deepEqual(got.counts, [13, 0], `${what}: counts`);
        assertClose(got.value, expected.value, 1e-4, 1e-5, `${what}: value`);
        assertClose(got.grad, expected.grad, 1e-3, 1e-4, `${what}: gradient`);
      }
    }
    tf.dispose([wMat, upper]);
  }
  await useBackend('cpu');
});

test('pairwiseSums: the symmetric shortcut gives the full gradient of a symmetric loss', async () => {
  await useBackend('cpu');
  const x = randomMatrix(7, 9, 3);
  const labels = Int32Array.from(randomLabels(8, 9, 2));
  const distance = createDistance('euclidean');
  const symmetricLoss = weighted((a, b) => (a === b ? 1 : 3));
  const grad = (symmetric: boolean) =>
    tf.tidy(() => tf.grad((t: tf.Tensor) => tf.slice(pairwiseSums(distance.prepare(t as tf.Tensor2D), labels, distance, 2, symmetricLoss, { symmetric, blockEntries: 27 }).sums, [0], [1]).reshape([]))(tf.tensor2d(x)).arraySync() as Matrix);
  assertClose(grad(true), grad(false), 1e-5, 1e-5);
});

test('rowsPerBlock: rows · N within the budget, at least one row, at most N', () => {
  assert.equal(rowsPerBlock(4096), 512);
  assert.equal(rowsPerBlock(64), 64);
  assert.equal(rowsPerBlock(10, 3), 1);
  assert.equal(rowsPerBlock(10, Infinity), 10);
});

test('pair losses: the same value and gradient with one row per block as with one block', async () => {
  await useBackend('cpu');
  const x = randomMatrix(9, 24, 5);
  const labels = randomLabels(10, 24, 3);
  for (const name of ['contrastive', 'multi-similarity', 'ntxent', 'supcon', 'triplet-margin', 'batch-all-triplet'] as const) {
    const big = lossGradients(createLoss(name, { numClasses: 3, embeddingSize: 5 }), x, labels);
    const small = lossGradients(createLoss(name, { numClasses: 3, embeddingSize: 5, blockEntries: 24 }), x, labels);
    assertClose(small.value, big.value, 1e-6, 1e-6, `${name}: value`);
    assertClose(small.dx, big.dx, 1e-6, 1e-5, `${name}: gradient`);
  }
});
