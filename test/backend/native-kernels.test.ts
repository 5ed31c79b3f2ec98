// The native GEMM (native/, lib/backend/native-kernels.ts) against tfjs' own wasm kernels on the
// same heap tensors: odd shapes (1, 7, 63, 65, 513), every transpose, batched and broadcast
// products, fused bias, every micro-kernel this CPU has, one and two threads; a full training
// step's loss and gradients; no tensor leaks. Skips (with a message) where the addon is not built,
// except in CI, which builds it; DML_NATIVE=0 runs skip it by design.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/backend';
import { gelu } from '../../lib/backend/gelu';
import { nativeGeluActive, registerNativeKernels } from '../../lib/backend/native-kernels';
import { disposeBatch, toEncodedBatch, tokenBatchFromIds } from '../../lib/model/batch';
import { loadClassifier } from '../../lib/model/classifier';
import { testConfig, writeRandomCheckpoint } from '../model/helpers';
import { addon, assertClose, bothWays, randn, skip } from './native-compare';

describe('native products', { skip }, () => {
  before(async () => {
    await initBackend({ force: 'wasm', quiet: true });
  });
  after(() => {
    addon?.setSimd('auto');
    if (addon) registerNativeKernels(addon);
  });

  test('2-D products, every transpose, odd shapes, every micro-kernel, 1 and 2 threads', () => {
    const levels = ['generic', 'avx2', 'avx512'].filter((l) => addon!.setSimd(l) === l);
    assert.ok(levels.includes('generic'));
    const before = tf.memory().numTensors;
    for (const level of levels) {
      addon!.setSimd(level);
      for (const threads of [1, 2]) {
        addon!.setThreads(threads);
        for (const [M, N, K] of [
          [1, 1, 1],
          [7, 63, 65],
          [65, 7, 513],
          [513, 65, 7],
          [63, 513, 1],
        ]) {
          for (const [ta, tb] of [
            [false, false],
            [true, false],
            [false, true],
            [true, true],
          ] as const) {
            const a = randn(ta ? [K, M] : [M, K]);
            const b = randn(tb ? [N, K] : [K, N]);
            assertClose(
              `${level} x${threads} [${M}x${K}]@[${K}x${N}] ta=${ta} tb=${tb}`,
              bothWays(() => tf.matMul(a, b, ta, tb)),
            );
            tf.dispose([a, b]);
          }
        }
      }
    }
    addon!.setSimd('auto');
    assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  });

  test('large 2-D products cross the cache blocks (K > 256, N > NC strips, M > 96 rows)', () => {
    for (const threads of [1, 2]) {
      addon!.setThreads(threads);
      const a = randn([100, 260]);
      const b = randn([260, 3080]);
      assertClose(
        `x${threads} [100x260]@[260x3080]`,
        bothWays(() => tf.matMul(a, b)),
      );
      tf.dispose([a, b]);
    }
  });

  test('batched products: equal and broadcast batch dims, transposes, rank 4', () => {
    const cases: [number[], number[], boolean, boolean][] = [
      [[3, 7, 65], [3, 65, 63], false, false],
      [[3, 65, 7], [3, 63, 65], true, true],
      [[5, 7, 65], [1, 65, 63], false, false],
      [[1, 7, 65], [5, 65, 63], false, false],
      [[2, 3, 7, 65], [2, 3, 65, 1], false, false],
      [[64, 16, 16], [64, 16, 16], false, true],
    ];
    for (const threads of [1, 2]) {
      addon!.setThreads(threads);
      for (const [as, bs, ta, tb] of cases) {
        const a = randn(as);
        const b = randn(bs);
        assertClose(
          `x${threads} [${as.join(',')}]@[${bs.join(',')}] ta=${ta} tb=${tb}`,
          bothWays(() => tf.matMul(a, b, ta, tb)),
        );
        tf.dispose([a, b]);
      }
    }
  });

  // tfjs-backend-wasm 4.22's own _FusedMatMul is wrong with transposes (differences of ~5 on unit
  // normals), so the reference here is its BatchMatMul + Add, the way our dense layers ran before.
  test('fused dense layer: product + broadcast bias, values and gradients', () => {
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const a = randn(ta ? [65, 7] : [7, 65]);
      const b = randn(tb ? [63, 65] : [65, 63]);
      const bias = randn([63]);
      const probe = randn([7, 63]);
      const fused = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => tf.fused.matMul({ a: x, b: y, bias: z, transposeA: ta, transposeB: tb });
      const unfused = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => tf.add(tf.matMul(x, y, ta, tb), z);
      const withGrads = (layer: typeof fused) => () => [
        layer(a, b, bias),
        ...tf.grads((x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => tf.sum(tf.mul(layer(x, y, z), probe)))([a, b, bias]),
      ];
      assertClose(`fused ta=${ta} tb=${tb}`, bothWays(withGrads(fused), withGrads(unfused)));
      tf.dispose([a, b, bias, probe]);
    }
  });

  test('exact GELU: one native pass forward and backward equals the erf chain', () => {
    const x = tf.mul(randn([7, 513]), 3);
    const probe = randn([7, 513]);
    const before = tf.memory().numTensors;
    registerNativeKernels(addon!);
    assert.ok(nativeGeluActive());
    for (const threads of [1, 2]) {
      addon!.setThreads(threads);
      assertClose(
        `gelu x${threads}`,
        bothWays(() => [gelu(x), tf.grad((v: tf.Tensor) => tf.sum(tf.mul(gelu(v), probe)))(x)]),
      );
    }
    assert.equal(tf.memory().numTensors, before, 'tensors leaked');
    tf.dispose([x, probe]);
  });

  test('a training step of the encoder: loss and every gradient equal the wasm path', async () => {
    addon!.setThreads(2);
    const config = testConfig('roberta', 'micro');
    const { dir } = await writeRandomCheckpoint(config, 5);
    const model = await loadClassifier(dir, { quiet: true });
    const batch = toEncodedBatch(
      tokenBatchFromIds(
        [
          [3, 9, 14, 22, 4],
          [3, 40, 4],
        ],
        config.pad_token_id,
      ),
    );
    const labels = tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3);
    const before = tf.memory().numTensors;
    const step = () => {
      const vars = model.trainableVariables();
      const { value, grads } = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(labels, model.forward(batch, { training: false }).logits),
        vars,
      );
      return [value, ...vars.map((v) => grads[v.name])];
    };
    // Scale: the largest gradient; the key biases' gradients are exactly zero up to rounding.
    const results = bothWays(step);
    const floor = Math.max(...results[0].slice(1).map((g) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
    assertClose('training step', results, 1e-5, floor);
    assert.equal(tf.memory().numTensors, before, 'tensors leaked');
    disposeBatch(batch);
    tf.dispose(labels);
    model.dispose();
  });

  test('the addon refuses shapes that do not fit its arrays', () => {
    const a = new Float32Array(6);
    assert.throws(() => addon!.gemm(a, new Float32Array(6), new Float32Array(3), null, 1, 2, 2, 3, 0, 0, 0, 0), /do not fit/);
    assert.throws(
      () => addon!.gemm(a, new Float64Array(6) as unknown as Float32Array, new Float32Array(4), null, 1, 2, 2, 3, 0, 0, 0, 0),
      /b must be a Float32Array/,
    );
  });
});
