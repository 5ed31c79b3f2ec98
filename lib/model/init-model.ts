// A new model from scratch, as a Hugging Face folder: a WordPiece vocabulary trained on a corpus,
// the tokenizer files, and randomly initialised encoder weights (config.json + model.safetensors).
// Registering it in the database is the caller's step (registry.ts).
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { initBackend } from '../backend/backend';
import { saveCheckpoint } from './checkpoint';
import { initEncoderWeights } from './random-init';
import { DEFAULT_MAX_LENGTH, modelSize, type ModelSize } from './sizes';
import { specialTokensFor } from './special-tokens';
import { writeTokenizerFiles } from './tokenizer-files';
import type { Arch, EncoderConfig } from './types';
import { trainWordPiece, type WordPieceTrainOptions } from './wordpiece-trainer';

export interface InitModelOptions {
  arch: Arch;
  size: ModelSize;
  texts: Iterable<string>;
  vocabSize: number;
  seed: number;
  outDir: string;
  /** Default true (uncased model: lowercase + strip accents). */
  lowercase?: boolean;
  /** Longest token sequence, special tokens included. Default 128. */
  maxLength?: number;
  minFrequency?: number;
  scoring?: WordPieceTrainOptions['scoring'];
  /** Replace a model already in outDir. */
  force?: boolean;
}

export interface InitModelResult {
  dir: string;
  config: EncoderConfig;
  numParams: number;
  vocabSize: number;
  trainStats: ReturnType<typeof trainWordPiece>['stats'];
  timingsMs: { vocab: number; weights: number };
}

export async function initModel(opts: InitModelOptions): Promise<InitModelResult> {
  const dir = path.resolve(opts.outDir);
  const existing = ['config.json', 'model.safetensors', 'tokenizer.json'].filter((f) => fs.existsSync(path.join(dir, f)));
  if (existing.length && !opts.force) {
    throw new UserError(`${dir} already holds a model (${existing.join(', ')}); choose another --out or pass --force to replace it`);
  }
  if (!Number.isInteger(opts.vocabSize) || opts.vocabSize < 50)
    throw new UserError(`--vocab-size must be an integer of at least 50, got ${opts.vocabSize}`);
  const lowercase = opts.lowercase ?? true;
  const maxLength = opts.maxLength ?? DEFAULT_MAX_LENGTH;
  const special = specialTokensFor(opts.arch);

  let t0 = performance.now();
  const trained = trainWordPiece(opts.texts, {
    vocabSize: opts.vocabSize,
    lowercase,
    minFrequency: opts.minFrequency,
    scoring: opts.scoring,
    specialTokens: special.leading,
    trailingSpecialTokens: special.trailing,
  });
  const vocabMs = performance.now() - t0;
  if (trained.stats.words === 0) throw new UserError('the vocabulary corpus has no words');

  t0 = performance.now();
  const config = modelSize(opts.arch, opts.size, trained.vocab.length, { maxLength });
  await initBackend({ quiet: true });
  const tensors = initEncoderWeights(config, opts.seed);
  let numParams = 0;
  try {
    for (const t of Object.values(tensors)) numParams += t.size;
    fs.mkdirSync(dir, { recursive: true });
    writeTokenizerFiles(dir, { vocab: trained.vocab, arch: opts.arch, lowercase, modelMaxLength: maxLength });
    await saveCheckpoint(dir, config, tensors);
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
  return {
    dir,
    config,
    numParams,
    vocabSize: trained.vocab.length,
    trainStats: trained.stats,
    timingsMs: { vocab: Math.round(vocabMs), weights: Math.round(performance.now() - t0) },
  };
}
