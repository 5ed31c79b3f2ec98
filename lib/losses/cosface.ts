// CosFace loss (Wang et al., CVPR 2018) as pytorch-metric-learning v1.6.2 computes it (docs/paper.md
// §5.11; PML losses/cosface_loss.py): target logit cosθ_y − m, every logit scaled by s.
import * as tf from '@tensorflow/tfjs';
import { createLargeMarginLoss } from './large-margin';
import { defineLoss, defineLossSpec, num, type ParamsOf } from './spec';
import type { LossContext, MetricLoss } from './types';

export const spec = defineLossSpec({
  name: 'cosface',
  summary: 'CosFace (Wang et al. 2018): additive cosine margin on class weights',
  order: 12,
  colour: 'vermillion',
  proxies: { layout: 'columns' },
  hyper: {
    margin: num(0.35, 'additive cosine margin', { min: 0 }),
    scale: num(64, 'logit scale s', { min: 0, minExclusive: true }),
  },
});

export function createCosFace(ctx: LossContext, params: ParamsOf<typeof spec>): MetricLoss {
  const m = params.margin;
  return createLargeMarginLoss('cosface', ctx, params, params.scale, (c) => tf.sub<tf.Tensor2D>(c, m));
}

export const loss = defineLoss(spec, createCosFace);
