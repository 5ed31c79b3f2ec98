import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/backend';
import { loadClassifier } from '../../lib/model/classifier';
import { pretrain, type PretrainOptions } from '../../lib/pretrain/pretrainer';
import { readState, HEAD_FILE } from '../../lib/pretrain/pretrain-files';
import { parseSafetensors } from '../../lib/model/safetensors';
import { writeTinyModel } from '../training/tiny-model';
import { toySentences } from '../training/toy-data';
import type { EncoderConfig } from '../../lib/model/types';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-lens-pretrain-'));
const texts = toySentences(300, 3, 3).texts;

function options(out: string, model: string, extra: Partial<PretrainOptions> = {}): PretrainOptions {
  return {
    model,
    out,
    texts,
    corpusDescription: ['toy: 300 sentences'],
    steps: 6,
    batchSize: 8,
    maxLength: 24,
    lr: 1e-3,
    warmupSteps: 2,
    weightDecay: 0.01,
    maskProbability: 0.15,
    wholeWord: false,
    seed: 3,
    checkpointEvery: 100,
    evalEvery: 100,
    resume: false,
    pack: true,
    ...extra,
  };
}

function weights(dir: string): Map<string, Float32Array> {
  const file = path.join(dir, 'model.safetensors');
  const { entries } = parseSafetensors(fs.readFileSync(file), file);
  return new Map(entries.map((e) => [e.name, e.read()]));
}

test('pretraining writes an HF encoder, a separate MLM head and its state; the encoder loads for fine-tuning', async () => {
  await initBackend({ quiet: true });
  const init = await writeTinyModel(path.join(tmp, 'init'));
  const out = path.join(tmp, 'a');
  const before = tf.memory().numTensors;
  const state = await pretrain(options(out, init, { steps: 20, lr: 3e-3, evalEvery: 5 }));
  assert.equal(tf.memory().numTensors, before, 'pretraining leaked tensors');
  assert.equal(state.step, 20);
  assert.ok(state.final && Number.isFinite(state.final.loss));
  const first = state.history[0];
  const last = state.history[state.history.length - 1];
  assert.ok(last.loss < first.loss, `MLM loss should fall: ${first.loss} → ${last.loss}`);
  for (const f of ['config.json', 'model.safetensors', HEAD_FILE, 'tokenizer.json', 'trainer_state.json'])
    assert.ok(fs.existsSync(path.join(out, f)), f);
  const names = [...weights(out).keys()];
  assert.ok(
    names.every((n) => n.startsWith('bert.')),
    'encoder file holds only encoder weights',
  );
  const config = JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8')) as EncoderConfig;
  assert.deepEqual(config.architectures, ['BertForMaskedLM']);
  const model = await loadClassifier(out, { numLabels: 2, quiet: true });
  model.dispose();
  // continued pretraining from that folder picks up its MLM head and leaks nothing
  const again = tf.memory().numTensors;
  await pretrain(options(path.join(tmp, 'continued'), out, { steps: 2 }));
  assert.equal(tf.memory().numTensors, again);
});

test('a run stopped and resumed ends with exactly the weights of an uninterrupted run', async () => {
  const init = path.join(tmp, 'init');
  const full = path.join(tmp, 'full');
  const parts = path.join(tmp, 'parts');
  await pretrain(options(full, init));
  await pretrain(options(parts, init, { stopAfterSteps: 3 }));
  assert.equal(readState(parts)?.step, 3);
  await pretrain(options(parts, init, { resume: true }));
  assert.equal(readState(parts)?.step, 6);
  const a = weights(full);
  const b = weights(parts);
  for (const [name, values] of a) {
    const other = b.get(name)!;
    let maxDiff = 0;
    for (let i = 0; i < values.length; i++) maxDiff = Math.max(maxDiff, Math.abs(values[i] - other[i]));
    assert.ok(maxDiff < 1e-6, `${name} differs by ${maxDiff}`);
  }
});

test('an empty corpus and a test split are refused with clear messages', async () => {
  const { loadCorpus } = await import('../../lib/pretrain/corpus');
  const { createTestDb } = await import('../helpers/db');
  const t = await createTestDb();
  try {
    await assert.rejects(loadCorpus(t.db, { datasets: ['MR'], splits: ['train', 'test'] }), /test split is refused/);
    await assert.rejects(loadCorpus(t.db, { datasets: ['NOPE'] }), /"NOPE" is not imported/);
    const empty = path.join(tmp, 'empty.txt');
    fs.writeFileSync(empty, '\n\n');
    await assert.rejects(loadCorpus(t.db, { files: [empty] }), /empty\.txt: corpus file has no text lines/);
  } finally {
    await t.cleanup();
  }
});
