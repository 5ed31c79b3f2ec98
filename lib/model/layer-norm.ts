// LayerNorm over the last axis (Ba et al. 2016, arXiv 1607.06450), as torch.nn.LayerNorm:
//   y = (x − μ) / √(σ² + ε) · γ + β, σ² the biased variance.
// Custom gradient (fewer kernels than autodiff through moments), with x̂ = (x − μ)·r, r = 1/√(σ²+ε):
//   dx = r · (g − mean(g) − x̂ · mean(g · x̂)),  g = dy · γ;  dγ = Σ dy · x̂;  dβ = Σ dy.
import * as tf from '@tensorflow/tfjs';
import { columnSums } from '../backend/fast-matmul';

export function layerNorm(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): tf.Tensor {
  const shape = x.shape;
  const d = shape[shape.length - 1];
  const f = tf.customGrad((input, g, b, save) => {
    const x2 = (input as tf.Tensor).reshape([-1, d]);
    const mean = tf.mean(x2, 1, true);
    const centered = tf.sub(x2, mean);
    const r = tf.rsqrt(tf.add(tf.mean(tf.square(centered), 1, true), eps));
    const xhat = tf.mul(centered, r);
    (save as tf.GradSaveFunc)([xhat, r, g as tf.Tensor]);
    return {
      value: tf.add(tf.mul(xhat, g as tf.Tensor), b as tf.Tensor).reshape(shape),
      gradFunc: (dy, saved) => {
        const [xh, rs, gam] = saved;
        const dy2 = dy.reshape([-1, d]);
        const gdy = tf.mul(dy2, gam);
        const dx = tf.mul(rs, tf.sub(tf.sub(gdy, tf.mean(gdy, 1, true)), tf.mul(xh, tf.mean(tf.mul(gdy, xh), 1, true))));
        return [dx.reshape(shape), columnSums(tf.mul<tf.Tensor2D>(dy2, xh)), columnSums(dy2 as tf.Tensor2D)];
      },
    };
  });
  return f(x, gamma, beta);
}
