// The combined loss of a train config: L = beta * CE + (1 - beta) * DML (lib/losses/combined.ts).
import { createCombinedLoss } from '../losses/combined';
import { deriveSeed } from '../util/random';
import type { TrainConfig } from './config';
import { resolvedLossParams } from './loss-catalog';
import type { TrainingLoss } from './train-types';

export function buildLoss(config: TrainConfig, numClasses: number, embeddingSize: number, seed: number): TrainingLoss {
  return createCombinedLoss({
    loss: config.loss as Parameters<typeof createCombinedLoss>[0]['loss'],
    beta: config.beta,
    tokens: config.tokens,
    numClasses,
    embeddingSize,
    seed: deriveSeed(seed, 'loss'),
    params: resolvedLossParams(config.loss, config.lossPreset, config.lossParams),
  }) as TrainingLoss;
}
