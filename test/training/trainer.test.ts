// Real training of a micro BERT on a separable toy task: CE and CE + SoftTriple both learn it,
// tensors do not leak across steps, and a diverging loss stops the loop with its reason.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/backend';
import { loadClassifier } from '../../lib/model/classifier';
import { parseTrainConfig, type TrainConfig } from '../../lib/training/config';
import { buildLoss } from '../../lib/training/build-loss';
import { evaluate, lengthBatches } from '../../lib/training/evaluate';
import { DivergenceError, trainLoop } from '../../lib/training/train-loop';
import { writeTinyModel } from './tiny-model';
import { toySentences } from './toy-data';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-trainer-'));
let modelDir = '';
before(async () => {
  await initBackend({ quiet: true });
  modelDir = await writeTinyModel(path.join(dir, 'micro'));
});
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

function config(over: Record<string, unknown>): TrainConfig {
  const r = parseTrainConfig({ dataset: 'TOY', model: 'm', lr: 3e-3, batchSize: 20, epochs: 30, warmupSteps: 3, maxLength: 16, ...over });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.config;
}

async function trainAndEvaluate(cfg: TrainConfig, seed: number) {
  const model = await loadClassifier(modelDir, { numLabels: 2, seed, dropout: cfg.dropout, quiet: true });
  const loss = buildLoss(cfg, 2, model.config.hidden_size, seed);
  const train = toySentences(20, 2, 5);
  const test = toySentences(200, 2, 77);
  const counts: number[] = [];
  const losses: number[] = [];
  try {
    await trainLoop({
      model,
      loss,
      batch: model.tokenizer.encodeBatch(train.texts, undefined, cfg.maxLength),
      labels: train.labels,
      seed,
      options: cfg,
      onStep: (s) => {
        counts.push(tf.memory().numTensors);
        losses.push(s.loss);
      },
    });
    const out = await evaluate(
      model,
      { texts: test.texts, pairs: null },
      { maxLength: cfg.maxLength, batchSize: 64, loss, proxyInference: true },
    );
    const acc = (probs: Float32Array) =>
      test.labels.filter((y, i) => (probs[2 * i + 1] > probs[2 * i] ? 1 : 0) === y).length / test.labels.length;
    return { acc: acc(out.probs), proxyAcc: out.proxyProbs ? acc(out.proxyProbs) : null, counts, losses };
  } finally {
    loss.dispose();
    model.dispose();
  }
}

test('CE alone learns the toy task; tensors stay constant across steps', async () => {
  const before = tf.memory().numTensors;
  const r = await trainAndEvaluate(config({ loss: 'ce' }), 11);
  assert.ok(r.acc >= 0.9, `accuracy ${r.acc}`);
  assert.equal(r.proxyAcc, null);
  assert.ok(r.losses[r.losses.length - 1] < r.losses[0], 'loss went down');
  assert.equal(new Set(r.counts.slice(1)).size, 1, `tensor count changed across steps: ${r.counts.join(',')}`);
  assert.equal(tf.memory().numTensors, before, 'everything disposed');
});

test('CE + SoftTriple learns the toy task, proxy-based inference too', async () => {
  const r = await trainAndEvaluate(config({ loss: 'soft-triple', beta: 0.4, proxyLr: 3e-2 }), 11);
  assert.ok(r.acc >= 0.9, `accuracy ${r.acc}`);
  assert.ok(r.proxyAcc !== null && r.proxyAcc >= 0.9, `proxy accuracy ${r.proxyAcc}`);
  assert.equal(new Set(r.counts.slice(1)).size, 1, `tensor count changed across steps: ${r.counts.join(',')}`);
});

test('a NaN loss stops training with the step and the reason', async () => {
  const poisoned = await writeTinyModel(path.join(dir, 'poison'), { poison: true });
  const model = await loadClassifier(poisoned, { numLabels: 2, seed: 1, quiet: true });
  const cfg = config({ loss: 'ce' });
  const loss = buildLoss(cfg, 2, 32, 1);
  const train = toySentences(8, 2, 5);
  try {
    await assert.rejects(
      trainLoop({
        model,
        loss,
        batch: model.tokenizer.encodeBatch(train.texts, undefined, 16),
        labels: train.labels,
        seed: 1,
        options: cfg,
      }),
      (e: unknown) => e instanceof DivergenceError && /diverged at step 1: loss NaN/.test(e.message),
    );
  } finally {
    loss.dispose();
    model.dispose();
  }
});

test('evaluation batches group similar lengths', () => {
  assert.deepEqual(lengthBatches([5, 2, 9, 2, 7], 2), [[1, 3], [0, 4], [2]]);
});
