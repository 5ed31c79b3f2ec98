// AdamW against float64 loops of torch.optim.AdamW and transformers.AdamW(correct_bias=True).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/backend';
import { AdamW, isBiasOrLayerNorm } from '../../lib/training/adamw';

/** Reference AdamW step-by-step in float64. */
function reference(
  p0: number[],
  grads: number[][],
  lr: number,
  wd: number,
  style: 'torch' | 'transformers',
  b1 = 0.9,
  b2 = 0.999,
  eps = 1e-8,
): number[] {
  const p = [...p0];
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  grads.forEach((g, k) => {
    const t = k + 1;
    const bc1 = 1 - b1 ** t;
    const bc2 = 1 - b2 ** t;
    for (let i = 0; i < p.length; i++) {
      if (style === 'torch') p[i] *= 1 - lr * wd;
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] ** 2;
      if (style === 'torch') p[i] -= (lr / bc1) * (m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + eps));
      else {
        p[i] -= ((lr * Math.sqrt(bc2)) / bc1) * (m[i] / (Math.sqrt(v[i]) + eps));
        p[i] *= 1 - lr * wd;
      }
    }
  });
  return p;
}

const GRADS = [
  [0.1, -0.2, 0.3],
  [0.05, 0.4, -0.3],
  [-0.2, 0.1, 0.0],
];

before(() => initBackend({ quiet: true }));

for (const style of ['torch', 'transformers'] as const) {
  test(`${style} update rule matches the float64 reference`, () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]), true, `adamw-${style}`);
    const opt = new AdamW([v], { weightDecay: 0.1, style });
    for (const g of GRADS) {
      const grad = tf.tensor1d(g);
      opt.applyGradients({ [v.name]: grad }, 0.05);
      grad.dispose();
    }
    const want = reference([1, 2, 3], GRADS, 0.05, 0.1, style);
    [...v.dataSync()].forEach((x, i) => assert.ok(Math.abs(x - want[i]) < 1e-6, `${x} vs ${want[i]}`));
    opt.dispose();
    v.dispose();
  });
}

test('per-variable learning rates, no-decay exclusions, skipped variables, no leaks', () => {
  const w = tf.variable(tf.tensor1d([1, 1]), true, 'layer.dense.weight');
  const b = tf.variable(tf.tensor1d([1, 1]), true, 'layer.dense.bias');
  const idle = tf.variable(tf.tensor1d([5]), true, 'idle.weight');
  const opt = new AdamW([w, b, idle], { weightDecay: 0.5, excludeFromWeightDecay: isBiasOrLayerNorm });
  const before = tf.memory().numTensors;
  for (let i = 0; i < 20; i++) {
    const grads = { [w.name]: tf.zeros([2]), [b.name]: tf.zeros([2]) };
    opt.applyGradients(grads, (v) => (v === w ? 0.1 : 0.2));
    tf.dispose(Object.values(grads));
  }
  assert.equal(tf.memory().numTensors, before);
  assert.ok(Math.abs(w.dataSync()[0] - (1 - 0.1 * 0.5) ** 20) < 1e-6, 'decay only with zero gradient');
  assert.deepEqual([...b.dataSync()], [1, 1], 'bias excluded from decay');
  assert.deepEqual([...idle.dataSync()], [5], 'no gradient, no update');
  assert.throws(() => opt.applyGradients({ unknown: tf.zeros([1]) }, 0.1), /unknown variable unknown/);
  opt.dispose();
  tf.dispose([w, b, idle]);
});
