// Tokenizer folders shaped like real Hugging Face ones: byte-level BPE (roberta-base) and a
// bert-base-uncased-style tokenizer_config.json that names no special tokens.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AutoTokenizer } from '@huggingface/transformers';
import { loadTokenizer } from '../../lib/model/tokenizer';
import { writeTokenizerFiles } from '../../lib/model/tokenizer-files';
import { BERT_SPECIAL_TOKENS } from '../../lib/model/special-tokens';
import { writeByteLevelBpeFolder } from '../helpers/byte-level-bpe';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-tok-hf-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const bpeDir = path.join(tmp, 'roberta-like');
writeByteLevelBpeFolder(bpeDir);

test('byte-level BPE: Ġ-marked words, <s> A </s></s> B </s>, wordIds, type ids 0', async () => {
  const tok = await loadTokenizer(bpeDir);
  assert.deepEqual([tok.clsId, tok.padId, tok.sepId, tok.unkId], [0, 1, 2, 3]);
  assert.equal(tok.maskId, tok.vocabSize - 1);
  const enc = tok.encode('The cats sat on the mat.');
  assert.deepEqual(enc.tokens, ['<s>', 'The', 'Ġcats', 'Ġsat', 'Ġon', 'Ġthe', 'Ġmat', '.', '</s>']);
  assert.deepEqual(enc.wordIds, [null, 0, 1, 2, 3, 4, 5, 5, null]);
  const pair = tok.encode('the cat', 'The mat');
  assert.deepEqual(pair.tokens, ['<s>', 'the', 'Ġcat', '</s>', '</s>', 'The', 'Ġmat', '</s>']);
  assert.deepEqual(pair.typeIds, new Array(8).fill(0));
  assert.deepEqual(pair.wordIds, [null, 0, 1, null, null, 0, 1, null]);
  assert.equal(tok.decode(enc.ids), 'The cats sat on the mat.');
});

test('byte-level BPE: ids equal transformers.js whole-text tokenization', async () => {
  const tok = await loadTokenizer(bpeDir);
  const hf = await AutoTokenizer.from_pretrained(bpeDir);
  for (const [a, b] of [
    ['The cats sat on the mat.', null],
    ["it's a café, naïve? 東京 3.5", 'the cat sat'],
  ] as const) {
    const enc = hf(a, { text_pair: b, return_tensor: false }) as unknown as { input_ids: number[] };
    assert.deepEqual(tok.encode(a, b ?? undefined).ids, enc.input_ids);
  }
});

test('byte-level BPE: non-ASCII words become byte pieces of one word', async () => {
  const tok = await loadTokenizer(bpeDir);
  const enc = tok.encode('café ok');
  assert.deepEqual(enc.tokens.slice(1, -1), ['c', 'a', 'f', 'Ã', '©', 'Ġ', 'o', 'k']);
  assert.deepEqual(enc.wordIds.slice(1, -1), [0, 0, 0, 0, 0, 1, 1, 1]);
  assert.equal(tok.decode(enc.ids), 'café ok');
});

test('bert-base-uncased-style config (no special tokens named): conventional names, model_max_length', async () => {
  const dir = path.join(tmp, 'bert-like');
  const vocab = [...BERT_SPECIAL_TOKENS.leading, 'hello', 'world', '##s'];
  writeTokenizerFiles(dir, { vocab, arch: 'bert', lowercase: true, modelMaxLength: 512 });
  fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify({ do_lower_case: true, model_max_length: 6 }));
  fs.rmSync(path.join(dir, 'special_tokens_map.json'));
  const tok = await loadTokenizer(dir);
  assert.deepEqual([tok.padId, tok.unkId, tok.clsId, tok.sepId, tok.maskId], [0, 1, 2, 3, 4]);
  assert.deepEqual(tok.encode('Hello worlds hello world').tokens, ['[CLS]', 'hello', 'world', '##s', 'hello', '[SEP]']);
});

test('a folder without tokenizer_config.json still loads from tokenizer.json', async () => {
  const dir = path.join(tmp, 'no-config');
  writeByteLevelBpeFolder(dir);
  fs.rmSync(path.join(dir, 'tokenizer_config.json'));
  const tok = await loadTokenizer(dir);
  assert.deepEqual(tok.encode('the cat').tokens, ['<s>', 'the', 'Ġcat', '</s>']);
});
