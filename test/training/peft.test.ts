// Parameter-efficient fine-tuning: LoRA and --train-layers leave frozen parameters bit-identical,
// keep optimizer state only for what trains, and a merged export (in memory or from the saved
// adapter folder) computes the adapted model's outputs; gradient accumulation and activation
// recomputation give the plain step's update; tensor counts do not grow.
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/backend';
import { disposeBatch, toEncodedBatch, tokenBatchFromIds } from '../../lib/model/batch';
import { loadClassifier, type Classifier } from '../../lib/model/classifier';
import { saveLoraAdapter, mergeLoraFolder } from '../../lib/model/lora-files';
import { AdamW } from '../../lib/training/adamw';
import { trainedEncoderParams } from '../../lib/training/fine-tune-plan';
import { applyFineTunePlan, fineTunePlan, type FineTuneConfig } from '../../lib/training/fine-tuning';
import { headParamSpecs } from '../../lib/model/weight-names';
import { trainLoop, type StepPhase, type TrainLoopOptions } from '../../lib/training/train-loop';
import type { TrainingLoss } from '../../lib/training/train-types';
import { maxAbsDiff, tempDir, testConfig, writeRandomCheckpoint } from '../model/helpers';

const ROWS = [
  [0, 9, 14, 22, 2],
  [0, 40, 2],
  [0, 7, 7, 8, 9, 2],
  [0, 50, 51, 2],
];
const LABELS = [0, 1, 2, 1];
const OPTIONS: TrainLoopOptions = {
  epochs: 1,
  steps: 3,
  batchSize: 4,
  lr: 1e-2,
  weightDecay: 0.01,
  excludeBiasLayerNorm: false,
  optimizer: 'torch',
  adamEps: 1e-8,
  beta1: 0.9,
  beta2: 0.999,
  schedule: 'constant',
  warmupSteps: 0,
  maxGradNorm: 1,
};

/** CE only: the loss the trainer needs, without a DML term. */
const ceLoss: TrainingLoss = {
  compute: ({ logits, labels }) => {
    const ce = tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(labels, logits.shape[1]), logits);
    return { total: ce, ce, dml: null };
  },
  trainableWeights: () => [],
  dispose: () => {},
};

const tokens = () => tokenBatchFromIds(ROWS, 1);

async function setup(ft: FineTuneConfig, dropout = 0.1): Promise<{ model: Classifier; dir: string }> {
  const { dir } = await writeRandomCheckpoint(testConfig('roberta', 'micro'), 41, 3);
  const model = await loadClassifier(dir, { quiet: true, seed: 4, dropout });
  applyFineTunePlan(model.params, model.config, fineTunePlan(model.config, ft), 4);
  return { model, dir };
}

function snapshot(model: Classifier): Map<string, Float32Array> {
  return new Map(model.params.names().map((n) => [n, model.params.get(n).dataSync() as Float32Array]));
}

function logits(model: Classifier): Float32Array {
  const enc = toEncodedBatch(tokens());
  const out = tf.tidy(() => model.forward(enc).logits.dataSync() as Float32Array);
  disposeBatch(enc);
  return out;
}

before(() => initBackend({ quiet: true }));

test('LoRA: frozen encoder unchanged, adapters and head train, optimizer state only for them, no tensor growth', async () => {
  const { model } = await setup({ loraRank: 2, loraAlpha: 4, loraTargets: ['query', 'value', 'intermediate'] });
  const before = snapshot(model);
  const trainable = model.trainableVariables();
  assert.equal(trainable.length, 4 + 2 * 3 * model.config.num_hidden_layers); // head (2 dense) + A, B per target and layer
  const headSize = model.params.trainableOf(headParamSpecs(model.config, 3)).reduce((n, v) => n + v.size, 0);
  const plan = fineTunePlan(model.config, { loraRank: 2, loraTargets: ['query', 'value', 'intermediate'] });
  assert.equal(
    trainable.reduce((n, v) => n + v.size, 0),
    trainedEncoderParams(model.config, plan) + headSize,
  ); // the budget counts what trains
  const opt = new AdamW(trainable);
  assert.equal(Object.keys(opt.exportState().tensors).length, 2 * trainable.length);
  opt.dispose();
  const counts: number[] = [];
  const phases: StepPhase[] = [];
  await trainLoop({
    model,
    loss: ceLoss,
    batch: tokens(),
    labels: LABELS,
    seed: 1,
    options: OPTIONS,
    onStep: () => void counts.push(tf.memory().numTensors),
    onPhase: (p) => phases.push(p),
  });
  assert.ok(
    counts.every((c) => c === counts[0]),
    `tensor counts ${counts.join(',')}`,
  );
  assert.deepEqual(
    phases.slice(0, 2).map((p) => p.phase),
    ['forward-backward', 'update'],
  );
  const after = snapshot(model);
  for (const [name, values] of before) {
    if (name.startsWith('classifier.')) assert.ok(maxAbsDiff(values, after.get(name)!) > 0, `${name} did not train`);
    else assert.equal(maxAbsDiff(values, after.get(name)!), 0, `frozen ${name} changed`);
  }
  for (const [, pair] of model.params.adapterEntries()) assert.ok(tf.tidy(() => tf.max(tf.abs(pair.b)).dataSync()[0]) > 0);
  model.dispose();
});

test('LoRA: the merged checkpoint, saved or rebuilt from the adapter folder, equals the adapted model (1e-5)', async () => {
  const { model, dir } = await setup({ loraRank: 3, loraTargets: ['query', 'key', 'value', 'dense', 'intermediate', 'output'] });
  await trainLoop({ model, loss: ceLoss, batch: tokens(), labels: LABELS, seed: 2, options: OPTIONS });
  const adapted = logits(model);
  const out = tempDir('merged');
  await model.save(out);
  const adapterDir = path.join(out, 'adapter');
  await saveLoraAdapter(adapterDir, model.params, model.config, { scale: model.params.adapterEntries()[0][1].scale });
  model.dispose();
  const merged = await loadClassifier(out, { quiet: true });
  assert.ok(maxAbsDiff(adapted, logits(merged)) < 1e-5, `saved merge differs by ${maxAbsDiff(adapted, logits(merged))}`);
  merged.dispose();
  const rebuilt = tempDir('rebuilt');
  const { adapters } = await mergeLoraFolder(dir, adapterDir, rebuilt);
  assert.equal(adapters, 6 * 2);
  const again = await loadClassifier(rebuilt, { quiet: true });
  assert.ok(maxAbsDiff(adapted, logits(again)) < 1e-5);
  again.dispose();
});

test('--train-layers 1: embeddings and the lower layer stay, the top layer and head train', async () => {
  const { model } = await setup({ trainLayers: 1 });
  const before = snapshot(model);
  await trainLoop({ model, loss: ceLoss, batch: tokens(), labels: LABELS, seed: 3, options: OPTIONS });
  const after = snapshot(model);
  for (const [name, values] of before) {
    const trains = name.includes('.layer.1.') || name.startsWith('classifier.');
    const moved = maxAbsDiff(values, after.get(name)!) > 0;
    assert.equal(moved, trains, `${name}: ${moved ? 'changed' : 'unchanged'}`);
  }
  model.dispose();
});

for (const [label, extra] of [
  ['--micro-batch 1', { microBatch: 1 }],
  ['--recompute', { recompute: true }],
  ['--micro-batch 2 --recompute', { microBatch: 2, recompute: true }],
] as const) {
  test(`${label} takes the same step as the whole batch (no dropout)`, async () => {
    const runs: Map<string, Float32Array>[] = [];
    for (const o of [{}, extra]) {
      const { model } = await setup({ trainLayers: 1 }, 0);
      await trainLoop({ model, loss: ceLoss, batch: tokens(), labels: LABELS, seed: 5, options: { ...OPTIONS, steps: 2, ...o } });
      runs.push(snapshot(model));
      model.dispose();
    }
    for (const [name, values] of runs[0]) {
      // the key bias shifts all scores of a query equally: its true gradient is 0, and AdamW's
      // m/√v turns rounding noise into ±lr steps, so it is no test of equal gradients
      if (name.endsWith('attention.self.key.bias')) continue;
      assert.ok(maxAbsDiff(values, runs[1].get(name)!) < 1e-5, `${name} differs by ${maxAbsDiff(values, runs[1].get(name)!)}`);
    }
  });
}

test('--recompute with full fine-tuning and dropout: same gradients as autodiff of the same masks', async () => {
  const { model } = await setup({}, 0.2);
  const enc = toEncodedBatch(tokens());
  const y = tf.oneHot(tf.tensor1d(LABELS, 'int32'), 3);
  const grads = (recompute: boolean) => {
    const { value, grads: g } = tf.variableGrads(
      () =>
        tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(y, model.forward(enc, { training: true, recompute, dropoutSeed: 9 }).logits),
      model.trainableVariables(),
    );
    const out = Object.fromEntries(Object.entries(g).map(([k, t]) => [k, t.dataSync() as Float32Array]));
    tf.dispose([value, ...Object.values(g)]);
    return out;
  };
  const a = grads(true);
  const b = grads(true);
  const start = tf.memory().numTensors;
  grads(true);
  assert.equal(tf.memory().numTensors, start);
  for (const k of Object.keys(a)) assert.ok(maxAbsDiff(a[k], b[k]) === 0, `${k} not deterministic`);
  assert.ok(Object.keys(a).length === model.trainableVariables().length);
  disposeBatch(enc);
  y.dispose();
  model.dispose();
});
