// Variables ↔ one flat float32 buffer, in a fixed order (the model's trainableVariables()).
import * as tf from '@tensorflow/tfjs';

export function flatSize(vars: tf.Variable[]): number {
  return vars.reduce((n, v) => n + v.size, 0);
}

/** Copies the values of `tensors` (one per variable, same order) into one buffer. */
export function flatten(tensors: tf.Tensor[]): Float32Array {
  const out = new Float32Array(tensors.reduce((n, t) => n + t.size, 0));
  let offset = 0;
  for (const t of tensors) {
    out.set(t.dataSync(), offset);
    offset += t.size;
  }
  return out;
}

/** Assigns a flat buffer to the variables. */
export function assignFlat(vars: tf.Variable[], flat: Float32Array): void {
  let offset = 0;
  for (const v of vars) {
    const t = tf.tensor(flat.subarray(offset, offset + v.size), v.shape, 'float32');
    v.assign(t);
    t.dispose();
    offset += v.size;
  }
}

/** Splits a flat buffer into tensors shaped like `vars` (caller disposes). */
export function unflatten(vars: tf.Variable[], flat: Float32Array): tf.Tensor[] {
  let offset = 0;
  return vars.map((v) => {
    const t = tf.tensor(flat.subarray(offset, offset + v.size), v.shape, 'float32');
    offset += v.size;
    return t;
  });
}
