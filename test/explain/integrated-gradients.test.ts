import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { integratedGradients } from '../../lib/explain/integrated-gradients';
import { QUADRATURES, quadrature } from '../../lib/explain/quadrature';
import { setupTf } from './tf-setup';

await setupTf();

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number, msg = '') => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol, `${msg}[${i}]: ${a[i]} vs ${b[i]} (tol ${tol})`);
};

test('quadrature rules integrate polynomials / exp as expected', () => {
  for (const m of QUADRATURES) {
    const { alphas, weights } = quadrature(m, 200);
    const sumW = weights.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sumW - 1) < 1e-12, `${m} weights sum to 1`);
    const integral = alphas.reduce((s, a, k) => s + weights[k] * Math.exp(a), 0);
    assert.ok(Math.abs(integral - (Math.E - 1)) < 1e-2, `${m}: ${integral}`);
  }
  // Gauss–Legendre with n points is exact for degree 2n-1
  const { alphas, weights } = quadrature('gausslegendre', 3);
  const x5 = alphas.reduce((s, a, k) => s + weights[k] * a ** 5, 0);
  assert.ok(Math.abs(x5 - 1 / 6) < 1e-14);
  assert.deepEqual(quadrature('riemann_left', 4).alphas, [0, 0.25, 0.5, 0.75]);
  assert.deepEqual(quadrature('riemann_trapezoid', 3).weights, [0.25, 0.5, 0.25]);
});

test('IG of F(x) = exp(w·x) from a zero baseline matches the closed form x_i w_i (e^s − 1)/s', () => {
  const w = [0.5, -1.2, 0.8, 0.3];
  const x = [1.0, 0.4, -0.6, 2.0];
  const s = w.reduce((acc, wi, i) => acc + wi * x[i], 0);
  const expected = x.map((xi, i) => (xi * w[i] * (Math.exp(s) - 1)) / s);
  const wT = tf.tensor1d(w);
  const f = (xs: tf.Tensor) => tf.exp(tf.sum(tf.mul(xs, wT), 1)) as tf.Tensor1D;
  for (const method of QUADRATURES) {
    const r = integratedGradients(f, tf.tensor1d(x), tf.zeros([4]), { steps: method === 'gausslegendre' ? 50 : 2000, method });
    close(r.attributions.dataSync(), expected, 1e-4, method);
    assert.ok(Math.abs(r.delta) < 1e-4, `${method} delta ${r.delta}`);
    assert.ok(Math.abs(r.fInput - Math.exp(s)) < 1e-5 && Math.abs(r.fBaseline - 1) < 1e-6);
    r.attributions.dispose();
  }
  wT.dispose();
});

test('IG of x1·x2 splits the product equally; non-zero baseline; chunked = unchunked', () => {
  const f = (xs: tf.Tensor) => tf.prod<tf.Tensor1D>(xs, 1);
  const x = tf.tensor1d([3, 2]);
  const b = tf.tensor1d([1, 1]);
  // γ(α) = b + α(x − b); ∂F/∂x1 = γ2 → ∫ = b2 + (x2 − b2)/2 = 1.5 → IG1 = (3−1)·1.5 = 3; IG2 = (2−1)·(1 + 2/2) = 2
  const full = integratedGradients(f, x, b, { steps: 8 });
  close(full.attributions.dataSync(), [3, 2], 1e-5);
  const chunked = integratedGradients(f, x, b, { steps: 8, internalBatchSize: 3 });
  close(chunked.attributions.dataSync(), full.attributions.dataSync(), 1e-6);
  assert.ok(Math.abs(full.delta) < 1e-5);
  full.attributions.dispose();
  chunked.attributions.dispose();
  x.dispose();
  b.dispose();
});

test('Captum BasicModel2: ReLU(ReLU(x1) − 1 − ReLU(x2)) at (3, 1) gives ≈ [1.5, −0.5]', () => {
  const f = (xs: tf.Tensor) => {
    const [x1, x2] = tf.unstack(xs, 1);
    return tf.relu(tf.sub(tf.sub(tf.relu(x1), 1), tf.relu(x2))) as tf.Tensor1D;
  };
  const x = tf.tensor1d([3, 1]);
  const b = tf.zeros([2]);
  for (const method of QUADRATURES) {
    const r = integratedGradients(f, x, b, { steps: 500, method });
    close(r.attributions.dataSync(), [1.5, -0.5], 2e-2, method);
    r.attributions.dispose();
  }
  x.dispose();
  b.dispose();
});

test('multiplyByInputs=false returns the averaged path gradient; no tensors leak', () => {
  const wT = tf.tensor1d([2, -3]);
  const f = (xs: tf.Tensor) => tf.sum<tf.Tensor1D>(tf.mul(xs, wT), 1);
  const x = tf.tensor1d([1, 1]);
  const b = tf.zeros([2]);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    const r = integratedGradients(f, x, b, { steps: 10, multiplyByInputs: false, internalBatchSize: 4 });
    close(r.attributions.dataSync(), [2, -3], 1e-6);
    assert.ok(Number.isNaN(r.delta));
    r.attributions.dispose();
  }
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([wT, x, b]);
});
