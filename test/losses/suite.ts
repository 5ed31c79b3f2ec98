// The checks every loss goes through, against its plain-loop float64 oracle written in its own
// test file: a hand-checkable case, random cases, gradients (embeddings and owned weights) vs
// central finite differences, edge cases, the wasm backend, and tensor leaks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createLoss, type LossName, type MetricLoss } from '../../lib/losses/index';
import {
  assertClose,
  assertFinite,
  assertNoLeak,
  finiteDifferences,
  lossGradients,
  lossValue,
  randomLabels,
  randomMatrix,
  useBackend,
  weightsOf,
  type Matrix,
} from './helpers';

export type Params = Record<string, number | boolean | string>;
/** Plain-loop float64 loss: embeddings, labels, the resolved hyper-parameters, owned weights. */
export type Oracle = (x: Matrix, labels: number[], params: Params, weights: Matrix[]) => number;

export interface LossCase {
  label: string;
  x: Matrix;
  labels: number[];
  numClasses: number;
  params?: Params;
  /** Owned weights to assign before evaluating (hand-checkable proxies). */
  weights?: Matrix[];
}

export type EdgeName = 'no positive pair' | 'no negative pair' | 'identical embeddings' | 'zero vectors';

export interface LossSpec {
  name: LossName;
  oracle: Oracle;
  /** Cases with known geometry (2-D or 3-D, known angles), values matched to 1e-5. */
  handCases: LossCase[];
  /** Hyper-parameter sets for the random cases (one random batch each). */
  randomParams: Params[];
  /** Edge cases whose documented value is exactly 0. */
  zeroEdges?: EdgeName[];
  /** Relative tolerance of values (default 1e-5) and of gradients vs finite differences. */
  valueRtol?: number;
  gradRtol?: number;
  /** Proxy losses: getLogits by plain loops, and the owned weights' layout and initialisation. */
  proxy?: {
    logits: (x: Matrix, params: Params, weights: Matrix[]) => Matrix;
    /** Shape of the weights for numClasses C and embedding size D. */
    shape: (numClasses: number, dim: number) => [number, number];
    /** Checks the initial values (numClasses 2, embedding size 256, the loss's default params). */
    checkInit: (values: number[], params: Params) => void;
  };
}

function build(name: LossName, c: Pick<LossCase, 'numClasses' | 'params' | 'weights' | 'x'>, seed = 3): MetricLoss {
  const loss = createLoss(name, { numClasses: c.numClasses, embeddingSize: c.x[0].length, seed, ...(c.params ?? {}) });
  c.weights?.forEach((w, k) => loss.trainableWeights()[k].assign(tf.tensor2d(w)));
  return loss;
}

function oracleOf(spec: LossSpec, loss: MetricLoss): (x: Matrix, labels: number[], weights?: Matrix[]) => number {
  return (x, labels, weights) => spec.oracle(x, labels, loss.params, weights ?? weightsOf(loss));
}

export const EDGE_CASES: Record<EdgeName, { x: Matrix; labels: number[] }> = {
  'no positive pair': { x: randomMatrix(11, 4, 3), labels: [0, 1, 2, 3] },
  'no negative pair': { x: randomMatrix(12, 4, 3), labels: [1, 1, 1, 1] },
  'identical embeddings': { x: Array.from({ length: 4 }, () => [0.3, -0.2, 0.5]), labels: [0, 0, 1, 1] },
  'zero vectors': { x: Array.from({ length: 4 }, () => [0, 0, 0]), labels: [0, 0, 1, 1] },
};

/** Gradient tolerance: relative to the largest entry, so float32 rounding of big entries passes. */
function gradTolerance(expected: Matrix[], rtol: number): number {
  const max = Math.max(1e-3, ...expected.flat(2).map(Math.abs));
  return rtol * max;
}

export function describeLoss(spec: LossSpec): void {
  const valueRtol = spec.valueRtol ?? 1e-5;
  const gradRtol = spec.gradRtol ?? 2e-3;

  test(`${spec.name}: hand-checkable cases match the plain-loop formula`, async () => {
    await useBackend('cpu');
    for (const c of spec.handCases) {
      const loss = build(spec.name, c);
      assertClose(lossValue(loss, c.x, c.labels), oracleOf(spec, loss)(c.x, c.labels), 1e-5, valueRtol, `${c.label}: loss`);
      loss.dispose();
    }
  });

  test(`${spec.name}: random cases match the formula, gradients match finite differences`, async () => {
    await useBackend('cpu');
    spec.randomParams.forEach((params, r) => {
      const numClasses = 3;
      const x = randomMatrix(100 + r, 9, 4);
      const labels = randomLabels(200 + r, 9, numClasses);
      const loss = build(spec.name, { numClasses, params, x }, 5 + r);
      const oracle = oracleOf(spec, loss);
      const weights = weightsOf(loss);
      const { value, dx, dw } = lossGradients(loss, x, labels);
      const what = `params ${JSON.stringify(params)}`;
      assertClose(value, oracle(x, labels), 1e-5, valueRtol, `${what}: loss`);
      const fdX = finiteDifferences((m) => oracle(m, labels, weights), x);
      const fdW = weights.map((w, k) =>
        finiteDifferences(
          (m) =>
            oracle(
              x,
              labels,
              weights.map((o, j) => (j === k ? m : o)),
            ),
          w,
        ),
      );
      const tol = gradTolerance([fdX, ...fdW], gradRtol);
      assertClose(dx, fdX, tol, gradRtol, `${what}: d/dx`);
      dw.forEach((g, k) => assertClose(g, fdW[k], tol, gradRtol, `${what}: d/dweight${k}`));
      loss.dispose();
    });
  });

  test(`${spec.name}: autodiff agrees with float32 finite differences of the tfjs loss itself`, async () => {
    await useBackend('cpu');
    const x = randomMatrix(300, 6, 3);
    const labels = [0, 1, 0, 1, 2, 2];
    const loss = build(spec.name, { numClasses: 3, x });
    const { dx } = lossGradients(loss, x, labels);
    const eps = 1e-3;
    const max = Math.max(1e-2, ...dx.flat().map(Math.abs));
    for (const [i, k] of [
      [0, 0],
      [2, 1],
      [5, 2],
    ]) {
      const plus = x.map((r) => r.slice());
      const minus = x.map((r) => r.slice());
      plus[i][k] += eps;
      minus[i][k] -= eps;
      const fd = (lossValue(loss, plus, labels) - lossValue(loss, minus, labels)) / (2 * eps);
      assertClose(dx[i][k], fd, 0.03 * max, 0.03, `d/dx[${i}][${k}]`);
    }
    loss.dispose();
  });

  test(`${spec.name}: edge cases give finite losses and gradients, and the documented values`, async () => {
    await useBackend('cpu');
    for (const [edge, { x, labels }] of Object.entries(EDGE_CASES) as [EdgeName, (typeof EDGE_CASES)[EdgeName]][]) {
      const loss = build(spec.name, { numClasses: 4, x });
      const { value, dx, dw } = lossGradients(loss, x, labels);
      assertFinite(value, `${edge}: loss`);
      assertFinite(dx, `${edge}: d/dx`);
      dw.forEach((g, k) => assertFinite(g, `${edge}: d/dweight${k}`));
      const expected = spec.zeroEdges?.includes(edge) ? 0 : oracleOf(spec, loss)(x, labels);
      assertClose(value, expected, 2e-5, 1e-4, `${edge}: loss`);
      if (spec.zeroEdges?.includes(edge)) assert.equal(oracleOf(spec, loss)(x, labels), 0, `${edge}: oracle value`);
      loss.dispose();
    }
  });

  test(`${spec.name}: wasm backend matches cpu, and repeated calls leak no tensors`, async () => {
    const x = randomMatrix(400, 10, 5);
    const labels = randomLabels(401, 10, 3);
    await useBackend('cpu');
    const cpuLoss = build(spec.name, { numClasses: 3, x });
    const cpu = lossGradients(cpuLoss, x, labels);
    cpuLoss.dispose();
    await useBackend('wasm');
    const loss = build(spec.name, { numClasses: 3, x });
    const wasm = lossGradients(loss, x, labels);
    assertClose(wasm.value, cpu.value, 1e-5, 1e-5, 'wasm loss');
    const tol = gradTolerance([cpu.dx, ...cpu.dw], 1e-4);
    assertClose(wasm.dx, cpu.dx, tol, 1e-4, 'wasm d/dx');
    wasm.dw.forEach((g, k) => assertClose(g, cpu.dw[k], tol, 1e-4, `wasm d/dweight${k}`));
    assertNoLeak(() => lossGradients(loss, x, labels));
    assertNoLeak(() => lossValue(loss, x, labels));
    loss.dispose();
    await useBackend('cpu');
  });

  const proxy = spec.proxy;
  if (!proxy) return;

  test(`${spec.name}: getLogits matches the plain-loop scores`, async () => {
    await useBackend('cpu');
    const x = randomMatrix(500, 7, 4);
    const loss = build(spec.name, { numClasses: 3, x });
    const scores = tf.tidy(() => loss.getLogits!(tf.tensor2d(x)).arraySync());
    assertClose(scores, proxy.logits(x, loss.params, weightsOf(loss)), 1e-5, 1e-5, 'logits');
    assertNoLeak(() => tf.tidy(() => loss.getLogits!(tf.tensor2d(x))).dispose());
    loss.dispose();
  });

  test(`${spec.name}: weights layout and seeded initialisation`, async () => {
    await useBackend('cpu');
    const make = (seed: number) => createLoss(spec.name, { numClasses: 2, embeddingSize: 256, seed });
    const a = make(1);
    const [w] = a.trainableWeights();
    assert.equal(a.trainableWeights().length, 1);
    assert.ok(w.trainable, 'weights are trainable');
    assert.deepEqual(w.shape, proxy.shape(2, 256));
    const values = Array.from(w.dataSync());
    proxy.checkInit(values, a.params);
    const same = make(1);
    const other = make(2);
    assert.deepEqual(Array.from(same.trainableWeights()[0].dataSync()), values, 'same seed, same weights');
    assert.notDeepEqual(Array.from(other.trainableWeights()[0].dataSync()), values, 'another seed, other weights');
    [a, same, other].forEach((l) => l.dispose());
    assert.ok(w.isDisposed, 'dispose() frees the weights');
  });
}

/** Mean and standard deviation of a sample. */
export function moments(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  return { mean, std };
}
