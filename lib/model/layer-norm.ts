// LayerNorm over the last axis (Ba et al. 2016, arXiv 1607.06450), as torch.nn.LayerNorm:
//   y = (x − μ) / √(σ² + ε) · γ + β, σ² the biased variance; of x + residual when one is given
//   (the post-LN block: LayerNorm(x + sublayer(x))).
// Custom gradient (fewer kernels than autodiff through moments), with x̂ = (x − μ)·r, r = 1/√(σ²+ε):
//   dx = r · (g − mean(g) − x̂ · mean(g · x̂)),  g = dy · γ;  dγ = Σ dy · x̂;  dβ = Σ dy.
// With the native kernels (lib/backend/layer-norm-kernel.ts) the residual add, the forward and the
// backward are one pass each; elsewhere the same formulas run as tfjs ops.
import * as tf from '@tensorflow/tfjs';
import { columnSums } from '../backend/fast-matmul';
import { LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL } from '../backend/layer-norm-kernel';
import { nativeRowKernelsActive } from '../backend/native-kernels';

function nativeLayerNorm(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number, residual?: tf.Tensor): tf.Tensor {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [input, g, b, res] = args as tf.Tensor[];
    const inputs: tf.NamedTensorMap = res ? { x: input, residual: res, gamma: g, beta: b } : { x: input, gamma: g, beta: b };
    const [y, xhat, rstd] = tf.engine().runKernel<tf.Tensor[]>(LAYER_NORM_KERNEL, inputs, { eps });
    save([xhat, rstd, g]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xh, rs, gam] = saved;
        const grads = { dy: dy as tf.Tensor, xhat: xh, rstd: rs, gamma: gam };
        const [dx, dg, db] = tf.engine().runKernel<tf.Tensor[]>(LAYER_NORM_GRAD_KERNEL, grads);
        // x and the residual get the same gradient, as two tensors: the engine adds into and disposes each separately
        return res ? [dx, dg, db, dx.clone()] : [dx, dg, db];
      },
    };
  });
  return residual ? f(x, gamma, beta, residual) : f(x, gamma, beta);
}

export function layerNorm(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number, residual?: tf.Tensor): tf.Tensor {
  const float = [x, gamma, beta, residual].every((t) => !t || t.dtype === 'float32');
  const sameShape = !residual || (residual.rank === x.rank && residual.shape.every((d, i) => d === x.shape[i]));
  if (nativeRowKernelsActive() && float && sameShape) return nativeLayerNorm(x, gamma, beta, eps, residual);
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
  return f(residual ? tf.add(x, residual) : x, gamma, beta);
}
