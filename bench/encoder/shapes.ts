// The encoder bench's shapes, the peer's (../shared/bench/torch_bert_bench.py): batch x 64 tokens,
// tiny and small at batch 32 with a vocabulary of 8000, a RoBERTa-base shape at batch 8.
import { makeConfig } from '../../lib/model/config';
import type { EncoderConfig, TokenBatch } from '../../lib/model/types';
import { Rng } from '../../lib/util/random';

export const SEQ = 64;
export const SHAPES = {
  tiny: { batch: 32, vocab: 8000 },
  small: { batch: 32, vocab: 8000 },
  base: { batch: 8, vocab: 50265 },
} as const;
export type BenchSize = keyof typeof SHAPES;
export const BENCH_SIZES = Object.keys(SHAPES) as BenchSize[];
const BASE = { num_hidden_layers: 12, hidden_size: 768, num_attention_heads: 12, intermediate_size: 3072 }; // roberta-base

export function benchConfig(size: BenchSize): EncoderConfig {
  return size === 'base' ? makeConfig('roberta', 'small', SHAPES.base.vocab, BASE) : makeConfig('roberta', size, SHAPES[size].vocab);
}

/** Forward FLOPs per token: 2 per multiply-add in the dense layers and the attention products; training ≈ 3x. */
export function forwardFlopsPerToken(c: EncoderConfig): number {
  const D = c.hidden_size;
  return c.num_hidden_layers * (2 * (4 * D * D + 2 * D * c.intermediate_size) + 2 * 2 * SEQ * D);
}

export function randomBatch(seed: number, size: BenchSize): { tokens: TokenBatch; labels: number[] } {
  const rng = new Rng(seed);
  const { batch, vocab } = SHAPES[size];
  const n = batch * SEQ;
  const inputIds = Int32Array.from({ length: n }, () => 5 + rng.int(vocab - 5));
  const tokens = {
    inputIds,
    attentionMask: new Int32Array(n).fill(1),
    tokenTypeIds: new Int32Array(n),
    batchSize: batch,
    seqLen: SEQ,
    lengths: new Array(batch).fill(SEQ),
  };
  return { tokens, labels: Array.from({ length: batch }, () => rng.int(2)) };
}
