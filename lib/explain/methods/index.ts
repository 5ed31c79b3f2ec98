// The registry: one Attributor per explanation method. A Record over ExplainMethod, so a method in
// ../method-list without an implementation here (or one here that the list lacks) is a type error.
import type { Attributor } from '../attributor';
import type { ExplainMethod } from '../method-list';
import { attentionMethod } from './attention';
import { gradientTimesInputMethod } from './grad-input';
import { gradientNormMethod } from './grad-norm';
import { integratedGradientsMethod } from './ig';
import { rolloutMethod } from './rollout';

export const ATTRIBUTORS: Record<ExplainMethod, Attributor> = {
  ig: integratedGradientsMethod,
  'grad-input': gradientTimesInputMethod,
  'grad-norm': gradientNormMethod,
  attention: attentionMethod,
  rollout: rolloutMethod,
};
