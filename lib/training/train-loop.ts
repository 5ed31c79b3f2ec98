// The optimisation loop of one run: shuffled mini-batches each epoch (HF RandomSampler), the
// combined loss, global-norm clipping, AdamW with a warm-up + decay schedule and an optional
// larger learning rate for loss proxies/centres. Deterministic for a seed on one backend:
// shuffling, dropout and loss initialisation all draw from seeded streams.
import * as tf from '@tensorflow/tfjs';
import { deriveSeed, Rng } from '../util/random';
import { disposeBatch, toEncodedBatch } from '../model/batch';
import type { SequenceClassifier, TokenBatch } from '../model/types';
import { AdamW } from './adamw';
import { clipByGlobalNorm } from './grad-clip';
import { learningRateAt, type ScheduleKind } from './schedule';
import { sliceTokenBatch, type TrainingLoss } from './train-types';

export interface TrainLoopOptions {
  epochs: number;
  steps?: number;
  batchSize: number;
  lr: number;
  proxyLr?: number;
  weightDecay: number;
  excludeBiasLayerNorm: boolean;
  optimizer: 'torch' | 'transformers';
  adamEps: number;
  beta1: number;
  beta2: number;
  schedule: ScheduleKind;
  warmupSteps: number;
  scheduleSteps?: number;
  maxGradNorm: number;
}

export interface StepInfo {
  step: number; // 1-based, steps done
  totalSteps: number;
  epoch: number; // fractional epochs done
  loss: number;
  ce: number;
  dml: number | null;
  lr: number;
  gradNorm: number;
}

/** Raised when the loss or the gradients stop being finite. */
export class DivergenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DivergenceError';
  }
}

export interface TrainLoopInput {
  model: SequenceClassifier;
  loss: TrainingLoss;
  /** The whole training set tokenized once, padded to its longest row (as the authors' tokenizer call). */
  batch: TokenBatch;
  labels: number[];
  seed: number;
  options: TrainLoopOptions;
  /** Called after every step (logging, progress, heartbeats); may throw to stop. */
  onStep?: (info: StepInfo) => void | Promise<void>;
  /** Called synchronously within a step (forward done -> 'backward'), for progress of slow models. */
  onPhase?: (phase: 'forward' | 'backward', step: number) => void;
}

const NO_DECAY = /(\.bias$|LayerNorm\.|layer_norm|LayerNorm$)/;

export function totalStepsOf(trainSize: number, o: Pick<TrainLoopOptions, 'epochs' | 'steps' | 'batchSize'>): number {
  return o.steps ?? o.epochs * Math.ceil(trainSize / o.batchSize);
}

/** Runs the loop; returns the number of steps taken. The optimizer state is disposed at the end. */
export async function trainLoop({ model, loss, batch, labels, seed, options: o, onStep, onPhase }: TrainLoopInput): Promise<number> {
  const n = labels.length;
  const stepsPerEpoch = Math.ceil(n / o.batchSize);
  const totalSteps = totalStepsOf(n, o);
  const proxyVars = loss.trainableWeights();
  const proxyNames = new Set(proxyVars.map((v) => v.name));
  const vars = [...model.trainableVariables(), ...proxyVars];
  const optimizer = new AdamW(vars, {
    beta1: o.beta1, beta2: o.beta2, eps: o.adamEps, weightDecay: o.weightDecay, style: o.optimizer,
    excludeFromWeightDecay: o.excludeBiasLayerNorm ? (v) => NO_DECAY.test(v.name) : undefined,
  });
  const lrAt = learningRateAt(1, { kind: o.schedule, warmupSteps: o.warmupSteps, totalSteps: o.scheduleSteps ?? totalSteps });
  const shuffler = new Rng(deriveSeed(seed, 'shuffle'));
  let order: number[] = [];
  try {
    for (let step = 0; step < totalSteps; step++) {
      const inEpoch = step % stepsPerEpoch;
      if (inEpoch === 0) order = shuffler.shuffle(Array.from({ length: n }, (_, i) => i));
      const rows = order.slice(inEpoch * o.batchSize, (inEpoch + 1) * o.batchSize);
      const factor = lrAt(step);
      onPhase?.('forward', step + 1);
      const { loss: total, ce, dml, gradNorm } = trainStep(model, loss, sliceTokenBatch(batch, rows), rows.map((i) => labels[i]), vars, optimizer, o.maxGradNorm, (v) => factor * (proxyNames.has(v.name) ? o.proxyLr ?? o.lr : o.lr), () => onPhase?.('backward', step + 1));
      if (!Number.isFinite(total) || !Number.isFinite(gradNorm)) {
        const what = Number.isFinite(total) ? `gradient norm ${gradNorm} (loss ${total})` : `loss ${total}`;
        throw new DivergenceError(`training diverged at step ${step + 1}: ${what} (try a smaller learning rate)`);
      }
      await onStep?.({ step: step + 1, totalSteps, epoch: (step + 1) / stepsPerEpoch, loss: total, ce, dml, lr: factor * o.lr, gradNorm });
    }
  } finally {
    optimizer.dispose();
  }
  return totalSteps;
}

/** One optimisation step; returns the loss terms and the gradient norm before clipping. */
function trainStep(model: SequenceClassifier, loss: TrainingLoss, tokens: TokenBatch, labels: number[], vars: tf.Variable[], optimizer: AdamW, maxGradNorm: number, lr: (v: tf.Variable) => number, onBackward?: () => void) {
  const enc = toEncodedBatch(tokens);
  const y = tf.tensor1d(labels, 'int32');
  let terms: tf.Tensor[] = [];
  try {
    const { value, grads } = tf.variableGrads(() => {
      const out = model.forward(enc, { training: true });
      const r = loss.compute({ logits: out.logits, hidden: out.lastHiddenState, attentionMask: enc.attentionMask, labels: y });
      terms = [tf.keep(r.ce.clone()), ...(r.dml ? [tf.keep(r.dml.clone())] : [])];
      onBackward?.();
      return r.total;
    }, vars);
    const total = value.dataSync()[0];
    value.dispose();
    const [ce, dml] = terms.map((t) => t.dataSync()[0]);
    const gradNorm = Number.isFinite(total) ? clipByGlobalNorm(grads, maxGradNorm) : NaN;
    if (Number.isFinite(total) && Number.isFinite(gradNorm)) optimizer.applyGradients(grads, lr);
    tf.dispose(grads);
    return { loss: total, ce, dml: dml ?? null, gradNorm };
  } finally {
    tf.dispose(terms);
    y.dispose();
    disposeBatch(enc);
  }
}
