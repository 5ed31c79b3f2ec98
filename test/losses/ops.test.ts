// Tensor helpers and distances (lib/losses/ops.ts, distances.ts) vs plain loops.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { DISTANCE_NAMES, createDistance } from '../../lib/losses/distances';
import { crossEntropyPerRow, gatherRows, l2Normalize, logOnePlusSumExp, readLabels, safeSqrt } from '../../lib/losses/ops';
import { REF_DISTANCES, assertClose, assertFinite, crossEntropy, logSumExp, randomMatrix, useBackend, type Matrix } from './helpers';

test('l2Normalize: unit rows, zero rows stay zero with a finite gradient', async () => {
  await useBackend('cpu');
  const x = [
    [3, 4],
    [0, 0],
    [-1, 0],
  ];
  const out = tf.tidy(() => l2Normalize(tf.tensor2d(x)).arraySync());
  assertClose(
    out,
    [
      [0.6, 0.8],
      [0, 0],
      [-1, 0],
    ],
    1e-7,
  );
  const g = tf.tidy(
    () =>
      tf
        .grad((t: tf.Tensor) => tf.sum(l2Normalize(t as tf.Tensor2D)))(tf.tensor2d(x))
        .arraySync() as Matrix,
  );
  assertFinite(g, 'gradient');
});

test('safeSqrt: sqrt above 1e-12, zero with zero gradient at and below it', async () => {
  await useBackend('cpu');
  const x = tf.tensor1d([4, 0, 1e-14, 0.25]);
  assert.deepEqual(Array.from(tf.tidy(() => safeSqrt(x).dataSync())), [2, 0, 0, 0.5]);
  const g = tf.tidy(() =>
    Array.from(
      tf
        .grad((t: tf.Tensor) => tf.sum(safeSqrt(t)))(x)
        .dataSync(),
    ),
  );
  assertClose([g], [[0.25, 0, 0, 1]], 1e-7);
});

test('logOnePlusSumExp: masked rows as log(1 + Σ exp), empty rows 0, stable at large values', async () => {
  await useBackend('cpu');
  const x = [
    [1, 2, 3],
    [1000, 999, -5],
    [7, 8, 9],
  ];
  const mask = [
    [1, 0, 1],
    [1, 1, 0],
    [0, 0, 0],
  ];
  const out = tf.tidy(() => logOnePlusSumExp(tf.tensor2d(x), tf.tensor2d(mask)).arraySync());
  const expected = x.map((row, i) => [
    logSumExp(
      row.filter((_, j) => mask[i][j]),
      true,
    ),
  ]);
  assertClose(out, expected, 1e-4, 1e-6);
  const g = tf.tidy(
    () =>
      tf
        .grad((t: tf.Tensor) => tf.sum(logOnePlusSumExp(t as tf.Tensor2D, tf.tensor2d(mask))))(tf.tensor2d(x))
        .arraySync() as Matrix,
  );
  assertFinite(g, 'gradient');
  assert.deepEqual(g[2], [0, 0, 0]);
  assert.equal(g[0][1], 0);
});

test('crossEntropyPerRow: −log softmax at the label, also with one class', async () => {
  await useBackend('cpu');
  const logits = [
    [1, 2, 0.5],
    [-1, 3, 3],
  ];
  const out = tf.tidy(() => Array.from(crossEntropyPerRow(tf.tensor2d(logits), tf.tensor1d([2, 1], 'int32')).dataSync()));
  assertClose([out], [[crossEntropy(logits[0], 2), crossEntropy(logits[1], 1)]], 1e-6);
  assertClose(
    [Array.from(tf.tidy(() => crossEntropyPerRow(tf.tensor2d([[4], [5]]), tf.tensor1d([0, 0], 'int32')).dataSync()))],
    [[0, 0]],
    0,
  );
});

test('gatherRows: values and scatter-added gradient, on cpu and wasm', async () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    await useBackend(backend);
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const rows = Int32Array.from([2, 0, 2]);
    assert.deepEqual(
      tf.tidy(() => gatherRows(x, rows).arraySync()),
      [
        [5, 6],
        [1, 2],
        [5, 6],
      ],
    );
    const weights = tf.tensor2d([
      [1, 10],
      [100, 1000],
      [2, 20],
    ]);
    const g = tf.tidy(() =>
      tf
        .grad((t: tf.Tensor) => tf.sum(tf.mul(gatherRows(t as tf.Tensor2D, rows), weights)))(x)
        .arraySync(),
    );
    assert.deepEqual(g, [
      [100, 1000],
      [0, 0],
      [3, 30],
    ]);
    tf.dispose([x, weights]);
  }
  await useBackend('cpu');
});

test('readLabels: class indices in range, else a message naming the position', async () => {
  await useBackend('cpu');
  assert.deepEqual(Array.from(readLabels(tf.tensor1d([0, 2, 1], 'int32'), 3)), [0, 2, 1]);
  assert.throws(() => readLabels(tf.tensor1d([0, 3], 'int32'), 3), /label 3 at position 1 is not a class index in \[0, 3\)/);
  assert.throws(() => readLabels(tf.tensor1d([0.5])), /label 0.5 at position 0/);
});

test('distances: every distance matches the plain formula, zero vectors included', async () => {
  await useBackend('cpu');
  const a = [...randomMatrix(1, 4, 3), [0, 0, 0]];
  const b = [...randomMatrix(2, 3, 3), [0, 0, 0], a[1]];
  for (const name of DISTANCE_NAMES) {
    const distance = createDistance(name);
    const out = tf.tidy(() => distance.pairwise(distance.prepare(tf.tensor2d(a)), distance.prepare(tf.tensor2d(b))).arraySync());
    const ref = REF_DISTANCES[name];
    assert.equal(distance.isInverted, ref.inverted, name);
    assertClose(
      out,
      a.map((ai) => b.map((bj) => ref.f(ai, bj))),
      2e-4,
      1e-5,
      name,
    );
  }
  assert.throws(() => createDistance('manhattan' as never), /valid: euclidean/);
});
