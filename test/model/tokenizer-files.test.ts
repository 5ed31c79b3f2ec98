import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTokenizer } from '../../lib/model/tokenizer';
import { writeTokenizerFiles } from '../../lib/model/tokenizer-files';
import { specialTokensFor } from '../../lib/model/special-tokens';
import { trainWordPiece } from '../../lib/model/wordpiece-trainer';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-tokfiles-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
interface TypedPart {
  type: string;
  lowercase?: boolean;
}
interface TokenizerJson {
  model: TypedPart;
  normalizer: TypedPart;
  pre_tokenizer: TypedPart;
  post_processor: TypedPart;
  decoder: TypedPart;
  added_tokens: unknown[];
}
interface TokenizerConfigJson {
  model_max_length: number;
  pad_token: string;
  tokenizer_class: string;
}
const readJson = <T>(dir: string, f: string): T => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as T;

test('writes the four HF files with the arch conventions', () => {
  for (const arch of ['bert', 'roberta'] as const) {
    const s = specialTokensFor(arch);
    const vocab = [...s.leading, 'hello', '##s', ...s.trailing];
    const dir = path.join(tmp, `files-${arch}`);
    const written = writeTokenizerFiles(dir, { vocab, arch, lowercase: false, modelMaxLength: 128 });
    assert.deepEqual(written.sort(), ['special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt']);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'vocab.txt'), 'utf8').split('\n').slice(0, -1), vocab);
    const tj = readJson<TokenizerJson>(dir, 'tokenizer.json');
    assert.equal(tj.model.type, 'WordPiece');
    assert.equal(tj.normalizer.type, 'BertNormalizer');
    assert.equal(tj.normalizer.lowercase, false);
    assert.equal(tj.pre_tokenizer.type, 'BertPreTokenizer');
    assert.equal(tj.post_processor.type, 'TemplateProcessing');
    assert.equal(tj.decoder.type, 'WordPiece');
    assert.equal(tj.added_tokens.length, s.leading.length + s.trailing.length);
    const cfg = readJson<TokenizerConfigJson>(dir, 'tokenizer_config.json');
    assert.equal(cfg.model_max_length, 128);
    assert.equal(cfg.pad_token, s.pad);
    assert.equal(cfg.tokenizer_class, arch === 'bert' ? 'BertTokenizer' : 'PreTrainedTokenizerFast');
    assert.equal(readJson<{ mask_token: string }>(dir, 'special_tokens_map.json').mask_token, s.mask);
  }
});

test('rejects vocabularies missing special tokens or holding duplicates', () => {
  assert.throws(
    () => writeTokenizerFiles(path.join(tmp, 'bad1'), { vocab: ['[PAD]', 'a'], arch: 'bert', lowercase: true, modelMaxLength: 8 }),
    /lacks the bert special token \[UNK\]/,
  );
  const s = specialTokensFor('bert').leading;
  assert.throws(
    () => writeTokenizerFiles(path.join(tmp, 'bad2'), { vocab: [...s, 'a', 'a'], arch: 'bert', lowercase: true, modelMaxLength: 8 }),
    /duplicate token "a"/,
  );
});

test('a trained vocabulary covers its own corpus under transformers.js (pre-tokenizers agree)', async () => {
  const corpus = [
    'Café crème, naïve résumé — “quoted” ‘text’ … and 3.5% off!',
    'Ünïcödé ÅNGSTRÖM straße ﬁ ligature; emoji 🙂👍 tabs\tand\nnewlines',
    '東京タワー は 高い。 中文字符 한국어 텍스트',
    "don't won't it's (parens) [brackets] {braces} <angle> a+b=c ^_^ `code` ~tilde | pipe",
    'zero\u200bwidth soft\u00adhyphen nbsp\u00a0space control\u0007bell',
  ];
  for (const lowercase of [true, false]) {
    for (const arch of ['bert', 'roberta'] as const) {
      const s = specialTokensFor(arch);
      const { vocab } = trainWordPiece(corpus, { vocabSize: 400, lowercase, specialTokens: s.leading, trailingSpecialTokens: s.trailing });
      const dir = path.join(tmp, `cover-${arch}-${lowercase}`);
      writeTokenizerFiles(dir, { vocab, arch, lowercase, modelMaxLength: 512 });
      const tok = await loadTokenizer(dir);
      for (const text of corpus) {
        const enc = tok.encode(text);
        assert.ok(
          !enc.ids.includes(tok.unkId),
          `${arch} lowercase=${lowercase}: [UNK] in ${JSON.stringify(text)}: ${enc.tokens.join(' ')}`,
        );
      }
    }
  }
});
