// Shared pieces of the loss tests: float64 reference math (no tfjs), tfjs evaluation of a loss,
// central finite differences, and the tolerance checks.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { MetricLoss } from '../../lib/losses/index';
import { Rng } from '../../lib/util/random';

export type Matrix = number[][];

export async function useBackend(name: 'cpu' | 'wasm'): Promise<void> {
  assert.ok(await tf.setBackend(name), `backend ${name} did not initialise`);
}

// ---------- float64 reference math ----------

export const dot = (a: number[], b: number[]) => a.reduce((s, v, k) => s + v * b[k], 0);
export const norm = (a: number[]) => Math.sqrt(dot(a, a));
/** x / max(‖x‖, 1e-12), as torch.nn.functional.normalize. */
export const normalize = (a: number[]) => a.map((v) => v / Math.max(norm(a), 1e-12));
export const euclid = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, v, k) => s + (v - b[k]) ** 2, 0));

export type RefDistance = { inverted: boolean; f: (a: number[], b: number[]) => number };
export const REF_DISTANCES: Record<string, RefDistance> = {
  euclidean: { inverted: false, f: (a, b) => euclid(normalize(a), normalize(b)) },
  'squared-euclidean': { inverted: false, f: (a, b) => euclid(normalize(a), normalize(b)) ** 2 },
  cosine: { inverted: true, f: (a, b) => dot(normalize(a), normalize(b)) },
  dot: { inverted: true, f: dot },
  'raw-euclidean': { inverted: false, f: euclid },
};

/** log Σ exp(z) (+1 term when addOne); an empty sum gives 0 (PML's masked logsumexp). */
export function logSumExp(z: number[], addOne = false): number {
  if (z.length === 0) return addOne ? 0 : 0;
  const all = addOne ? [...z, 0] : z;
  const m = Math.max(...all);
  return m + Math.log(all.reduce((s, v) => s + Math.exp(v - m), 0));
}

/** −log softmax(logits)[target]. */
export const crossEntropy = (logits: number[], target: number) => logSumExp(logits) - logits[target];

export const softplus = (v: number) => (v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v)));

/** 2-D unit vectors at the given angles (degrees). */
export const atAngles = (degrees: number[]): Matrix => degrees.map((d) => [Math.cos((d * Math.PI) / 180), Math.sin((d * Math.PI) / 180)]);

export function randomMatrix(seed: number, rows: number, cols: number, scale = 1): Matrix {
  const rng = new Rng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => scale * rng.normal()));
}

export function randomLabels(seed: number, n: number, classes: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => rng.int(classes));
}

/** Column k of a matrix. */
export const column = (m: Matrix, k: number) => m.map((row) => row[k]);
export const transpose = (m: Matrix): Matrix => m[0].map((_, k) => column(m, k));

// ---------- tfjs side ----------

export function lossValue(loss: MetricLoss, x: Matrix, labels: number[]): number {
  return tf.tidy(() => loss.compute(tf.tensor2d(x), tf.tensor1d(labels, 'int32')).dataSync()[0]);
}

/** Autodiff gradients of the loss w.r.t. the embeddings and every owned weight. */
export function lossGradients(loss: MetricLoss, x: Matrix, labels: number[]): { value: number; dx: Matrix; dw: Matrix[] } {
  return tf.tidy(() => {
    const xs = tf.tensor2d(x);
    const ys = tf.tensor1d(labels, 'int32');
    const weights = loss.trainableWeights();
    const { value, grads } = tf.valueAndGrads((e: tf.Tensor, ..._w: tf.Tensor[]) => loss.compute(e as tf.Tensor2D, ys))([xs, ...weights]);
    const mats = grads.map((g) => g.arraySync() as Matrix);
    return { value: value.dataSync()[0], dx: mats[0], dw: mats.slice(1) };
  });
}

/** Reads a loss's weights as float64 matrices. */
export const weightsOf = (loss: MetricLoss): Matrix[] => loss.trainableWeights().map((w) => w.arraySync() as Matrix);

/** Central finite difference of f w.r.t. every entry of m (float64 functions). */
export function finiteDifferences(f: (m: Matrix) => number, m: Matrix, eps = 1e-6): Matrix {
  return m.map((row, i) =>
    row.map((_, k) => {
      const plus = m.map((r) => r.slice());
      const minus = m.map((r) => r.slice());
      plus[i][k] += eps;
      minus[i][k] -= eps;
      return (f(plus) - f(minus)) / (2 * eps);
    }),
  );
}

/** |a − e| <= atol + rtol·|e|, entrywise, with a readable failure. */
export function assertClose(actual: number | Matrix, expected: number | Matrix, atol: number, rtol = 0, what = 'value'): void {
  const a = typeof actual === 'number' ? [[actual]] : actual;
  const e = typeof expected === 'number' ? [[expected]] : expected;
  assert.equal(a.length, e.length, `${what}: row count`);
  a.forEach((row, i) =>
    row.forEach((v, k) => {
      const want = e[i][k];
      assert.ok(Number.isFinite(v), `${what}[${i}][${k}] is not finite: ${v}`);
      assert.ok(
        Math.abs(v - want) <= atol + rtol * Math.abs(want),
        `${what}[${i}][${k}] = ${v}, expected ${want} (atol ${atol}, rtol ${rtol})`,
      );
    }),
  );
}

export function assertFinite(m: number | Matrix, what: string): void {
  const rows = typeof m === 'number' ? [[m]] : m;
  rows.forEach((row, i) => row.forEach((v, k) => assert.ok(Number.isFinite(v), `${what}[${i}][${k}] is not finite: ${v}`)));
}

/** Runs fn `reps` times and checks the live tensor count does not grow after the first run. */
export function assertNoLeak(fn: () => void, reps = 3): void {
  fn();
  const before = tf.memory().numTensors;
  for (let r = 0; r < reps; r++) fn();
  assert.equal(tf.memory().numTensors, before, 'tensor count grew across repeated calls');
}
