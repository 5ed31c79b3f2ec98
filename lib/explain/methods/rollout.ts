// Attention rollout (Abnar & Zuidema 2020, §3; ../rollout): the first-token row of Â_L ⋯ Â_1.
import type { Attributor } from '../attributor';
import { attentionOf, summarizeAttention } from '../attention';

export const rolloutMethod: Attributor = {
  attribute(model, input) {
    const summary = summarizeAttention(attentionOf(model, input));
    return { scores: summary.rollout, delta: null, extra: { ...summary } };
  },
};
