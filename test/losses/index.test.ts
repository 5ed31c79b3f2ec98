// The public API of lib/losses/index.ts: names, createLoss validation, input checks, and every
// loss inside tf.variableGrads behind a trainable layer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../../lib/errors';
import { LOSS_NAMES, PROXY_LOSSES, createLoss, isProxyLoss } from '../../lib/losses/index';
import { randomLabels, randomMatrix, useBackend } from './helpers';

test('LOSS_NAMES and PROXY_LOSSES: the twelve losses, proxies with getLogits and weights', async () => {
  await useBackend('cpu');
  assert.deepEqual(
    [...LOSS_NAMES],
    [
      'soft-triple',
      'proxy-anchor',
      'proxy-nca',
      'triplet-margin',
      'batch-all-triplet',
      'contrastive',
      'multi-similarity',
      'ntxent',
      'supcon',
      'npairs',
      'arcface',
      'cosface',
    ],
  );
  for (const name of LOSS_NAMES) {
    const loss = createLoss(name, { numClasses: 3, embeddingSize: 4 });
    assert.equal(loss.name, name);
    assert.equal(typeof loss.getLogits === 'function', isProxyLoss(name), `${name}: getLogits`);
    assert.equal(loss.trainableWeights().length, (PROXY_LOSSES as readonly string[]).includes(name) ? 1 : 0, `${name}: weights`);
    loss.dispose();
  }
});

test('createLoss: unknown names, options and bad values are rejected with the valid ones listed', () => {
  assert.throws(
    () => createLoss('triplet', { numClasses: 2, embeddingSize: 4 }),
    (e: Error) => e instanceof ConfigError && /unknown loss "triplet"; valid: soft-triple, .*cosface/.test(e.message),
  );
  assert.throws(
    () => createLoss('supcon', { numClasses: 2, embeddingSize: 4, temprature: 0.1 }),
    /no option "temprature"; valid: numClasses, embeddingSize, seed, blockEntries, maxAnchors, temperature, distance/,
  );
  assert.throws(() => createLoss('arcface', { numClasses: 0, embeddingSize: 4 }), /numClasses must be a positive integer/);
  assert.throws(() => createLoss('arcface', { numClasses: 2, embeddingSize: 4, scale: -1 }), /scale must be > 0/);
});

test('compute: checks shapes and labels, and gives 0 for an empty batch', async () => {
  await useBackend('cpu');
  const loss = createLoss('supcon', { numClasses: 2, embeddingSize: 3 });
  assert.throws(() => loss.compute(tf.zeros<tf.Rank.R2>([4, 2]), tf.tensor1d([0, 1, 0, 1], 'int32')), /embeddings must be \[N, 3\]/);
  assert.throws(() => loss.compute(tf.zeros<tf.Rank.R2>([4, 3]), tf.tensor1d([0, 1], 'int32')), /labels must be \[4\]/);
  const proxy = createLoss('proxy-anchor', { numClasses: 2, embeddingSize: 3 });
  assert.throws(() => proxy.compute(tf.zeros<tf.Rank.R2>([2, 3]), tf.tensor1d([0, 2], 'int32')), /label 2 at position 1/);
  for (const name of LOSS_NAMES) {
    const l = createLoss(name, { numClasses: 2, embeddingSize: 3 });
    assert.equal(
      tf.tidy(() => l.compute(tf.zeros<tf.Rank.R2>([0, 3]), tf.tensor1d([], 'int32')).dataSync()[0]),
      0,
      name,
    );
    l.dispose();
  }
  proxy.dispose();
});

test('every loss trains inside tf.variableGrads on wasm: finite, non-zero gradients for the layer and the proxies', async () => {
  await useBackend('wasm');
  const inputs = tf.tensor2d(randomMatrix(1, 48, 6));
  const labels = tf.tensor1d(randomLabels(2, 48, 3), 'int32');
  const layer = tf.variable(tf.tensor2d(randomMatrix(3, 6, 8)), true, 'index-test/layer');
  for (const name of LOSS_NAMES) {
    const loss = createLoss(name, { numClasses: 3, embeddingSize: 8, blockEntries: 48 * 10 });
    const { value, grads } = tf.variableGrads(() => loss.compute(tf.matMul(inputs, layer), labels));
    assert.ok(Number.isFinite(value.dataSync()[0]), `${name}: loss`);
    for (const v of [layer, ...loss.trainableWeights()]) {
      const g = grads[v.name].dataSync();
      assert.ok(g.every(Number.isFinite), `${name}: finite gradient of ${v.name}`);
      assert.ok(
        g.some((e) => e !== 0),
        `${name}: non-zero gradient of ${v.name}`,
      );
    }
    tf.dispose([value, ...Object.values(grads)]);
    loss.dispose();
  }
  tf.dispose([inputs, labels, layer]);
  await useBackend('cpu');
});
