// Attention of the first token in the last layer, heads averaged (../attention); the row also keeps
// every layer's and head's first-token attention and the rollout for the dashboard's attention view.
import type { Attributor } from '../attributor';
import { attentionOf, summarizeAttention } from '../attention';

export const attentionMethod: Attributor = {
  attribute(model, input) {
    const summary = summarizeAttention(attentionOf(model, input));
    return { scores: summary.perLayerCls[summary.perLayerCls.length - 1], delta: null, extra: { ...summary } };
  },
};
