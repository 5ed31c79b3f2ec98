// Cheap gradient attributions: one forward + backward pass at the input itself.
//   gradient × input (Shrikumar et al. 2016; Captum InputXGradient; LIT "Grad·Input"):
//     s_t = Σ_d x_{t,d} · ∂F/∂x_{t,d}            (signed; equals IG with a zero baseline when F is linear)
//   gradient norm (LIT "Grad L2 norm"; inseq saliency with "vnorm"):
//     s_t = ‖∂F/∂x_{t,·}‖₂                        (unsigned; no completeness)
// x = word embeddings [L, D]; F = the pinned-class score (./text-input).
import * as tf from '@tensorflow/tfjs';
import type { BatchScalarFn } from './integrated-gradients';

export interface GradientScores {
  /** Per-token scores [L]. */
  scores: number[];
  /** F(x). */
  value: number;
}

function withGradient(f: BatchScalarFn, input: tf.Tensor2D, reduce: (grad: tf.Tensor2D) => tf.Tensor1D): GradientScores {
  return tf.tidy(() => {
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => f(x).sum())(input.expandDims(0));
    const scores = reduce(grad.squeeze<tf.Tensor2D>([0]));
    return { scores: Array.from(scores.dataSync()), value: value.dataSync()[0] };
  });
}

/** Signed Σ_d x·∂F/∂x per token. */
export function gradientTimesInput(f: BatchScalarFn, input: tf.Tensor2D): GradientScores {
  return withGradient(f, input, (g) => tf.sum<tf.Tensor1D>(tf.mul(g, input), 1));
}

/** ‖∂F/∂x_t‖₂ per token. */
export function gradientNorm(f: BatchScalarFn, input: tf.Tensor2D): GradientScores {
  return withGradient(f, input, (g) => tf.norm(g, 'euclidean', 1) as tf.Tensor1D);
}
