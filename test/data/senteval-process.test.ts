// SentEval's processing, reimplemented for `data download`, reproduces SentEval's files byte for
// byte from the raw originals (cat -v + tokenizer.sed; TREC quote deletion).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ptbSedLine } from '../../lib/data/ptb-sed';
import { BIN_CLASSIF_FILES, sentevalTokenize, sentevalTrec } from '../../lib/data/senteval/process';
import { sharedSentevalDir } from '../helpers/db';

const dir = sharedSentevalDir();
const skip = dir ? false : 'no ../shared/data/senteval';

test('tokenizer.sed rules on small cases', () => {
  assert.equal(ptbSedLine('"Hello," she said... it\'s (not) bad!'), "`` Hello , '' she said ... it 's ( not ) bad ! ");
  assert.equal(ptbSedLine("I cannot -- won't go."), "I can not -- wo n't go . ");
  assert.equal(ptbSedLine(''), '');
});

test('MR, CR, SUBJ, MPQA: cat -v | sed -f tokenizer.sed of original/ equals the processed files', { skip }, () => {
  for (const f of BIN_CLASSIF_FILES) {
    const raw = fs.readFileSync(path.join(dir!, f.task, 'original', f.file));
    const want = fs.readFileSync(path.join(dir!, f.task, f.file));
    assert.ok(sentevalTokenize(raw).equals(want), `${f.task}/${f.file}`);
  }
});

test('TREC: deleting backticks and apostrophes from original/ gives SentEval\'s files', { skip }, () => {
  for (const [raw, processed] of [['TREC.train', 'train_5500.label'], ['TREC.test', 'TREC_10.label']]) {
    const got = sentevalTrec(fs.readFileSync(path.join(dir!, 'TREC', 'original', raw)));
    assert.ok(got.equals(fs.readFileSync(path.join(dir!, 'TREC', processed))), processed);
  }
});
