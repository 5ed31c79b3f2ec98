// The wasm fast paths: matMul with transpose flags and batchMatMul (values and gradients) match
// tfjs' own kernels; the replacement Slice/Unpack kernels and the added UnsortedSegmentSum
// (gather gradient) match the cpu backend.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/backend';
import { batchMatMul, linear, matMul } from '../../lib/backend/fast-matmul';
import { Rng } from '../../lib/util/random';
import { maxAbsDiff } from '../model/helpers';

const rng = new Rng(7);
const randn = (shape: number[]) => tf.tensor(rng.normalArray(shape.reduce((a, b) => a * b, 1)), shape);

before(() => initBackend({ force: 'wasm', quiet: true }));

test('matMul with every transpose combination: values and gradients equal tf.matMul', () => {
  for (const [ta, tb] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ]) {
    tf.tidy(() => {
      const a = randn(ta ? [6, 5] : [5, 6]) as tf.Tensor2D;
      const b = randn(tb ? [4, 6] : [6, 4]) as tf.Tensor2D;
      const probe = randn([5, 4]);
      const ours = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(matMul(x as tf.Tensor2D, y as tf.Tensor2D, ta, tb), probe)));
      const theirs = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y, ta, tb), probe)));
      assert.ok(maxAbsDiff(matMul(a, b, ta, tb).dataSync(), tf.matMul(a, b, ta, tb).dataSync()) < 1e-5);
      const [ga, gb] = ours([a, b]);
      const [ha, hb] = theirs([a, b]);
      assert.ok(maxAbsDiff(ga.dataSync(), ha.dataSync()) < 1e-5, `dA ta=${ta} tb=${tb}`);
      assert.ok(maxAbsDiff(gb.dataSync(), hb.dataSync()) < 1e-5, `dB ta=${ta} tb=${tb}`);
    });
  }
});

test('batchMatMul and linear: values and gradients', () => {
  tf.tidy(() => {
    const a = randn([3, 5, 4]) as tf.Tensor3D;
    const b = randn([3, 4, 2]) as tf.Tensor3D;
    const probe = randn([3, 5, 2]);
    assert.ok(maxAbsDiff(batchMatMul(a, b).dataSync(), tf.matMul(a, b).dataSync()) < 1e-5);
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(batchMatMul(x as tf.Tensor3D, y as tf.Tensor3D), probe)))([
      a,
      b,
    ]);
    const [ha, hb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y), probe)))([a, b]);
    assert.ok(maxAbsDiff(ga.dataSync(), ha.dataSync()) < 1e-5);
    assert.ok(maxAbsDiff(gb.dataSync(), hb.dataSync()) < 1e-5);
    const x = randn([2, 3, 4]);
    const w = randn([4, 6]) as tf.Tensor2D;
    const bias = randn([6]) as tf.Tensor1D;
    assert.ok(maxAbsDiff(linear(x, w, bias).dataSync(), tf.add(tf.matMul(x.reshape([6, 4]), w), bias).dataSync()) < 1e-5);
  });
});

test('wasm Slice, Unpack, Transpose, Gather and UnsortedSegmentSum agree with the cpu backend', async () => {
  const x = rng.normalArray(4 * 5 * 6);
  const ids = [3, 0, 3, 9, 1, 1];
  const run = () =>
    tf.tidy(() => {
      const t = tf.tensor3d(x, [4, 5, 6]);
      const table = tf.tensor2d(x.slice(0, 10 * 12), [10, 12]);
      const idx = tf.tensor2d(ids, [2, 3], 'int32');
      const gatherGrad = tf.grad((tb: tf.Tensor) => tf.sum(tf.mul(tf.gather(tb, idx), tf.range(1, 2 * 3 * 12 + 1).reshape([2, 3, 12]))))(
        table,
      );
      return [
        ...tf.slice(t, [1, 2, 0], [2, 3, 6]).dataSync(),
        ...tf.slice(t, [0, 1, 2], [4, 2, 3]).dataSync(),
        ...tf.unstack(t, 1).flatMap((p) => [...p.dataSync()]),
        ...tf.unstack(t, 0).flatMap((p) => [...p.dataSync()]),
        ...tf.slice(t.reshape([-1]), [7], [20]).dataSync(),
        ...tf.transpose(t.reshape([20, 6])).dataSync(),
        ...tf.transpose(t, [0, 2, 1]).dataSync(),
        ...tf.transpose(t, [1, 0, 2]).dataSync(),
        ...tf.transpose(tf.tensor2d(ids, [2, 3], 'int32')).dataSync(),
        ...tf.gather(table, idx).dataSync(),
        ...gatherGrad.dataSync(),
      ];
    });
  const onWasm = run();
  await initBackend({ force: 'cpu', quiet: true });
  const onCpu = run();
  await initBackend({ force: 'wasm', quiet: true });
  assert.equal(maxAbsDiff(onWasm, onCpu), 0);
});
