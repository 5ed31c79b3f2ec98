// CosFace loss (Wang et al., CVPR 2018) as pytorch-metric-learning v1.6.2 computes it (PAPER.md
// §5.11; PML losses/cosface_loss.py): target logit cosθ_y − m, every logit scaled by s.
import * as tf from '@tensorflow/tfjs';
import { createLargeMarginLoss } from './large-margin';
import type { LossContext, LossParams, MetricLoss } from './types';

export function createCosFace(ctx: LossContext, params: LossParams): MetricLoss {
  const m = params.margin as number;
  return createLargeMarginLoss('cosface', ctx, params, params.scale as number, (c) => tf.sub(c, m) as tf.Tensor2D);
}
