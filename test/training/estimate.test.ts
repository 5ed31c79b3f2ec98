// The cost estimate against the measured time (tiny and small shapes, within 30 %), and the memory
// budget: full fine-tuning of RoBERTa-large refused on wasm with the numbers and the options that
// fit, LoRA fitting; a large-shape checkpoint (2 of its 24 layers) trained with LoRA inside the budget.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/backend';
import { loadClassifier } from '../../lib/model/classifier';
import { makeConfig } from '../../lib/model/config';
import { buildLoss } from '../../lib/training/build-loss';
import { calibrate } from '../../lib/training/calibrate';
import { parseTrainConfig, type TrainConfig } from '../../lib/training/config';
import { estimateCost } from '../../lib/training/cost-estimate';
import { applyFineTunePlan, fineTunePlan } from '../../lib/training/fine-tuning';
import { estimateTrainingMemory, memoryRefusal, WASM_HEAP_LIMIT } from '../../lib/training/memory-budget';
import { trainLoop } from '../../lib/training/train-loop';
import { tempDir, writeRandomCheckpoint } from '../model/helpers';
import { tokenBatchFromIds } from '../../lib/model/batch';

process.env.DML_LENS_HOME = tempDir('estimate-home');
let backend = '';
before(async () => {
  backend = await initBackend({ quiet: true });
});

function trainConfig(extra: Record<string, unknown>): TrainConfig {
  const parsed = parseTrainConfig({
    dataset: 'MR',
    model: 'x',
    loss: 'soft-triple',
    batchSize: 8,
    maxLength: 24,
    warmupSteps: 0,
    ...extra,
  });
  assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
  return parsed.config;
}

const ROBERTA_LARGE = makeConfig('roberta', 'small', 50265, {
  num_hidden_layers: 24,
  hidden_size: 1024,
  num_attention_heads: 16,
  intermediate_size: 4096,
  max_position_embeddings: 514,
  pad_token_id: 1,
});

// Wall-clock timing on a shared machine is noisy: a calibration that lands on a busy moment is off
// for reasons that are not the estimator's. Each try calibrates afresh right before measuring; the
// estimate must be within 30 % on one of three tries (every try's figures are in the message).
for (const size of ['tiny', 'small'] as const) {
  test(`estimate within 30 % of the measured training time (${size} shape)`, async () => {
    const config = makeConfig('bert', size, 2000);
    const { dir } = await writeRandomCheckpoint(config, 3, 2);
    const t = trainConfig({});
    const steps = 6;
    const tries: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      await calibrate(dir, t, 2, 2);
      const e = estimateCost(backend, config, t, 1, steps, 2);
      assert.equal(e.source, 'calibrated');
      const model = await loadClassifier(dir, { quiet: true, numLabels: 2 });
      const loss = buildLoss(t, 2, config.hidden_size, 0);
      const rows = Array.from({ length: 8 }, (_, i) => Array.from({ length: 24 }, (_, j) => 5 + ((i * 31 + j * 7) % 1990)));
      const t0 = performance.now();
      await trainLoop({
        model,
        loss,
        batch: tokenBatchFromIds(rows, 0),
        labels: rows.map((_, i) => i % 2),
        seed: 1,
        options: { ...t, steps },
      });
      const measured = (performance.now() - t0) / 1000;
      loss.dispose();
      model.dispose();
      const predicted = e.hours * 3600;
      tries.push(`estimated ${predicted.toFixed(2)} s, measured ${measured.toFixed(2)} s`);
      if (Math.abs(predicted - measured) / measured <= 0.3) return;
    }
    assert.fail(`no try within 30 %: ${tries.join('; ')}`);
  });
}

test('full fine-tuning of RoBERTa-large is refused on wasm with the numbers; LoRA fits and is offered', () => {
  const o = { batchSize: 16, maxLength: 64, numLabels: 2 };
  const full = estimateTrainingMemory(ROBERTA_LARGE, o);
  assert.ok(full.total > WASM_HEAP_LIMIT && full.totalParams > 350e6, `${full.total} bytes, ${full.totalParams} params`);
  const message = memoryRefusal(ROBERTA_LARGE, o, 'wasm', 'roberta-large')!;
  assert.match(message, /^training roberta-large needs ~\d+\.\d+ GiB \(weights 1\.3\d GiB, gradients 1\.3\d GiB, AdamW state 2\.6\d GiB/);
  assert.match(
    message,
    /more than the wasm backend \(4 GiB heap, less the allocator overhead\) offers \(3\.33 GiB\); options that fit: .*--lora-rank 8 --micro-batch 4 --recompute/,
  );
  const withLora = { ...o, loraRank: 8, microBatch: 4, recompute: true };
  assert.equal(memoryRefusal(ROBERTA_LARGE, withLora, 'wasm', 'roberta-large'), null);
  const lora = estimateTrainingMemory(ROBERTA_LARGE, withLora);
  assert.ok(lora.trainableParams < 3e6 && lora.total < full.total / 3);
});

test('a RoBERTa-large-shaped checkpoint (2 layers) trains with LoRA; only adapters and head change; memory bounded', async () => {
  const config = { ...ROBERTA_LARGE, num_hidden_layers: 2 };
  const { dir } = await writeRandomCheckpoint(config, 8, 2);
  const t = trainConfig({ loss: 'ce', loraRank: 4, batchSize: 4, maxLength: 16, steps: 2 });
  assert.equal(memoryRefusal(config, { ...t, numLabels: 2 }, 'wasm', 'large-2'), null);
  const model = await loadClassifier(dir, { quiet: true, numLabels: 2 });
  applyFineTunePlan(model.params, model.config, fineTunePlan(model.config, t), 1);
  const word = model.params.get('roberta.embeddings.word_embeddings.weight');
  const before = tf.tidy(() => tf.sum(tf.abs(word)).dataSync()[0]);
  const loss = buildLoss(t, 2, config.hidden_size, 0);
  const rows = Array.from({ length: 4 }, (_, i) => [0, ...Array.from({ length: 14 }, (_, j) => 5 + i * 100 + j), 2]);
  let peak = 0;
  await trainLoop({
    model,
    loss,
    batch: tokenBatchFromIds(rows, 1),
    labels: [0, 1, 0, 1],
    seed: 1,
    options: { ...t, steps: 2 },
    onPhase: () => void (peak = Math.max(peak, tf.memory().numBytes)),
  });
  assert.equal(
    tf.tidy(() => tf.sum(tf.abs(word)).dataSync()[0]),
    before,
  );
  const budget = estimateTrainingMemory(config, { ...t, numLabels: 2 }).total;
  assert.ok(peak <= budget, `peak tensor bytes ${peak} above the estimate ${budget}`);
  loss.dispose();
  model.dispose();
});
