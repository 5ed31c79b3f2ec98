// GELU activations (Hendrycks & Gimpel 2016, arXiv 1606.08415), from tfjs ops (differentiable
// on every backend; tf.erf's gradient exists on wasm, docs/environment.md §1).
//   'gelu'     = exact: x·Φ(x) = ½x(1 + erf(x/√2))
//   'gelu_new' = tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³)))
// Measured: JS kernels on the wasm heap (one pass, erfc by a Chebyshev fit) were 3-4x slower
// than this 4-kernel chain, forward and backward, so the chain stays where the native kernels
// are not loaded. With them, 'gelu' is one native pass forward and one backward
// (dGELU/dx = Φ(x) + x φ(x)), native-kernels.ts.
import * as tf from '@tensorflow/tfjs';
import { GELU_GRAD_KERNEL, GELU_KERNEL, nativeGeluActive } from './native-kernels';

const nativeGelu = tf.customGrad((x, save) => {
  (save as tf.GradSaveFunc)([x as tf.Tensor]);
  return {
    value: tf.engine().runKernel<tf.Tensor>(GELU_KERNEL, { x: x as tf.Tensor }),
    gradFunc: (dy, saved) => tf.engine().runKernel<tf.Tensor>(GELU_GRAD_KERNEL, { x: saved[0], dy: dy }),
  };
});

export function gelu(x: tf.Tensor): tf.Tensor {
  if (nativeGeluActive() && x.dtype === 'float32') return nativeGelu(x);
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
}

export function geluTanh(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
}
