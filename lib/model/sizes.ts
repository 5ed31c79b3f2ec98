// EncoderConfig presets for the models `dml-lens model init` creates from scratch.
//   tiny:  2 layers, hidden 128, 2 heads, FFN 512
//   small: 4 layers, hidden 256, 4 heads, FFN 1024
// Both: gelu, dropout 0.1, initializer_range 0.02; bert: type_vocab_size 2, layer_norm_eps 1e-12,
// [PAD]=0; roberta: type_vocab_size 1, layer_norm_eps 1e-5, <s>=0 <pad>=1 </s>=2.
// Positions: sequences of at most 128 tokens (DEFAULT_MAX_LENGTH; few-shot sentence tasks rarely
// need more), so max_position_embeddings is 128 for bert and 130 for roberta, whose position
// ids start at padding_idx + 1 = 2. Bigger tables (512/514 as in bert-base) would only add
// untrained rows to models this small.
import { makeConfig, type ModelSize } from './config';
import { specialTokensFor } from './special-tokens';
import type { Arch, EncoderConfig } from './types';

export type { ModelSize };
export const MODEL_SIZES: readonly ModelSize[] = ['tiny', 'small'];
export const DEFAULT_MAX_LENGTH = 128;

/** Position offset of the family: RoBERTa reserves ids 0..padding_idx. */
export function positionOffset(arch: Arch): number {
  return arch === 'roberta' ? 2 : 0;
}

export interface ModelSizeOptions {
  /** Longest token sequence (special tokens included). Default 128. */
  maxLength?: number;
  /** Any other config.json field to override (dropout, ...). */
  overrides?: Partial<EncoderConfig>;
}

/** The config of a fresh `arch`/`size` model over a vocabulary of `vocabSize` tokens in our layout. */
export function modelSize(arch: Arch, size: ModelSize, vocabSize: number, opts: ModelSizeOptions = {}): EncoderConfig {
  const maxLength = opts.maxLength ?? DEFAULT_MAX_LENGTH;
  const s = specialTokensFor(arch);
  const ids = { pad: s.leading.indexOf(s.pad), cls: s.leading.indexOf(s.cls), sep: s.leading.indexOf(s.sep) };
  const specialIds: Partial<EncoderConfig> =
    arch === 'roberta' ? { pad_token_id: ids.pad, bos_token_id: ids.cls, eos_token_id: ids.sep } : { pad_token_id: ids.pad };
  return makeConfig(arch, size, vocabSize, {
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    initializer_range: 0.02,
    max_position_embeddings: maxLength + positionOffset(arch),
    ...specialIds,
    ...opts.overrides,
  });
}

/** Number of parameters of the bare encoder (embeddings, layers; no pooler or head). */
export function encoderParamCount(c: EncoderConfig): number {
  const h = c.hidden_size;
  const embeddings = (c.vocab_size + c.max_position_embeddings + c.type_vocab_size) * h + 2 * h;
  const attention = 4 * (h * h + h) + 2 * h;
  const ffn = h * c.intermediate_size + c.intermediate_size + c.intermediate_size * h + h + 2 * h;
  return embeddings + c.num_hidden_layers * (attention + ffn);
}
