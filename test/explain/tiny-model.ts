// A tiny BERT/RoBERTa (the `model init` tiny preset: 2 layers, hidden 128, 2 heads) written to a
// temp folder with random weights and a word-level vocabulary, loaded as a SequenceClassifier.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { saveCheckpoint } from '../../lib/model/checkpoint';
import { loadClassifier } from '../../lib/model/classifier';
import { initEncoderWeights } from '../../lib/model/random-init';
import { modelSize } from '../../lib/model/sizes';
import { specialTokensFor } from '../../lib/model/special-tokens';
import { writeTokenizerFiles } from '../../lib/model/tokenizer-files';
import type { Arch, SequenceClassifier } from '../../lib/model/types';
import type { ModelSize } from '../../lib/model/config';

export const SENTENCES = [
  'a great movie with a wonderful cast',
  'the plot is dull and the acting is awful',
  'an unbelievable story told with charm',
  'it is boring',
  'one of the best films of the year',
  'the worst script i have seen in years',
  'funny , warm and surprisingly moving',
  'a mess from start to finish',
  'the director keeps the tension high until the end',
  'flat characters and a predictable ending',
  'charming',
  'i loved every minute of it',
  'too long and too loud',
  'a small gem of a film',
  'nothing works in this lazy sequel',
  'smart , fresh and very funny',
  'the music is great but the story is weak',
  'a tedious and pointless exercise',
  'beautifully shot and well acted',
  'neither funny nor sad , just dull',
];

export async function writeTinyClassifier(
  opts: { arch?: Arch; size?: ModelSize; seed?: number; dir?: string; initRange?: number } = {},
): Promise<string> {
  const arch = opts.arch ?? 'bert';
  const words = new Set<string>();
  for (const s of SENTENCES) for (const w of s.split(' ')) words.add(w);
  words.delete('unbelievable');
  const special = specialTokensFor(arch);
  const vocab = [...special.leading, ...[...words].sort(), 'un', '##believ', '##able', ...special.trailing];
  const config = {
    ...modelSize(arch, opts.size ?? 'tiny', vocab.length, { maxLength: 64, overrides: { initializer_range: opts.initRange ?? 0.02 } }),
    num_labels: 2,
  };
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dml-lens-explain-model-'));
  const tensors = initEncoderWeights(config, opts.seed ?? 3, { numLabels: 2, withHead: true });
  try {
    await saveCheckpoint(dir, config, tensors);
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
  writeTokenizerFiles(dir, { vocab, arch, lowercase: true, modelMaxLength: config.max_position_embeddings });
  return dir;
}

export async function tinyClassifier(
  opts: { arch?: Arch; size?: ModelSize; seed?: number; initRange?: number } = {},
): Promise<{ classifier: SequenceClassifier; dir: string; cleanup: () => void }> {
  const dir = await writeTinyClassifier(opts);
  const classifier = await loadClassifier(dir, { quiet: true });
  return {
    classifier,
    dir,
    cleanup: () => {
      classifier.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
