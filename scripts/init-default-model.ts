// How models/dml-lens-small began: the random-init RoBERTa "small" (4 x 256) whose WordPiece
// vocabulary (8,000) was trained on the de-duplicated unlabeled text of the SentEval training pools
// (MR, CR, SUBJ, MPQA, SST-2 train+dev, SST-5 train+dev, TREC train, MRPC train; no test split).
// `npx tsx scripts/init-default-model.ts var/small-init`, then `dml-lens pretrain` (model card).
import { getDb } from '../lib/db/client';
import { trainWordPiece } from '../lib/model/wordpiece-trainer';
import { writeTokenizerFiles } from '../lib/model/tokenizer-files';
import { makeConfig } from '../lib/model/config';
import { initEncoderWeights } from '../lib/model/random-init';
import { saveCheckpoint } from '../lib/model/checkpoint';
import { initBackend } from '../lib/backend/backend';
import { specialTokensFor } from '../lib/model/special-tokens';
import { loadCorpus } from '../lib/pretrain/corpus';

const out = process.argv[2] ?? 'var/small-init';
await initBackend();
const corpus = await loadCorpus(getDb(), { datasets: ['MR', 'CR', 'SUBJ', 'MPQA', 'SST2', 'SST5', 'TREC', 'MRPC'] });
const special = specialTokensFor('roberta');
const { vocab } = trainWordPiece(corpus.texts, {
  vocabSize: 8000,
  lowercase: true,
  specialTokens: special.leading,
  trailingSpecialTokens: special.trailing,
});
writeTokenizerFiles(out, { vocab, arch: 'roberta', lowercase: true, modelMaxLength: 128 });
const config = makeConfig('roberta', 'small', vocab.length);
await saveCheckpoint(out, config, initEncoderWeights(config, 1));
console.log(`${out}: ${vocab.length} tokens from ${corpus.texts.length} texts (${corpus.description.join('; ')})`);
