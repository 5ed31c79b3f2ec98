// Shared by the native kernel tests: the addon (or why the tests skip), random tensors, and
// "run with tfjs' wasm kernels, then with the native ones, and compare at 1e-5 relative".
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { nativeStatus } from '../../lib/backend/native-addon';
import { nativeProductsActive, registerNativeKernels, unregisterNativeKernels } from '../../lib/backend/native-kernels';
import { Rng } from '../../lib/util/random';

const off = process.env.DML_NATIVE === '0';
export const addon = off ? undefined : nativeStatus().addon;
if (!addon && !off && process.env.CI === 'true') throw new Error(`CI builds the native addon, but: ${nativeStatus().reason}`);
export const skip = addon ? false : `native kernels not loaded: ${off ? 'DML_NATIVE=0' : nativeStatus().reason}`;

const rng = new Rng(11);
export const randn = (shape: number[]) => tf.tensor(rng.normalArray(shape.reduce((a, b) => a * b, 1)), shape);

/** max |x - y| / max(max |y|, floor): the 1e-5 relative criterion. */
export function relDiff(x: ArrayLike<number>, y: ArrayLike<number>, floor = 1e-30): number {
  assert.equal(x.length, y.length);
  let diff = 0;
  let scale = floor;
  for (let i = 0; i < y.length; i++) {
    diff = Math.max(diff, Math.abs(x[i] - y[i]));
    scale = Math.max(scale, Math.abs(y[i]));
  }
  return diff / scale;
}

/** Runs fn (or wasmFn) with tfjs' wasm kernels, then fn with the native ones; returns both results' values. */
export function bothWays(fn: () => tf.Tensor | tf.Tensor[], wasmFn = fn): [Float32Array[], Float32Array[]] {
  const values = (on: boolean) => {
    if (on) registerNativeKernels(addon!);
    else unregisterNativeKernels();
    assert.equal(nativeProductsActive(), on);
    return tf.tidy(() => [(on ? fn : wasmFn)()].flat().map((t) => t.dataSync() as Float32Array));
  };
  const wasm = values(false);
  return [wasm, values(true)];
}

/** Each output within tol of the wasm one, relative to its own scale or to `floor` when larger. */
export function assertClose(name: string, [wasm, native]: [Float32Array[], Float32Array[]], tol = 1e-5, floor?: number): void {
  wasm.forEach((w, i) => {
    const d = relDiff(native[i], w, floor);
    assert.ok(d <= tol, `${name} [output ${i}]: relative difference ${d.toExponential(2)} > ${tol}`);
  });
}
