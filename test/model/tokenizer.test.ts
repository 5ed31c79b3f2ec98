import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AutoTokenizer } from '@huggingface/transformers';
import { loadTokenizer } from '../../lib/model/tokenizer';
import { writeTokenizerFiles } from '../../lib/model/tokenizer-files';
import { specialTokensFor } from '../../lib/model/special-tokens';
import { longestFirst } from '../../lib/model/tokenizer-template';
import { UserError } from '../../lib/errors';
import type { Arch } from '../../lib/model/types';

const WORDS = ['the', 'cat', '##s', 'sat', 'on', 'mat', 'a', 'dog', '.', '!', "'", 'don', 't', 'stop', 'caf', '##e', 'naive', '東', '京'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-tok-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function folder(arch: Arch): string {
  const s = specialTokensFor(arch);
  const dir = path.join(tmp, arch);
  writeTokenizerFiles(dir, { vocab: [...s.leading, ...WORDS, ...s.trailing], arch, lowercase: true, modelMaxLength: 32 });
  return dir;
}
const bertDir = folder('bert');
const robertaDir = folder('roberta');
const word = (arch: Arch, w: string) => specialTokensFor(arch).leading.length + WORDS.indexOf(w);

test('bert: [CLS] A [SEP] B [SEP], type ids 0/1, ids from our layout', async () => {
  const tok = await loadTokenizer(bertDir);
  assert.deepEqual([tok.padId, tok.unkId, tok.clsId, tok.sepId, tok.maskId, tok.vocabSize], [0, 1, 2, 3, 4, 5 + WORDS.length]);
  const single = tok.encode('The cats sat on the mat.');
  assert.deepEqual(single.tokens, ['[CLS]', 'the', 'cat', '##s', 'sat', 'on', 'the', 'mat', '.', '[SEP]']);
  assert.deepEqual(single.ids, [2, ...['the', 'cat', '##s', 'sat', 'on', 'the', 'mat', '.'].map((w) => word('bert', w)), 3]);
  assert.deepEqual(single.wordIds, [null, 0, 1, 1, 2, 3, 4, 5, 5, null]);
  const pair = tok.encode('a dog', 'the cat!');
  assert.deepEqual(pair.tokens, ['[CLS]', 'a', 'dog', '[SEP]', 'the', 'cat', '!', '[SEP]']);
  assert.deepEqual(pair.typeIds, [0, 0, 0, 0, 1, 1, 1, 1]);
  assert.deepEqual(pair.wordIds, [null, 0, 1, null, 0, 1, 1, null]);
});

test('roberta: <s> A </s></s> B </s>, type ids all 0, pad 1, <mask> last', async () => {
  const tok = await loadTokenizer(robertaDir);
  assert.deepEqual([tok.clsId, tok.padId, tok.sepId, tok.unkId, tok.maskId], [0, 1, 2, 3, 4 + WORDS.length]);
  const pair = tok.encode('a dog', 'the cat!');
  assert.deepEqual(pair.tokens, ['<s>', 'a', 'dog', '</s>', '</s>', 'the', 'cat', '!', '</s>']);
  assert.deepEqual(pair.typeIds, new Array(9).fill(0));
  assert.deepEqual(pair.wordIds, [null, 0, 1, null, null, 0, 1, 1, null]);
  assert.equal(tok.encode('zebra').tokens[1], '<unk>');
});

test('the files are read by transformers.js itself as intended (same ids and type ids)', async () => {
  for (const [arch, dir] of [
    ['bert', bertDir],
    ['roberta', robertaDir],
  ] as const) {
    const ours = await loadTokenizer(dir);
    const hf = await AutoTokenizer.from_pretrained(dir);
    for (const [a, b] of [
      ['The cats sat on the mat.', undefined],
      ["don't stop, dog", 'the mat'],
    ] as const) {
      const enc = hf(a, { text_pair: b ?? null, return_tensor: false, return_token_type_ids: true }) as unknown as {
        input_ids: number[];
        token_type_ids: number[];
      };
      const mine = ours.encode(a, b);
      assert.deepEqual(mine.ids, enc.input_ids, `${arch} ids of ${a} / ${b}`);
      if (arch === 'bert') assert.deepEqual(mine.typeIds, enc.token_type_ids);
    }
  }
});

test('truncation keeps the special tokens; pairs are cut longest-first', async () => {
  const tok = await loadTokenizer(bertDir);
  assert.deepEqual(tok.encode('the cats sat on the mat', undefined, 5).tokens, ['[CLS]', 'the', 'cat', '##s', '[SEP]']);
  // A has 7 pieces, B 2: B stays whole, A gets the rest of 8 - 3 specials
  assert.deepEqual(tok.encode('the cats sat on the mat', 'a dog', 8).tokens, ['[CLS]', 'the', 'cat', '##s', '[SEP]', 'a', 'dog', '[SEP]']);
  // both long: half each, the odd token to the longer
  assert.deepEqual(tok.encode('the cats sat on the mat', 'a dog sat on the mat', 10).tokens, [
    '[CLS]',
    'the',
    'cat',
    '##s',
    'sat',
    '[SEP]',
    'a',
    'dog',
    'sat',
    '[SEP]',
  ]);
  const rob = await loadTokenizer(robertaDir);
  assert.deepEqual(rob.encode('the cats sat on the mat', 'a dog', 8).tokens, ['<s>', 'the', 'cat', '</s>', '</s>', 'a', 'dog', '</s>']);
  assert.equal(tok.encode('the mat '.repeat(40)).ids.length, 32, 'default maxLength = model_max_length');
  assert.throws(() => tok.encode('the cat', 'a dog', 2), /cannot hold/);
  assert.deepEqual(longestFirst(7, 2, 5), [3, 2]);
  assert.deepEqual(longestFirst(2, 7, 5), [2, 3]);
  assert.deepEqual(longestFirst(6, 6, 7), [3, 4]);
  assert.deepEqual(longestFirst(9, 6, 7), [4, 3]);
});

test('encodeBatch: right padding with padId, mask 0 and type 0 on pads, flat row-major', async () => {
  for (const [dir, pad] of [
    [bertDir, 0],
    [robertaDir, 1],
  ] as const) {
    const tok = await loadTokenizer(dir);
    const b = tok.encodeBatch(['the cat', 'a dog sat on the mat', 'dog'], ['mat', undefined, undefined], 6);
    assert.equal(b.batchSize, 3);
    assert.equal(b.seqLen, 6);
    assert.deepEqual(b.lengths, [6, 6, 3]);
    const row = (a: Int32Array, i: number) => Array.from(a.slice(i * b.seqLen, (i + 1) * b.seqLen));
    assert.deepEqual(row(b.inputIds, 2), [tok.clsId, tok.encode('dog').ids[1], tok.sepId, pad, pad, pad]);
    assert.deepEqual(row(b.attentionMask, 2), [1, 1, 1, 0, 0, 0]);
    assert.deepEqual(row(b.tokenTypeIds, 2), [0, 0, 0, 0, 0, 0]);
    if (pad === 0) assert.deepEqual(row(b.tokenTypeIds, 0), [0, 0, 0, 0, 1, 1]);
    assert.ok(b.inputIds instanceof Int32Array && b.attentionMask instanceof Int32Array && b.tokenTypeIds instanceof Int32Array);
    const short = tok.encodeBatch(['dog', 'a dog'], undefined, 64);
    assert.equal(short.seqLen, 4, 'pads to the longest row, not to maxLength');
  }
});

test('wordIds follow whitespace words through punctuation splits and odd spacing', async () => {
  const tok = await loadTokenizer(bertDir);
  const enc = tok.encode("  don't   stop!\tthe\ncats ");
  assert.deepEqual(enc.tokens.slice(1, -1), ['don', "'", 't', 'stop', '!', 'the', 'cat', '##s']);
  assert.deepEqual(enc.wordIds.slice(1, -1), [0, 0, 0, 1, 1, 2, 3, 3]);
});

test('non-ASCII text: lowercasing, accent stripping, CJK characters split', async () => {
  const tok = await loadTokenizer(bertDir);
  const enc = tok.encode('CAFÉ Naïve 東京');
  assert.deepEqual(enc.tokens, ['[CLS]', 'caf', '##e', 'naive', '東', '京', '[SEP]']);
  assert.deepEqual(enc.wordIds, [null, 0, 0, 1, 2, 2, null]);
  assert.equal(tok.decode(enc.ids), 'cafe naive 東 京');
  assert.equal(tok.decode([]), '');
});

test('loadTokenizer: a missing folder or a folder without tokenizer.json is a clear UserError', async () => {
  const missing = path.join(tmp, 'no-such-model');
  await assert.rejects(
    loadTokenizer(missing),
    (err: unknown) => err instanceof UserError && err.message.includes(missing) && /does not exist/.test(err.message),
  );
  const empty = path.join(tmp, 'empty');
  fs.mkdirSync(empty);
  await assert.rejects(
    loadTokenizer(empty),
    (err: unknown) => err instanceof UserError && err.message.includes('tokenizer.json') && err.message.includes(empty),
  );
});
