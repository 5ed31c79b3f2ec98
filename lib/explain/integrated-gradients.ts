// Integrated gradients (Sundararajan, Taly & Yan 2017, "Axiomatic Attribution for Deep Networks"),
// shaped like Captum's IntegratedGradients.attribute (captum/attr/_core/integrated_gradients.py):
//   IG_i(x) = (x_i − x'_i) · ∫₀¹ ∂F(x' + α(x − x'))/∂x_i dα  ≈  (x_i − x'_i) · Σ_k w_k ∂F(x' + α_k(x − x'))/∂x_i
// with (α_k, w_k) from ./quadrature. Completeness: Σ_i IG_i = F(x) − F(x'); Captum's convergence delta
//   δ = Σ_i IG_i − (F(x) − F(x'))
// is returned with every attribution. All interpolation points of a chunk (`internalBatchSize`,
// default: all `steps` at once) go through ONE batched forward + backward pass.
import * as tf from '@tensorflow/tfjs';
import { UserError } from '../errors';
import { quadrature, type Quadrature } from './quadrature';

/** A batched scalar function: [N, ...shape] → [N] (e.g. the pinned-class logit of N inputs). */
export type BatchScalarFn = (x: tf.Tensor) => tf.Tensor1D;

export interface IntegratedGradientsOptions {
  /** Number of integrand evaluations (Captum `n_steps`). Default 50. */
  steps?: number;
  /** Quadrature rule (Captum `method`). Default 'gausslegendre'. */
  method?: Quadrature;
  /** Interpolation points per forward/backward pass (Captum `internal_batch_size`). Default: steps. */
  internalBatchSize?: number;
  /** false: return the path-integrated gradient only, without × (x − x') (Captum `multiply_by_inputs`). */
  multiplyByInputs?: boolean;
}

export interface IntegratedGradientsResult {
  /** Same shape as the input; the caller disposes it. */
  attributions: tf.Tensor;
  /** Σ attributions − (F(x) − F(x')); NaN when multiplyByInputs is false. */
  delta: number;
  fInput: number;
  fBaseline: number;
}

/** IG of one input (no batch dimension) against one baseline of the same shape. */
export function integratedGradients(
  f: BatchScalarFn,
  input: tf.Tensor,
  baseline: tf.Tensor,
  opts: IntegratedGradientsOptions = {},
): IntegratedGradientsResult {
  const steps = opts.steps ?? 50;
  const method = opts.method ?? 'gausslegendre';
  const chunk = Math.max(1, Math.min(opts.internalBatchSize ?? steps, steps));
  if (!Number.isInteger(chunk)) throw new UserError(`internalBatchSize must be an integer, got ${opts.internalBatchSize}`);
  if (input.shape.join() !== baseline.shape.join()) {
    throw new UserError(`IG baseline shape [${baseline.shape.join(',')}] differs from the input shape [${input.shape.join(',')}]`);
  }
  const { alphas, weights } = quadrature(method, steps);
  const expand = [1, ...input.shape.map(() => 1)]; // broadcast a per-point scalar over the input dims
  const sumF = (x: tf.Tensor) => f(x).sum();
  const gradOf = tf.grad(sumF);

  const diff = tf.sub(input, baseline);
  let integrated: tf.Tensor = tf.zerosLike(input);
  try {
    for (let start = 0; start < steps; start += chunk) {
      const end = Math.min(steps, start + chunk);
      const m = end - start;
      const next = tf.tidy(() => {
        const a = tf.tensor1d(alphas.slice(start, end)).reshape([m, ...expand.slice(1)]);
        const w = tf.tensor1d(weights.slice(start, end)).reshape([m, ...expand.slice(1)]);
        // points: [m, ...shape] = x' + α_k (x − x')
        const points = tf.add(baseline.expandDims(0), tf.mul(a, diff.expandDims(0)));
        const grads = gradOf(points); // [m, ...shape], ∂F/∂x at each point
        return tf.add(integrated, tf.sum(tf.mul(grads, w), 0)); // Σ_k w_k g_k
      });
      integrated.dispose();
      integrated = next;
    }
    const ends = tf.tidy(() => f(tf.stack([input, baseline])));
    const [fInput, fBaseline] = Array.from(ends.dataSync());
    ends.dispose();
    const multiply = opts.multiplyByInputs ?? true;
    const attributions = multiply ? tf.mul(integrated, diff) : integrated.clone();
    const total = multiply ? tf.tidy(() => tf.sum(attributions).dataSync()[0]) : NaN;
    return { attributions, delta: total - (fInput - fBaseline), fInput, fBaseline };
  } finally {
    integrated.dispose();
    diff.dispose();
  }
}
