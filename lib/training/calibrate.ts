// The short calibration behind the cost estimate: a few real training steps of this model, with
// this config's loss and fine-tuning options, at its batch and sequence length on this machine's
// backend; seconds per step (the first, warm-up step left out) cached in cost-estimate.ts's file.
import { initBackend } from '../backend/backend';
import { loadClassifier } from '../model/classifier';
import type { TokenBatch } from '../model/types';
import { Rng } from '../util/random';
import { buildLoss } from './build-loss';
import type { TrainConfig } from './config';
import { calibrationKey, storeCalibration, trainStepFlops, type Calibration } from './cost-estimate';
import { applyFineTunePlan, fineTunePlan, halfWeightsOnLoad } from './fine-tuning';
import { trainLoop } from './train-loop';

/** Random full-length rows (ids above the special tokens): the cost of a step does not depend on the text. */
function randomBatch(rows: number, seqLen: number, vocab: number): TokenBatch {
  const rng = new Rng(7);
  const ids = new Int32Array(rows * seqLen).map(() => 5 + rng.int(vocab - 5));
  return {
    inputIds: ids,
    attentionMask: new Int32Array(rows * seqLen).fill(1),
    tokenTypeIds: new Int32Array(rows * seqLen),
    batchSize: rows,
    seqLen,
    lengths: Array<number>(rows).fill(seqLen),
  };
}

/**
 * Measures `steps` timed steps (after one warm-up) of `config` (maxLength = the padded length the
 * runs will see) and stores the result. Returns the calibration.
 */
export async function calibrate(modelPath: string, config: TrainConfig, numLabels: number, steps = 2): Promise<Calibration> {
  const backend = await initBackend({ quiet: true });
  const model = await loadClassifier(modelPath, {
    numLabels,
    seed: 0,
    dropout: config.dropout,
    quiet: true,
    halfWeights: halfWeightsOnLoad(config),
  });
  const loss = buildLoss(config, numLabels, model.config.hidden_size, 0);
  try {
    applyFineTunePlan(model.params, model.config, fineTunePlan(model.config, config), 0, config.weightsDtype);
    const rows = config.batchSize;
    const batch = randomBatch(rows, config.maxLength, model.config.vocab_size);
    const labels = Array.from({ length: rows }, (_, i) => i % numLabels);
    const stamps: number[] = [];
    await trainLoop({
      model,
      loss,
      batch,
      labels,
      seed: 0,
      options: { ...config, steps: steps + 1, warmupSteps: 0 },
      onStep: () => void stamps.push(performance.now()),
    });
    const secondsPerStep = (stamps[stamps.length - 1] - stamps[0]) / 1000 / steps;
    const cal: Calibration = {
      key: calibrationKey(backend, model.config, config),
      backend,
      secondsPerStep,
      flopsPerStep: trainStepFlops(model.config, rows, config.maxLength),
      measuredAt: new Date().toISOString(),
    };
    storeCalibration(cal);
    return cal;
  } finally {
    loss.dispose();
    model.dispose();
  }
}
