// SentEval's own preprocessing (data/downstream/get_transfer_data.bash), for `data download`:
// MR/CR/SUBJ/MPQA are `cat -v FILE | sed -f tokenizer.sed`; TREC has every backtick and
// apostrophe deleted. Both work on bytes (as latin-1 strings), so the output is byte-identical.
import { encodeCatV } from '../cat-v';
import { ptbSed } from '../ptb-sed';

/** `cat -v FILE | sed -f tokenizer.sed`. */
export function sentevalTokenize(raw: Uint8Array): Buffer {
  return Buffer.from(ptbSed(encodeCatV(raw)), 'latin1');
}

/** `sed -e "s/\`//g" -e "s/'//g"`. */
export function sentevalTrec(raw: Uint8Array): Buffer {
  return Buffer.from(Buffer.from(raw).filter((b) => b !== 0x60 && b !== 0x27));
}

/** Entries of datasmall_NB_ACL12.zip and where they go (processed file and raw copy). */
export const BIN_CLASSIF_FILES: { task: string; entry: string; file: string }[] = [
  { task: 'MR', entry: 'rt10662/rt-polarity.pos', file: 'rt-polarity.pos' },
  { task: 'MR', entry: 'rt10662/rt-polarity.neg', file: 'rt-polarity.neg' },
  { task: 'CR', entry: 'customerr/custrev.pos', file: 'custrev.pos' },
  { task: 'CR', entry: 'customerr/custrev.neg', file: 'custrev.neg' },
  { task: 'SUBJ', entry: 'subj/subj.subjective', file: 'subj.subjective' },
  { task: 'SUBJ', entry: 'subj/subj.objective', file: 'subj.objective' },
  { task: 'MPQA', entry: 'mpqa/mpqa.pos', file: 'mpqa.pos' },
  { task: 'MPQA', entry: 'mpqa/mpqa.neg', file: 'mpqa.neg' },
];
