// The native LayerNorm (with its fused residual add), masked softmax and leading-axes Sum
// (lib/backend/layer-norm-kernel.ts, masked-softmax-kernel.ts, sum-kernel.ts, native/src/) against the tfjs composition that
// runs without them: values and gradients at 1e-5 relative on odd shapes (1, 7, 63, 65, 513), on 1
// and 2 threads, no tensor leaks, and the kernels really in use. Skips where the addon is not built
// (DML_NATIVE=0 runs test the tfjs path through the model tests).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { attentionContext, attentionScores } from '../../lib/backend/attention-products';
import { initBackend } from '../../lib/backend/backend';
import { MASKED_SOFTMAX_KERNEL } from '../../lib/backend/masked-softmax-kernel';
import { maskedSoftmax } from '../../lib/backend/masked-softmax';
import { nativeRowKernelsActive, registerNativeKernels, unregisterNativeKernels } from '../../lib/backend/native-kernels';
import { layerNorm } from '../../lib/model/layer-norm';
import { addon, assertClose, bothWays, randn, skip } from './native-compare';

const SIZES = [1, 7, 63, 65, 513];

/** Kernel names run while fn runs (tfjs' profiler). */
async function kernelsOf(fn: () => tf.Tensor): Promise<string[]> {
  const info = await tf.profile(() => fn());
  return info.kernelNames.filter((name) => name !== ''); // '' is the customGrad wrapper
}

describe('native LayerNorm and masked softmax', { skip }, () => {
  before(async () => {
    await initBackend({ force: 'wasm', quiet: true });
  });
  after(() => {
    if (addon) registerNativeKernels(addon);
  });

  test('LayerNorm (x + residual): values and the gradients of x, residual, gamma and beta', () => {
    const before = tf.memory().numTensors;
    for (const threads of [1, 2]) {
      addon!.setThreads(threads);
      for (const d of SIZES) {
        for (const rows of [1, 7, 65]) {
          const [x, residual, probe] = [randn([rows, 1, d]), randn([rows, 1, d]), randn([rows, 1, d])];
          const gamma = tf.tidy(() => tf.add<tf.Tensor1D>(randn([d]), 1));
          const beta = randn([d]) as tf.Tensor1D;
          for (const withResidual of [false, true]) {
            // d = 1: x̂ = 0 and dx = r·(g − mean g) = 0 exactly, where tfjs leaves rounding noise
            // amplified by r = 1/√ε; ε = 1 and an absolute scale (floor 1) compare that case
            const eps = d === 1 ? 1 : 1e-5;
            const ln = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor, r: tf.Tensor) =>
              layerNorm(a, g as tf.Tensor1D, b as tf.Tensor1D, eps, withResidual ? r : undefined);
            const loss = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor, r: tf.Tensor) => tf.sum(tf.mul(ln(a, g, b, r), probe));
            const inputs = withResidual ? [x, gamma, beta, residual] : [x, gamma, beta];
            const run = () => [ln(x, gamma, beta, residual), ...tf.grads((...t: tf.Tensor[]) => loss(t[0], t[1], t[2], t[3]))(inputs)];
            assertClose(`LayerNorm x${threads} [${rows},1,${d}] residual=${withResidual}`, bothWays(run), 1e-5, d === 1 ? 1 : 1e-3);
          }
          tf.dispose([x, residual, probe, gamma, beta]);
        }
      }
    }
    assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  });

  test('masked softmax: [B, H, Lq, Lk] scores, [B, 1, 1, Lk] and [1, 1, 1, Lk] masks and none, with the gradient', () => {
    const before = tf.memory().numTensors;
    for (const threads of [1, 2]) {
      addon!.setThreads(threads);
      for (const L of SIZES) {
        for (const maskBatch of [0, 1, 3]) {
          const scores = tf.tidy(() => tf.mul(randn([3, 2, 7, L]), 4));
          const probe = randn([3, 2, 7, L]);
          // padding: the last key of every other batch item (never all keys of a row)
          const keep = Array.from({ length: Math.max(maskBatch, 1) * L }, (_, i) =>
            L > 1 && i % L === L - 1 && (i / L) % 2 < 1 ? -1e9 : 0,
          );
          const mask = maskBatch ? tf.tensor4d(keep, [maskBatch, 1, 1, L]) : undefined;
          const run = () => [
            maskedSoftmax(scores, mask, 0.125),
            tf.grad((s: tf.Tensor) => tf.sum(tf.mul(maskedSoftmax(s, mask, 0.125), probe)))(scores),
          ];
          assertClose(`softmax x${threads} L=${L} mask batch ${maskBatch}`, bothWays(run));
          tf.dispose([scores, probe, ...(mask ? [mask] : [])]);
        }
      }
    }
    assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  });

  test('Sum over leading axes (bias gradients) natively, other reductions in tfjs', () => {
    const before = tf.memory().numTensors;
    for (const threads of [1, 2]) {
      addon!.setThreads(threads);
      for (const rows of SIZES) {
        for (const cols of [1, 7, 65, 513]) {
          const x = randn([rows, 3, cols]);
          const sums = () => [tf.sum(x, 0), tf.sum(x, [1, 0]), tf.sum(x, [0, 1], true), tf.sum(x, -1), tf.sum(x), tf.sum(x, [0, 2])];
          assertClose(`Sum x${threads} [${rows},3,${cols}]`, bothWays(sums));
          x.dispose();
        }
      }
    }
    assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  });

  test('attention products per head, read and written in place: values and gradients', () => {
    const before = tf.memory().numTensors;
    for (const threads of [1, 2]) {
      addon!.setThreads(threads);
      for (const [B, L, H, dh] of [
        [1, 1, 1, 1],
        [3, 7, 3, 7],
        [2, 65, 2, 63],
        [1, 63, 3, 1],
      ]) {
        const [q, k, v, probe] = [0, 1, 2, 3].map(() => randn([B, L, H * dh]) as tf.Tensor3D);
        const p = tf.tidy(() => tf.softmax(randn([B, H, L, L])) as tf.Tensor4D);
        const sProbe = randn([B, H, L, L]);
        const run = () => [
          attentionScores(q, k, H),
          attentionContext(p, v, H),
          ...tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(attentionScores(a as tf.Tensor3D, b as tf.Tensor3D, H), sProbe)))([
            q,
            k,
          ]),
          ...tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(attentionContext(a as tf.Tensor4D, b as tf.Tensor3D, H), probe)))([
            p,
            v,
          ]),
        ];
        assertClose(`heads x${threads} B=${B} L=${L} H=${H} dh=${dh}`, bothWays(run));
        tf.dispose([q, k, v, probe, p, sProbe]);
      }
    }
    assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  });

  test('padding keys get probability exactly 0, as on the tfjs path', () => {
    const scores = randn([2, 1, 3, 5]);
    const mask = tf.tensor4d([0, 0, 0, -1e9, -1e9, 0, 0, 0, 0, 0], [2, 1, 1, 5]);
    registerNativeKernels(addon!);
    const p = tf.tidy(() => maskedSoftmax(scores, mask, 0.5).arraySync() as number[][][][]);
    for (const row of p[0][0]) assert.deepEqual(row.slice(3), [0, 0]);
    tf.dispose([scores, mask]);
  });

  test('the native kernels run when registered, tfjs ops without them', async () => {
    const [scores, mask] = [randn([2, 2, 3, 5]), tf.zeros([2, 1, 1, 5])];
    const [x, g, b] = [randn([4, 6]), tf.ones<tf.Rank.R1>([6]), tf.zeros<tf.Rank.R1>([6])];
    registerNativeKernels(addon!);
    assert.ok(nativeRowKernelsActive());
    assert.deepEqual(await kernelsOf(() => maskedSoftmax(scores, mask, 0.5)), [MASKED_SOFTMAX_KERNEL]);
    assert.deepEqual(await kernelsOf(() => layerNorm(x, g, b, 1e-5, x)), ['DmlLayerNorm']);
    unregisterNativeKernels();
    assert.ok(!nativeRowKernelsActive());
    assert.ok((await kernelsOf(() => maskedSoftmax(scores, mask, 0.5))).includes('Softmax'));
    assert.ok(!(await kernelsOf(() => layerNorm(x, g, b, 1e-5, x))).some((k) => k.startsWith('Dml')));
    registerNativeKernels(addon!);
    tf.dispose([scores, mask, x, g, b]);
  });

  test('the addon refuses arrays that do not fit the shapes', () => {
    const f = (n: number) => new Float32Array(n);
    assert.throws(() => addon!.layerNorm(f(6), null, f(3), f(3), f(6), f(5), f(2), 1e-5), /layerNorm: x, residual/);
    assert.throws(() => addon!.layerNorm(f(6), f(3), f(3), f(3), f(6), f(6), f(2), 1e-5), /layerNorm: x, residual/);
    assert.throws(() => addon!.layerNormGrad(f(6), f(6), f(2), f(3), f(6), f(2), f(3)), /layerNormGrad/);
    assert.throws(() => addon!.maskedSoftmax(f(10), f(4), f(10), 5, 1, 1), /maskedSoftmax: scores and probs/);
    assert.throws(() => addon!.maskedSoftmax(f(10), null, f(10), 3, 1, 1), /maskedSoftmax: scores and probs/);
    assert.throws(() => addon!.maskedSoftmaxGrad(f(10), f(10), f(9), 5, 1), /maskedSoftmaxGrad/);
    assert.throws(() => addon!.columnSums(f(10), f(3)), /columnSums/);
    const layout = Float64Array.from([1, 1, 2, 2, 2, 0, 0, 2, 1, 0, 0, 2, 1, 0, 0, 2]);
    assert.throws(() => addon!.headGemm(f(4), f(4), f(3), layout), /headGemm: the layout does not fit/);
    assert.throws(() => addon!.headGemm(f(4), f(4), f(4), new Float64Array(15)), /headGemm: layout must be/);
    assert.throws(() => addon!.layerNorm(f(6), null, f(3), f(3), f(6), f(6), f(2), 'x' as never), /expected a number/);
  });
});
