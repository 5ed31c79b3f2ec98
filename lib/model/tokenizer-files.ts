// Writes a WordPiece vocabulary as Hugging Face tokenizer files:
//   tokenizer.json           the full pipeline (what transformers.js and HF "fast" tokenizers load):
//                            BertNormalizer, BertPreTokenizer, WordPiece model ("##" continuation),
//                            TemplateProcessing post-processor, WordPiece decoder
//   tokenizer_config.json    tokenizer class and special tokens (transformers.js reads the class and
//                            the special tokens from here)
//   special_tokens_map.json  the special tokens, for older HF tooling
//   vocab.txt                one token per line in id order (the slow BertTokenizer's format)
// Templates: bert    [CLS] A [SEP]            /  [CLS] A [SEP] B [SEP]            (type ids 0..0 1..1)
//            roberta <s> A </s>               /  <s> A </s> </s> B </s>           (type ids all 0)
// tokenizer_class: BertTokenizer for bert; PreTrainedTokenizerFast for roberta, because HF's
// RobertaTokenizer means a byte-level BPE (vocab.json + merges.txt) and ours is WordPiece: the
// generic fast class loads tokenizer.json as is, in Python and in transformers.js.
import fs from 'node:fs';
import path from 'node:path';
import { specialTokensFor, type SpecialTokenLayout } from './special-tokens';
import type { Arch } from './types';

export interface TokenizerFilesOptions {
  /** Token strings in id order; must contain the arch's special tokens. */
  vocab: string[];
  arch: Arch;
  lowercase: boolean;
  /** Longest sequence the model accepts, special tokens included. */
  modelMaxLength: number;
}

export const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt'] as const;

export function writeTokenizerFiles(dir: string, opts: TokenizerFilesOptions): string[] {
  const special = specialTokensFor(opts.arch);
  const ids = new Map<string, number>();
  opts.vocab.forEach((t, i) => {
    if (ids.has(t)) throw new RangeError(`duplicate token "${t}" at ids ${ids.get(t)} and ${i}`);
    if (/[\r\n]/.test(t)) throw new RangeError(`token ${JSON.stringify(t)} contains a line break (vocab.txt cannot hold it)`);
    ids.set(t, i);
  });
  for (const t of [...special.leading, ...special.trailing]) {
    if (!ids.has(t)) throw new RangeError(`vocabulary lacks the ${opts.arch} special token ${t}`);
  }
  const id = (t: string) => ids.get(t)!;
  fs.mkdirSync(dir, { recursive: true });
  const files: Record<string, unknown> = {
    'tokenizer.json': tokenizerJson(opts, special, id, ids),
    'tokenizer_config.json': tokenizerConfig(opts, special, id),
    'special_tokens_map.json': specialTokensMap(opts.arch, special),
  };
  const written: string[] = [];
  for (const [name, json] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), JSON.stringify(json, null, 2) + '\n');
    written.push(name);
  }
  fs.writeFileSync(path.join(dir, 'vocab.txt'), opts.vocab.join('\n') + '\n');
  written.push('vocab.txt');
  return written;
}

function addedTokens(arch: Arch, special: SpecialTokenLayout, id: (t: string) => number) {
  return [...special.leading, ...special.trailing]
    .map((content) => ({
      id: id(content),
      content,
      single_word: false,
      // RoBERTa's <mask> swallows the space before it, as in HF roberta-base
      lstrip: arch === 'roberta' && content === special.mask,
      rstrip: false,
      normalized: false,
      special: true,
    }))
    .sort((a, b) => a.id - b.id);
}

function template(arch: Arch, special: SpecialTokenLayout, id: (t: string) => number) {
  const tok = (t: string, typeId: number) => ({ SpecialToken: { id: t, type_id: typeId } });
  const seq = (s: 'A' | 'B', typeId: number) => ({ Sequence: { id: s, type_id: typeId } });
  const pair =
    arch === 'bert'
      ? [tok(special.cls, 0), seq('A', 0), tok(special.sep, 0), seq('B', 1), tok(special.sep, 1)]
      : [tok(special.cls, 0), seq('A', 0), tok(special.sep, 0), tok(special.sep, 0), seq('B', 0), tok(special.sep, 0)];
  const entry = (t: string) => ({ id: t, ids: [id(t)], tokens: [t] });
  return {
    type: 'TemplateProcessing',
    single: [tok(special.cls, 0), seq('A', 0), tok(special.sep, 0)],
    pair,
    special_tokens: { [special.cls]: entry(special.cls), [special.sep]: entry(special.sep) },
  };
}

function tokenizerJson(opts: TokenizerFilesOptions, special: SpecialTokenLayout, id: (t: string) => number, ids: Map<string, number>) {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens(opts.arch, special, id),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: opts.lowercase },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: template(opts.arch, special, id),
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: special.unk,
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(ids),
    },
  };
}

function tokenizerConfig(opts: TokenizerFilesOptions, special: SpecialTokenLayout, id: (t: string) => number) {
  const decoderEntries = addedTokens(opts.arch, special, id).map(({ id: i, ...rest }) => [String(i), rest] as const);
  const common = {
    added_tokens_decoder: Object.fromEntries(decoderEntries),
    clean_up_tokenization_spaces: true,
    model_max_length: opts.modelMaxLength,
    do_lower_case: opts.lowercase,
    strip_accents: null,
    tokenize_chinese_chars: true,
    cls_token: special.cls,
    sep_token: special.sep,
    pad_token: special.pad,
    unk_token: special.unk,
    mask_token: special.mask,
  };
  if (opts.arch === 'bert') return { tokenizer_class: 'BertTokenizer', ...common };
  return { tokenizer_class: 'PreTrainedTokenizerFast', bos_token: special.cls, eos_token: special.sep, ...common };
}

function specialTokensMap(arch: Arch, special: SpecialTokenLayout) {
  const base = { cls_token: special.cls, sep_token: special.sep, pad_token: special.pad, unk_token: special.unk, mask_token: special.mask };
  return arch === 'roberta' ? { bos_token: special.cls, eos_token: special.sep, ...base } : base;
}
