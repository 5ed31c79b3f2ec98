// Gradient clipping by global norm, as torch.nn.utils.clip_grad_norm_ (HF Trainer, max_grad_norm 1.0):
//   total = sqrt(sum_i ||g_i||^2);  coef = maxNorm / (total + 1e-6);  g_i <- g_i * min(coef, 1)
import * as tf from '@tensorflow/tfjs';
import { sumOfSquares } from '../backend/heap-adamw';
import { heapView } from '../backend/heap-views';

/**
 * The global L2 norm of the gradients, read back as a number (also how NaN/inf is detected). On
 * wasm one pass over each gradient's heap memory; elsewhere each square is reduced at once, so only
 * one gradient-sized temporary is alive at a time.
 */
export function globalNorm(grads: tf.NamedTensorMap): number {
  const views = Object.values(grads).map(heapView);
  if (views.every((v) => v !== undefined)) return Math.sqrt(views.reduce((s, v) => s + sumOfSquares(v), 0));
  const parts = Object.values(grads).map((g) => tf.tidy(() => tf.sum(tf.square(g))));
  const sq = tf.addN(parts);
  tf.dispose(parts);
  const total = Math.sqrt(sq.dataSync()[0]);
  sq.dispose();
  return total;
}

/**
 * Scales the gradients in place of the map (old tensors disposed) so their global norm is at most
 * maxNorm; maxNorm 0 disables clipping. Returns the norm before clipping.
 */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): number {
  const total = globalNorm(grads);
  const coef = clipCoefficient(total, maxNorm);
  if (coef === 1) return total;
  for (const name of Object.keys(grads)) {
    const old = grads[name];
    grads[name] = tf.mul(old, coef);
    old.dispose();
  }
  return total;
}

/** The factor clipping scales gradients by: min(1, maxNorm / (norm + 1e-6)); 1 when off or not finite. */
export function clipCoefficient(norm: number, maxNorm: number): number {
  if (!(maxNorm > 0) || !Number.isFinite(norm)) return 1;
  return Math.min(1, maxNorm / (norm + 1e-6));
}
