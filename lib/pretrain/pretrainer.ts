// Masked-language-model pretraining of a BERT/RoBERTa encoder, from `model init` or continued from
// any checkpoint (domain-adaptive pretraining). Writes the encoder in Hugging Face format, the MLM
// head separately (`mlm_head.safetensors`) and `trainer_state.json`, every `checkpointEvery` steps;
// `resume` continues from that state. Each step's batch and masks come from a seed derived from
// (seed, step), so a resumed run sees exactly the batches an uninterrupted one would.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/backend';
import { loadClassifier, type Classifier } from '../model/classifier';
import { Rng, deriveSeed } from '../util/random';
import { AdamW, isBiasOrLayerNorm } from '../training/adamw';
import { learningRateAt } from '../training/schedule';
import { encoderParamSpecs } from '../model/weight-names';
import { maskTokens } from './masking';
import { MlmHead } from './mlm-head';
import { encodeCorpus, holdOut, LengthBuckets, packCorpus, type EncodedCorpus } from './batches';
import { evalStep, trainStep } from './mlm-step';
import {
  loadHeadTensors,
  loadOptimizer,
  readState,
  saveEncoder,
  saveHead,
  saveOptimizer,
  writeState,
  type PretrainState,
} from './pretrain-files';

export interface PretrainOptions {
  model: string;
  out: string;
  texts: string[];
  corpusDescription: string[];
  steps: number;
  batchSize: number;
  maxLength: number;
  lr: number;
  warmupSteps: number;
  weightDecay: number;
  maskProbability: number;
  wholeWord: boolean;
  seed: number;
  checkpointEvery: number;
  evalEvery: number;
  resume: boolean;
  /** Pack sentences into full `maxLength` rows (no padding). */
  pack: boolean;
  /** Stop (after a checkpoint) once this run has taken this many steps (the schedule still spans `steps`). */
  stopAfterSteps?: number;
  /** Stop (after a checkpoint) once this many minutes have passed. */
  timeLimitMinutes?: number;
  onProgress?(p: PretrainProgress): void;
}

export interface PretrainProgress {
  step: number;
  totalSteps: number;
  loss: number;
  accuracy: number;
  tokensPerSecond: number;
  etaMs: number;
  heldOut?: { loss: number; accuracy: number };
}

function specialIds(model: Classifier): Set<number> {
  const t = model.tokenizer;
  return new Set([t.padId, t.clsId, t.sepId, t.maskId, t.unkId]);
}

function heldOutMetrics(
  model: Classifier,
  head: MlmHead,
  corpus: EncodedCorpus,
  opts: PretrainOptions,
): { loss: number; accuracy: number } {
  const buckets = new LengthBuckets(corpus, opts.batchSize);
  let loss = 0;
  let correct = 0;
  let predicted = 0;
  for (let i = 0; i < buckets.count; i++) {
    const { batch } = buckets.batch(model.tokenizer.padId, i);
    const masked = maskTokens(batch, new Rng(deriveSeed(opts.seed, `heldout-${i}`)), {
      probability: opts.maskProbability,
      maskId: model.tokenizer.maskId,
      vocabSize: model.config.vocab_size,
      specialIds: specialIds(model),
    });
    const r = evalStep(model, head, batch, masked);
    loss += r.loss * r.predicted;
    correct += r.correct;
    predicted += r.predicted;
  }
  return { loss: loss / Math.max(1, predicted), accuracy: correct / Math.max(1, predicted) };
}

export async function pretrain(opts: PretrainOptions): Promise<PretrainState> {
  await initBackend();
  const previous = opts.resume ? readState(opts.out) : undefined;
  const source = previous ? opts.out : opts.model;
  const model = await loadClassifier(source, { seed: opts.seed, quiet: true });
  const savedHead = loadHeadTensors(previous ? opts.out : opts.model);
  const head = new MlmHead(model.config, savedHead, deriveSeed(opts.seed, 'mlm-head'));
  if (savedHead) tf.dispose(Object.values(savedHead));
  const encoderNames = new Set(encoderParamSpecs(model.config).map((s) => s.name));
  const vars = [...model.trainableVariables().filter((v) => encoderNames.has(model.params.hfName(v))), ...head.variables()];
  const optimizer = new AdamW(vars, {
    weightDecay: opts.weightDecay,
    excludeFromWeightDecay: (v) => isBiasOrLayerNorm(v) || v.name.includes('layer_norm'),
  });
  const headVars = new Set(head.variables());
  const stateKey = (v: tf.Variable) => (headVars.has(v) ? `head:${head.hfName(v)}` : model.params.hfName(v));
  const savedMoments = previous ? loadOptimizer(opts.out) : undefined;
  if (savedMoments) {
    optimizer.importState(savedMoments, stateKey);
    tf.dispose(Object.values(savedMoments.tensors));
  }
  const lrAt = learningRateAt(opts.lr, { kind: 'linear', warmupSteps: opts.warmupSteps, totalSteps: opts.steps });

  const split = holdOut(opts.texts, 100);
  const encoded = encodeCorpus(model.tokenizer, split.train, opts.maxLength);
  const train = opts.pack ? packCorpus(encoded, opts.maxLength, model.tokenizer.clsId, model.tokenizer.sepId) : encoded;
  const heldOut = encodeCorpus(model.tokenizer, split.heldOut.slice(0, 2000), opts.maxLength);
  const buckets = new LengthBuckets(train, opts.batchSize);
  const state: PretrainState = previous ?? {
    step: 0,
    seed: opts.seed,
    startedFrom: path.resolve(opts.model),
    corpus: opts.corpusDescription,
    corpusSentences: train.rows.length,
    corpusTokens: train.tokens,
    tokensSeen: 0,
    elapsedMs: 0,
    history: [],
    options: { ...opts, texts: undefined, onProgress: undefined },
  };
  const specials = specialIds(model);
  const started = Date.now();
  const startStep = state.step;
  const elapsedBefore = state.elapsedMs;
  let window = { loss: 0, correct: 0, predicted: 0, tokens: 0, t0: Date.now(), steps: 0 };
  const checkpoint = async () => {
    state.elapsedMs = elapsedBefore + (Date.now() - started);
    await saveEncoder(model, encoderNames, opts.out, source);
    await saveHead(head, opts.out);
    await saveOptimizer(optimizer.exportState(stateKey), opts.out);
    writeState(opts.out, state);
  };
  try {
    while (state.step < opts.steps) {
      const rng = new Rng(deriveSeed(opts.seed, `step-${state.step}`));
      const { batch, wordIds } = buckets.batch(model.tokenizer.padId, rng);
      const masked = maskTokens(batch, rng, {
        probability: opts.maskProbability,
        maskId: model.tokenizer.maskId,
        vocabSize: model.config.vocab_size,
        specialIds: specials,
        wordIds,
        wholeWord: opts.wholeWord,
      });
      const r = trainStep(model, head, optimizer, vars, batch, masked, lrAt(state.step), deriveSeed(opts.seed, `dropout-${state.step}`));
      if (!Number.isFinite(r.loss)) throw new Error(`pretraining diverged at step ${state.step}: loss ${r.loss}; lower --lr`);
      state.step++;
      const tokens = batch.lengths.reduce((a, b) => a + b, 0);
      state.tokensSeen += tokens;
      window = {
        ...window,
        loss: window.loss + r.loss,
        correct: window.correct + r.correct,
        predicted: window.predicted + r.predicted,
        tokens: window.tokens + tokens,
        steps: window.steps + 1,
      };
      const evalNow = state.step % opts.evalEvery === 0 || state.step === opts.steps;
      const logNow = evalNow || Date.now() - window.t0 > 5000;
      if (logNow) {
        const secs = (Date.now() - window.t0) / 1000;
        const tps = window.tokens / secs;
        const entry: PretrainProgress = {
          step: state.step,
          totalSteps: opts.steps,
          loss: window.loss / window.steps,
          accuracy: window.correct / Math.max(1, window.predicted),
          tokensPerSecond: tps,
          etaMs: ((opts.steps - state.step) * secs * 1000) / window.steps,
        };
        if (evalNow) entry.heldOut = heldOutMetrics(model, head, heldOut, opts);
        state.history.push({ step: entry.step, loss: entry.loss, accuracy: entry.accuracy, tokensPerSecond: tps, heldOut: entry.heldOut });
        opts.onProgress?.(entry);
        window = { loss: 0, correct: 0, predicted: 0, tokens: 0, t0: Date.now(), steps: 0 };
      }
      const outOfTime =
        (opts.timeLimitMinutes !== undefined && Date.now() - started > opts.timeLimitMinutes * 60000) ||
        (opts.stopAfterSteps !== undefined && state.step - startStep >= opts.stopAfterSteps);
      if (state.step % opts.checkpointEvery === 0 || state.step === opts.steps || outOfTime) await checkpoint();
      if (outOfTime) break;
    }
    if (state.step === startStep) await checkpoint();
    state.final = heldOutMetrics(model, head, heldOut, opts);
    writeState(opts.out, state);
    return state;
  } finally {
    optimizer.dispose();
    head.dispose();
    model.dispose();
  }
}

export function pretrainedExists(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'trainer_state.json'));
}
