// Two ways to keep fewer activations alive during a gradient computation, both through
// tf.customGrad (whose forward runs with the tape off and frees its intermediates):
//   withoutGradient  a frozen prefix (embeddings and lower layers nobody trains): no tape at all.
//   recomputed       activation recomputation (Chen et al. 2016, arXiv 1604.06174 §3): a layer keeps
//                    only its input; its backward runs the layer's forward again under a tape and
//                    differentiates that, trading one extra forward per layer for its activations.
import * as tf from '@tensorflow/tfjs';

/** f() computed with no gradient flowing into it (its inputs get none). */
export function withoutGradient<T extends tf.Tensor>(f: () => T): T {
  const anchor = tf.scalar(0);
  const run = tf.customGrad((a) => ({ value: f(), gradFunc: () => tf.zerosLike(a as tf.Tensor) }));
  const out = run(anchor);
  anchor.dispose();
  return out;
}

interface EngineTape {
  state: { activeTape: unknown };
  gradients(
    f: () => tf.Tensor,
    xs: tf.Tensor[],
    dy?: tf.Tensor,
    allowNoGradients?: boolean,
  ): { value: tf.Tensor; grads: (tf.Tensor | undefined)[] };
}

/**
 * y = f(x), differentiable in x and `vars`, storing only x. `f` must be deterministic (dropout
 * re-seeded identically on each call). The backward's own tape is nested inside the outer
 * backward, so the outer tape is put back afterwards (tfjs clears it when a depth-0 tape ends).
 */
export function recomputed(f: (x: tf.Tensor3D) => tf.Tensor3D, x: tf.Tensor3D, vars: tf.Variable[]): tf.Tensor3D {
  const run = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor3D;
    (args[args.length - 1] as tf.GradSaveFunc)([input]);
    return {
      value: f(input),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const engine = tf.engine() as unknown as EngineTape;
        const outer = engine.state.activeTape;
        const xs = saved[0];
        try {
          const { value, grads } = engine.gradients(
            () => tf.sum(tf.mul(f(xs as tf.Tensor3D), dy as tf.Tensor)),
            [xs, ...vars],
            undefined,
            true,
          );
          value.dispose();
          return grads.map((g, i) => g ?? tf.zerosLike(i === 0 ? xs : vars[i - 1]));
        } finally {
          engine.state.activeTape = outer;
        }
      },
    };
  });
  return run(x, ...vars);
}
