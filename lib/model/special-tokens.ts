// Special-token layout of the vocabularies we train ourselves, per architecture.
//
// bert:    [PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 [MASK]=4, then the learned vocabulary.
// roberta: <s>=0 <pad>=1 </s>=2 <unk>=3 (as in fairseq/HF RoBERTa), the learned vocabulary,
//          and <mask> LAST (id vocabSize-1, where HF roberta-base also keeps it).
// RoBERTa's pad id 1 matters: its position ids start at padding_idx + 1 = 2.
import type { Arch } from './types';

export interface SpecialTokenLayout {
  pad: string;
  unk: string;
  cls: string; // [CLS] or <s>: first token of every sequence
  sep: string; // [SEP] or </s>: closes each segment
  mask: string;
  /** Tokens at the start of the vocabulary, in id order. */
  leading: string[];
  /** Tokens at the end of the vocabulary, in id order. */
  trailing: string[];
}

export const BERT_SPECIAL_TOKENS: SpecialTokenLayout = {
  pad: '[PAD]',
  unk: '[UNK]',
  cls: '[CLS]',
  sep: '[SEP]',
  mask: '[MASK]',
  leading: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'],
  trailing: [],
};

export const ROBERTA_SPECIAL_TOKENS: SpecialTokenLayout = {
  pad: '<pad>',
  unk: '<unk>',
  cls: '<s>',
  sep: '</s>',
  mask: '<mask>',
  leading: ['<s>', '<pad>', '</s>', '<unk>'],
  trailing: ['<mask>'],
};

export function specialTokensFor(arch: Arch): SpecialTokenLayout {
  return arch === 'roberta' ? ROBERTA_SPECIAL_TOKENS : BERT_SPECIAL_TOKENS;
}
