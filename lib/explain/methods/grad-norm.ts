// Gradient norm: s_t = ‖∂F/∂x_{t,·}‖₂ at the sentence itself (../grad-input); unsigned.
import type { Attributor } from '../attributor';
import { gradientNorm } from '../grad-input';
import { targetScoreFn, wordEmbeddingsOf } from '../text-input';

export const gradientNormMethod: Attributor = {
  attribute(model, input, target, o) {
    const x = wordEmbeddingsOf(model, input.tok.ids);
    try {
      return { scores: gradientNorm(targetScoreFn(model, input, target, o.output), x).scores, delta: null, extra: null };
    } finally {
      x.dispose();
    }
  },
};
