// Integrated gradients on the word embeddings (../integrated-gradients for the math), token score
// s_t = Σ_d IG_{t,d} so that Σ_t s_t = F(x) − F(x') + δ. With `steps: 'auto'` the step count grows
// through AUTO_STEPS until the delta is within tolerance (../convergence); the row records the
// steps used and whether the delta is within tolerance.
import * as tf from '@tensorflow/tfjs';
import type { Attributor } from '../attributor';
import { baselineEmbeddings } from '../baselines';
import { AUTO_STEPS, DEFAULT_POINTS_PER_PASS, deltaTolerance } from '../convergence';
import { integratedGradients, type IntegratedGradientsResult } from '../integrated-gradients';
import { targetScoreFn, wordEmbeddingsOf } from '../text-input';

export const integratedGradientsMethod: Attributor = {
  attribute(model, input, target, o) {
    const f = targetScoreFn(model, input, target, o.output);
    const x = wordEmbeddingsOf(model, input.tok.ids);
    const baseline = baselineEmbeddings(o.baseline, input.tok, model);
    try {
      const tries: readonly number[] = o.steps === 'auto' ? AUTO_STEPS : [o.steps];
      let r: IntegratedGradientsResult | undefined;
      let steps = 0;
      let tolerance = 0;
      for (const n of tries) {
        r?.attributions.dispose();
        r = integratedGradients(f, x, baseline, {
          steps: n,
          method: o.quadrature,
          internalBatchSize: o.internalBatchSize ?? DEFAULT_POINTS_PER_PASS,
        });
        steps = n;
        tolerance = deltaTolerance(r.fInput - r.fBaseline, o.output);
        if (Math.abs(r.delta) <= tolerance) break;
      }
      const done = r!;
      const scores = tf.tidy(() => Array.from(tf.sum(done.attributions, 1).dataSync()));
      done.attributions.dispose();
      const gap = done.fInput - done.fBaseline;
      return {
        scores,
        delta: done.delta,
        extra: {
          fInput: done.fInput,
          fBaseline: done.fBaseline,
          relativeDelta: Math.abs(done.delta) / Math.max(Math.abs(gap), 1e-12),
          steps,
          tolerance,
          withinTolerance: Math.abs(done.delta) <= tolerance,
        },
      };
    } finally {
      baseline.dispose();
      x.dispose();
    }
  },
};
