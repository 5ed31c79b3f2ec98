// IG baselines x' in word-embedding space, one row per token of the input.
//   pad  : every special token ([CLS]/<s>, [SEP]/</s>, also the middle separators of a pair) keeps
//          its own embedding; every other token becomes the pad embedding. The text recipe of
//          Captum's BERT tutorial (ref = [CLS] + [PAD]*n + [SEP]); the default here.
//   mask : the same with the [MASK]/<mask> embedding (closer to "unknown" for an MLM-pretrained encoder).
//   unk  : the same with the [UNK]/<unk> embedding (captum #1269 discusses PAD vs UNK).
//   zero : all-zero rows, special tokens included (LIT's baseline; Captum's default `baselines=None`).
// Position and token-type embeddings are added inside the encoder for input and baseline alike, so
// they cancel in x − x' and take no attribution.
import * as tf from '@tensorflow/tfjs';
import { UserError } from '../errors';
import type { SequenceClassifier, TextTokenizer, Tokenized } from '../model/types';

export const BASELINES = ['pad', 'mask', 'unk', 'zero'] as const;
export type BaselineKind = (typeof BASELINES)[number];

export function parseBaseline(name: string): BaselineKind {
  if (!(BASELINES as readonly string[]).includes(name)) {
    throw new UserError(`unknown IG baseline "${name}" (valid: ${BASELINES.join(', ')})`);
  }
  return name as BaselineKind;
}

/** True for special tokens (no whitespace word), which token baselines keep. */
export function specialMask(tok: Tokenized): boolean[] {
  return tok.wordIds.map((w) => w === null);
}

/** Token ids of a token baseline (pad/mask/unk); null for the zero baseline. */
export function baselineIds(kind: BaselineKind, tok: Tokenized, tokenizer: TextTokenizer): number[] | null {
  if (kind === 'zero') return null;
  const fill = kind === 'pad' ? tokenizer.padId : kind === 'mask' ? tokenizer.maskId : tokenizer.unkId;
  const special = specialMask(tok);
  return tok.ids.map((id, t) => (special[t] ? id : fill));
}

/** The baseline [L, D] for a tokenized input. */
export function baselineEmbeddings(kind: BaselineKind, tok: Tokenized, classifier: SequenceClassifier): tf.Tensor2D {
  const table = classifier.wordEmbeddingTable();
  const ids = baselineIds(kind, tok, classifier.tokenizer);
  if (!ids) return tf.zeros<tf.Rank.R2>([tok.ids.length, table.shape[1] as number]);
  return tf.tidy(() => tf.gather(table, tf.tensor1d(ids, 'int32')) as tf.Tensor2D);
}
