// The combined loss of a train config: L = beta * CE + (1 - beta) * DML (lib/losses/combined.ts,
// docs/paper.md §4.2), its DML hyper-parameters from the config's loss preset plus overrides.
import { createCombinedLoss } from '../losses/combined';
import { deriveSeed } from '../util/random';
import type { TrainConfig } from './config';
import { isTrainLoss } from './loss-catalog';
import type { TrainingLoss } from './train-types';

export function buildLoss(config: TrainConfig, numClasses: number, embeddingSize: number, seed: number): TrainingLoss {
  const loss = config.loss;
  if (!isTrainLoss(loss)) throw new Error(`unknown loss "${String(loss)}" in a validated config`); // the schema refines it
  const ce = loss === 'ce';
  return createCombinedLoss({
    loss,
    beta: ce ? 1 : config.beta,
    tokens: config.tokens,
    numClasses,
    embeddingSize,
    seed: deriveSeed(seed, 'loss'),
    preset: config.lossPreset,
    params: ce ? undefined : config.lossParams,
  });
}
