// Explanation bench: integrated gradients per sentence (50 Gauss–Legendre steps, 64 tokens, all
// steps in one batched pass) next to one training-style forward + backward (CE, gradients of every
// weight) over a batch of 50 such sentences, for the tiny and small presets (random weights);
// gradient × input and attention per sentence; UMAP and PCA of 10,000 × 256 embeddings.
// `peer`: one timed repetition instead of three (quicker when the machine is shared).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { explainText } from '../lib/explain/explain-text';
import { parseExplainOptions } from '../lib/explain/options';
import { idsBatch, disposeBatch } from '../lib/explain/text-input';
import { fitPca, pcaTransform } from '../lib/analysis/pca';
import { umapProject } from '../lib/analysis/umap';
import { initBackend } from '../lib/backend/backend';
import { saveCheckpoint } from '../lib/model/checkpoint';
import { loadClassifier } from '../lib/model/classifier';
import { initEncoderWeights } from '../lib/model/random-init';
import { modelSize } from '../lib/model/sizes';
import { specialTokensFor } from '../lib/model/special-tokens';
import { writeTokenizerFiles } from '../lib/model/tokenizer-files';
import type { SequenceClassifier } from '../lib/model/types';
import { Rng } from '../lib/util/random';

const TOKENS = 64;
const BATCH = 50;
const STEPS = 50;
const WORDS = Array.from({ length: 2000 }, (_, i) => `w${i}`);

async function benchModel(size: 'tiny' | 'small', dir: string): Promise<SequenceClassifier> {
  const special = specialTokensFor('bert');
  const vocab = [...special.leading, ...WORDS, ...special.trailing];
  const config = { ...modelSize('bert', size, vocab.length, { maxLength: 128 }), num_labels: 2 };
  const tensors = initEncoderWeights(config, 1, { numLabels: 2, withHead: true });
  try {
    await saveCheckpoint(dir, config, tensors);
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
  writeTokenizerFiles(dir, { vocab, arch: 'bert', lowercase: true, modelMaxLength: config.max_position_embeddings });
  return loadClassifier(dir, { quiet: true });
}

function median(v: number[]): number {
  const s = v.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timed(reps: number, fn: (r: number) => void): number {
  fn(-1); // warm-up
  const ms: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn(r);
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

/** Forward + backward of the CE loss w.r.t. every weight over BATCH sentences of TOKENS tokens. */
function trainingStep(model: SequenceClassifier, texts: string[]): void {
  const rows = texts.map((t) => {
    const tok = model.tokenizer.encode(t, undefined, TOKENS);
    return { ids: tok.ids, typeIds: tok.typeIds };
  });
  const batch = idsBatch(rows, model.tokenizer.padId);
  const labels = tf.tidy(() =>
    tf.oneHot(
      tf.tensor1d(
        texts.map((_, i) => i % 2),
        'int32',
      ),
      2,
    ),
  );
  try {
    const { value, grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(labels, model.forward(batch, { training: true }).logits),
      model.trainableVariables(),
    );
    value.dataSync();
    Object.values(grads).forEach((g) => {
      g.dataSync();
      g.dispose();
    });
    value.dispose();
  } finally {
    disposeBatch(batch);
    labels.dispose();
  }
}

export async function run(opts: { peer?: boolean }): Promise<void> {
  const backend = await initBackend({ quiet: true });
  const reps = opts.peer ? 1 : 3;
  const rng = new Rng(11);
  const sentence = () => Array.from({ length: TOKENS - 2 }, () => WORDS[rng.int(WORDS.length)]).join(' ');
  const texts = Array.from({ length: BATCH }, sentence);
  console.log(`explain: backend ${backend}, sentences of ${TOKENS} tokens, median of ${reps} after a warm-up`);
  console.log(
    `${'model'.padEnd(8)} ${'IG 50 steps'.padStart(12)} ${'train step b50'.padStart(15)} ${'ratio'.padStart(6)} ${'grad x input'.padStart(13)} ${'attention'.padStart(10)}`,
  );
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-lens-bench-explain-'));
  try {
    for (const size of ['tiny', 'small'] as const) {
      const model = await benchModel(size, path.join(tmp, size));
      const ig = parseExplainOptions({ steps: STEPS, maxLength: TOKENS });
      const igMs = timed(reps, (r) => explainText(model, texts[r + 1], 'ig', ig));
      const stepMs = timed(reps, () => trainingStep(model, texts));
      const giMs = timed(reps, (r) => explainText(model, texts[r + 1], 'grad-input', ig));
      const attMs = timed(reps, (r) => explainText(model, texts[r + 1], 'attention', ig));
      const c = model.config;
      console.log(
        `${size.padEnd(8)} ${`${igMs.toFixed(0)} ms`.padStart(12)} ${`${stepMs.toFixed(0)} ms`.padStart(15)} ${(igMs / stepMs).toFixed(2).padStart(6)} ${`${giMs.toFixed(0)} ms`.padStart(13)} ${`${attMs.toFixed(0)} ms`.padStart(10)}   (${c.num_hidden_layers} layers x ${c.hidden_size})`,
      );
      model.dispose();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const n = 10_000;
  const d = 256;
  const centers = Array.from({ length: 6 }, () => rng.normalArray(d, 0, 3));
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = centers[i % 6][j] + rng.normal();
  const m = { data, rows: n, cols: d };
  let t0 = performance.now();
  const u = umapProject(m, { seed: 42 });
  console.log(
    `UMAP ${n} x ${d}: ${((performance.now() - t0) / 1000).toFixed(1)} s (exact kNN + ${u.params.nEpochs} epochs, nNeighbors ${u.params.nNeighbors})`,
  );
  t0 = performance.now();
  pcaTransform(fitPca(m, 2), m);
  console.log(`PCA  ${n} x ${d}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`(tensors alive after the bench: ${tf.memory().numTensors})`);
}

// Direct use: `npx tsx bench/explain.ts [--peer]`.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  await run({ peer: process.argv.includes('--peer') });
}
