// Gradient × input: s_t = Σ_d x_{t,d} · ∂F/∂x_{t,d} at the sentence itself (../grad-input).
import type { Attributor } from '../attributor';
import { gradientTimesInput } from '../grad-input';
import { targetScoreFn, wordEmbeddingsOf } from '../text-input';

export const gradientTimesInputMethod: Attributor = {
  attribute(model, input, target, o) {
    const x = wordEmbeddingsOf(model, input.tok.ids);
    try {
      return { scores: gradientTimesInput(targetScoreFn(model, input, target, o.output), x).scores, delta: null, extra: null };
    } finally {
      x.dispose();
    }
  },
};
