// A tiny random BERT model folder (Hugging Face layout) for tests that need real model files.
import { initModel } from '../../lib/model/init-model';
import type { EncoderConfig } from '../../lib/model/types';

export async function writeTinyModel(outDir: string): Promise<EncoderConfig> {
  const texts = ['a tiny corpus of words', 'more words here'];
  return (await initModel({ arch: 'bert', size: 'tiny', texts, vocabSize: 60, seed: 1, outDir })).config;
}
