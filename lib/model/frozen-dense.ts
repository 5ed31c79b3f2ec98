// y = x W + b for a frozen W held in 16 bits (half-weights.ts). W is expanded to float32 for the
// product and freed right after, and again in the backward for dx = dy Wᵀ; nothing is saved for
// the backward (W and b get no gradient, and dx does not need x), so at most one expanded weight
// is alive at a time instead of every layer's float32 copy.
import * as tf from '@tensorflow/tfjs';
import { linear } from '../backend/fast-matmul';
import type { HalfTensor } from './half-weights';

/** x [..., in] → [..., out] with W [in, out] from 16-bit storage and a float32 bias (no gradient to either). */
export function frozenHalfLinear(x: tf.Tensor, w: HalfTensor, bias?: tf.Tensor1D): tf.Tensor {
  const [inner, outer] = w.shape;
  if (x.shape[x.rank - 1] !== inner) throw new Error(`frozenHalfLinear: input width ${x.shape[x.rank - 1]} is not the weight's ${inner}`);
  const lead = x.shape.slice(0, -1);
  const run = tf.customGrad((input) => {
    const W = w.expand() as tf.Tensor2D;
    const value = linear(input as tf.Tensor, W, bias);
    W.dispose();
    return {
      value,
      gradFunc: (dy) => {
        const W2 = w.expand() as tf.Tensor2D;
        const dx = tf.matMul(dy.reshape<tf.Tensor2D>([-1, outer]), W2, false, true);
        W2.dispose();
        return dx.reshape((input as tf.Tensor).shape);
      },
    };
  });
  return run(x).reshape([...lead, outer]);
}
