// A tiny BERT written to a temp folder with the model library (random weights, a word-level
// vocabulary covering the toy task): fast enough to train for real in tests.
import fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { makeConfig } from '../../lib/model/config';
import { saveCheckpoint } from '../../lib/model/checkpoint';
import { initEncoderWeights } from '../../lib/model/random-init';
import { specialTokensFor } from '../../lib/model/special-tokens';
import { writeTokenizerFiles } from '../../lib/model/tokenizer-files';
import { toySentences } from './toy-data';

/** Micro size for tests: 2 layers x 32 hidden, 2 heads, FFN 64 (HF ModelTester scale). */
export const MICRO = { num_hidden_layers: 2, hidden_size: 32, num_attention_heads: 2, intermediate_size: 64 };

/** `poison`: NaN word embeddings, so the first training step diverges (the divergence test). */
export async function writeTinyModel(
  dir: string,
  opts: { seed?: number; size?: Partial<typeof MICRO>; maxPositions?: number; poison?: boolean } = {},
): Promise<string> {
  const words = new Set<string>();
  for (const t of toySentences(600, 3, 3).texts) for (const w of t.split(' ')) words.add(w);
  ['movie', 'film', 'plot', 'it', 'is'].forEach((w) => words.add(w));
  const special = specialTokensFor('bert');
  const vocab = [...special.leading, ...[...words].sort(), ...special.trailing];
  const config = makeConfig('bert', 'tiny', vocab.length, { ...MICRO, ...opts.size, max_position_embeddings: opts.maxPositions ?? 64 });
  const tensors = initEncoderWeights(config, opts.seed ?? 1);
  if (opts.poison) {
    const key = 'bert.embeddings.word_embeddings.weight';
    const old = tensors[key];
    tensors[key] = tf.fill(old.shape, NaN);
    old.dispose();
  }
  fs.mkdirSync(dir, { recursive: true });
  try {
    await saveCheckpoint(dir, config, tensors);
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
  writeTokenizerFiles(dir, { vocab, arch: 'bert', lowercase: true, modelMaxLength: config.max_position_embeddings });
  return path.resolve(dir);
}
