// The row-blocked pair engine (lib/losses/pairwise.ts): its gradient through every distance vs
// autodiff of the dense matrix, block-size independence, and the symmetric shortcut.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { DISTANCE_NAMES, createDistance } from '../../lib/losses/distances';
import { createLoss } from '../../lib/losses/index';
import { anchorSampler, pairwiseSums, rowsPerBlock, type BlockLoss } from '../../lib/losses/pairwise';
import {
  assertClose,
  dot,
  logSumExp,
  lossGradients,
  lossValue,
  normalize,
  randomLabels,
  randomMatrix,
  useBackend,
  type Matrix,
} from './helpers';

/** Two terms over the block: Σ w_ij · v_ij² (w depends on the label pair) and Σ_{i<j} v_ij. */
const weighted =
  (w: (yi: number, yj: number) => number): BlockLoss =>
  ({ anchors, rows, n, labels, values, grads }) => {
    const sums = [0, 0];
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < n; j++) {
        const v = values[i * n + j];
        const wij = w(labels[anchors[i]], labels[j]);
        sums[0] += wij * v * v;
        if (grads) grads[0][i * n + j] = 2 * wij * v;
        if (anchors[i] < j) {
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
    tf.tidy(
      () =>
        tf
          .grad((t: tf.Tensor) =>
            tf
              .slice(
                pairwiseSums(distance.prepare(t as tf.Tensor2D), labels, distance, 2, symmetricLoss, { symmetric, blockEntries: 27 }).sums,
                [0],
                [1],
              )
              .reshape([]),
          )(tf.tensor2d(x))
          .arraySync() as Matrix,
    );
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

test('pairwiseSums: a sample of anchor rows gives those rows’ terms and gradient', async () => {
  await useBackend('cpu');
  const x = randomMatrix(11, 15, 4);
  const labels = Int32Array.from(randomLabels(12, 15, 3));
  const anchors = Int32Array.from([1, 4, 5, 9, 14]);
  const distance = createDistance('euclidean');
  const rowMask = tf.tensor2d(Array.from(labels, (_, i) => Array.from(labels, () => (anchors.includes(i) ? 1 : 0))));
  const wMat = tf.tensor2d(Array.from(labels, (a) => Array.from(labels, (b) => 1 + a + 2 * b)));
  const expected = tf.tidy(() => {
    const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => {
      const p = distance.prepare(t as tf.Tensor2D);
      return tf.sum(tf.mul(tf.mul(wMat, rowMask), tf.square(distance.pairwise(p, p))));
    })(tf.tensor2d(x));
    return { value: value.dataSync()[0], grad: grad.arraySync() as Matrix };
  });
  const got = tf.tidy(() => {
    const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => {
      const r = pairwiseSums(
        distance.prepare(t as tf.Tensor2D),
        labels,
        distance,
        2,
        weighted((a, b) => 1 + a + 2 * b),
        { anchors, blockEntries: 2 * 15, symmetric: true },
      );
      return tf.slice(r.sums, [0], [1]).reshape([]);
    })(tf.tensor2d(x));
    return { value: value.dataSync()[0], grad: grad.arraySync() as Matrix };
  });
  assertClose(got.value, expected.value, 1e-4, 1e-5, 'value');
  assertClose(got.grad, expected.grad, 1e-3, 1e-4, 'gradient (the symmetric shortcut is off for a sample)');
  tf.dispose([rowMask, wMat]);
});

test('maxAnchors: multi-similarity averages over a seeded sample of anchors; all anchors when the batch fits', async () => {
  await useBackend('cpu');
  const x = randomMatrix(13, 20, 4);
  const labels = randomLabels(14, 20, 2);
  const perAnchor = (a: number) => {
    const cos = (i: number, j: number) => dot(normalize(x[i]), normalize(x[j]));
    const others = labels.map((_, j) => j).filter((j) => j !== a);
    const pos = others.filter((j) => labels[j] === labels[a]).map((j) => 2 * (0.5 - cos(a, j)));
    const neg = others.filter((j) => labels[j] !== labels[a]).map((j) => 50 * (cos(a, j) - 0.5));
    return logSumExp(pos, true) / 2 + logSumExp(neg, true) / 50;
  };
  const sampled = anchorSampler(6, 9, 'multi-similarity')(20)!;
  assert.equal(sampled.length, 6);
  const expected = Array.from(sampled).reduce((s, a) => s + perAnchor(a), 0) / 6;
  const loss = createLoss('multi-similarity', { numClasses: 2, embeddingSize: 4, seed: 9, maxAnchors: 6 });
  assertClose(lossValue(loss, x, labels), expected, 1e-6, 1e-5, 'first call: the first sample');
  const exact = createLoss('multi-similarity', { numClasses: 2, embeddingSize: 4, maxAnchors: 20 });
  assertClose(lossValue(exact, x, labels), labels.reduce((s, _, a) => s + perAnchor(a), 0) / 20, 1e-6, 1e-5, 'maxAnchors >= N: exact');
});
