import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trainWordPiece } from '../../lib/model/wordpiece-trainer';
import { bertWords } from '../../lib/model/bert-pre-tokenizer';

const BERT_SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const CORPUS = ['the cat sat on the mat', 'the cat ate the rat', 'a cat and a hat', 'The Mat, the HAT!', 'rats and cats and bats'];

test('BERT basic pre-tokenization: lowercase, accents, punctuation, CJK, control characters', () => {
  assert.deepEqual(bertWords("Héllo, World! It's 3.5$ \u0000ok\u200b", { lowercase: true }), [
    'hello',
    ',',
    'world',
    '!',
    'it',
    "'",
    's',
    '3',
    '.',
    '5',
    '$',
    'ok',
  ]);
  assert.deepEqual(bertWords('Café 東京', { lowercase: false }), ['Café', '東', '京']);
  assert.deepEqual(bertWords('Café', { lowercase: true, stripAccents: false }), ['café']);
});

test('known small-corpus result: alphabet in both forms, then the most frequent merges', () => {
  const { vocab, stats } = trainWordPiece(['ab ab ab abc'], { vocabSize: 20, lowercase: true, specialTokens: BERT_SPECIALS });
  // alphabet a b c and ##a ##b ##c; pairs (a,##b) x4 -> "ab"; then (ab,##c) x1 is below minFrequency 2
  assert.deepEqual(vocab, [...BERT_SPECIALS, 'a', 'b', 'c', '##a', '##b', '##c', 'ab']);
  assert.equal(stats.merges, 1);
  const withOnes = trainWordPiece(['ab ab ab abc'], { vocabSize: 20, lowercase: true, minFrequency: 1, specialTokens: BERT_SPECIALS });
  assert.deepEqual(withOnes.vocab.slice(-2), ['ab', 'abc']);
});

test('frequency ties are broken lexicographically (left unit, then right unit)', () => {
  // "xy" and "ab" both occur twice: "ab" (left "a" < "x") merges first
  const { vocab } = trainWordPiece(['xy ab', 'ab xy'], { vocabSize: 15, lowercase: true, specialTokens: BERT_SPECIALS });
  assert.deepEqual(vocab.slice(-2), ['ab', 'xy']);
});

test('deterministic: same vocabulary whatever the order of the texts', () => {
  const opts = { vocabSize: 40, lowercase: true, specialTokens: BERT_SPECIALS };
  const a = trainWordPiece(CORPUS, opts).vocab;
  const b = trainWordPiece([...CORPUS].reverse(), opts).vocab;
  assert.deepEqual(a, b);
  for (const scoring of ['likelihood', 'frequency'] as const) {
    assert.deepEqual(trainWordPiece(CORPUS, { ...opts, scoring }).vocab, trainWordPiece([...CORPUS].reverse(), { ...opts, scoring }).vocab);
  }
});

test('vocab size respected, specials first (and trailing ones last), no duplicates', () => {
  for (const vocabSize of [30, 45, 1000]) {
    const { vocab } = trainWordPiece(CORPUS, {
      vocabSize,
      lowercase: true,
      specialTokens: ['<s>', '<pad>', '</s>', '<unk>'],
      trailingSpecialTokens: ['<mask>'],
    });
    assert.ok(vocab.length <= vocabSize, `${vocab.length} > ${vocabSize}`);
    assert.deepEqual(vocab.slice(0, 4), ['<s>', '<pad>', '</s>', '<unk>']);
    assert.equal(vocab[vocab.length - 1], '<mask>');
    assert.equal(new Set(vocab).size, vocab.length);
  }
  const small = trainWordPiece(CORPUS, { vocabSize: 30, lowercase: true, specialTokens: BERT_SPECIALS });
  assert.equal(small.vocab.length, 30);
});

test('alphabet that does not fit keeps the most frequent characters', () => {
  const { vocab, stats } = trainWordPiece(['aaaa bbb cc d'], { vocabSize: 9, lowercase: true, specialTokens: BERT_SPECIALS });
  assert.deepEqual(vocab, [...BERT_SPECIALS, 'a', 'b', '##a', '##b']);
  assert.equal(stats.droppedChars, 2);
});

test('likelihood scoring prefers pairs whose parts rarely occur apart', () => {
  // "q"+"##u" always together (score 1/2 per unit); "t"+"##h" common but "t" and "##h" also apart
  const texts = ['qu qu', 'th th th ta ta ta sh sh sh'];
  const like = trainWordPiece(texts, { vocabSize: 20, lowercase: true, specialTokens: BERT_SPECIALS, scoring: 'likelihood' }).vocab;
  const freq = trainWordPiece(texts, { vocabSize: 20, lowercase: true, specialTokens: BERT_SPECIALS, scoring: 'frequency' }).vocab;
  const firstMerge = (v: string[]) => v.find((t) => t.replace(/^##/, '').length > 1 && !BERT_SPECIALS.includes(t));
  assert.equal(firstMerge(like), 'qu');
  assert.equal(firstMerge(freq), 'sh');
});

test('rejects a vocabulary size that leaves no room', () => {
  assert.throws(() => trainWordPiece(CORPUS, { vocabSize: 5, lowercase: true, specialTokens: BERT_SPECIALS }), /no room/);
});
