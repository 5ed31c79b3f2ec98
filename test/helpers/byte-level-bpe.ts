// A miniature roberta-base-style tokenizer folder for tests (no hub access here): byte-level BPE
// (GPT-2 byte-to-unicode alphabet, "Ġ" marks a preceding space), RobertaProcessing, the usual
// <s>=0 <pad>=1 </s>=2 <unk>=3 ... <mask> last, and a tokenizer_config.json like roberta-base's.
import fs from 'node:fs';
import path from 'node:path';

/** GPT-2's reversible byte -> printable character table. */
function byteAlphabet(): string[] {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const out: string[] = [];
  let next = 256;
  for (let b = 0; b < 256; b++) out.push(String.fromCodePoint(printable(b) ? b : next++));
  return out;
}

/** Merges, in rank order (each merged result becomes a token). */
export const BPE_MERGES: [string, string][] = [
  ['Ġ', 't'],
  ['h', 'e'],
  ['Ġt', 'he'],
  ['a', 't'],
  ['Ġ', 'c'],
  ['Ġc', 'at'],
  ['Ġ', 's'],
  ['Ġs', 'at'],
  ['o', 'n'],
  ['Ġ', 'on'],
  ['Ġ', 'm'],
  ['Ġm', 'at'],
  ['T', 'he'],
  ['t', 'he'],
  ['Ġcat', 's'],
];

export function writeByteLevelBpeFolder(dir: string): void {
  const vocab: string[] = ['<s>', '<pad>', '</s>', '<unk>', ...byteAlphabet()];
  for (const [a, b] of BPE_MERGES) if (!vocab.includes(a + b)) vocab.push(a + b);
  vocab.push('<mask>');
  const ids = Object.fromEntries(vocab.map((t, i) => [t, i]));
  const added = ['<s>', '<pad>', '</s>', '<unk>', '<mask>'].map((content) => ({
    id: ids[content],
    content,
    single_word: false,
    lstrip: content === '<mask>',
    rstrip: false,
    normalized: false,
    special: true,
  }));
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 0], trim_offsets: true, add_prefix_space: false },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      vocab: ids,
      merges: BPE_MERGES.map(([a, b]) => `${a} ${b}`),
    },
  };
  const config = {
    tokenizer_class: 'RobertaTokenizer',
    model_max_length: 512,
    errors: 'replace',
    add_prefix_space: false,
    trim_offsets: true,
    bos_token: '<s>',
    eos_token: '</s>',
    sep_token: '</s>',
    cls_token: '<s>',
    unk_token: '<unk>',
    pad_token: '<pad>',
    mask_token: { __type: 'AddedToken', content: '<mask>', lstrip: true, normalized: true, rstrip: false, single_word: false },
  };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify(config));
  fs.writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({ model_type: 'roberta', type_vocab_size: 1, pad_token_id: 1, vocab_size: vocab.length }),
  );
}
