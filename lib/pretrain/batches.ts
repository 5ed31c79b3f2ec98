// Tokenised pretraining sentences grouped by length, so a batch pads little: sentences are sorted
// by length into buckets of `batchSize`, and each step draws one bucket at random.
import { Rng } from '../util/random';
import { tokenBatchFromIds } from '../model/batch';
import type { TextTokenizer, TokenBatch } from '../model/types';

export interface EncodedCorpus {
  rows: number[][]; // token ids with specials
  words: (number | null)[][];
  tokens: number; // total tokens
}

export function encodeCorpus(tokenizer: TextTokenizer, texts: string[], maxLength: number): EncodedCorpus {
  const rows: number[][] = [];
  const words: (number | null)[][] = [];
  let tokens = 0;
  for (const text of texts) {
    const enc = tokenizer.encode(text, undefined, maxLength);
    if (enc.ids.length < 3) continue; // nothing but specials
    rows.push(enc.ids);
    words.push(enc.wordIds);
    tokens += enc.ids.length;
  }
  return { rows, words, tokens };
}

/**
 * Packs consecutive sentences into rows of exactly `maxLength` tokens (specials + pieces of
 * several sentences; RoBERTa's FULL-SENTENCES format): no padding, and long rows keep the
 * matrix products large enough to run near the machine's speed.
 */
export function packCorpus(corpus: EncodedCorpus, maxLength: number, clsId: number, sepId: number): EncodedCorpus {
  const rows: number[][] = [];
  const words: (number | null)[][] = [];
  let ids: number[] = [clsId];
  let wids: (number | null)[] = [null];
  let wordBase = 0;
  const flush = () => {
    ids.push(sepId);
    wids.push(null);
    rows.push(ids);
    words.push(wids);
    ids = [clsId];
    wids = [null];
    wordBase = 0;
  };
  corpus.rows.forEach((row, r) => {
    const inner = row.slice(1, -1); // drop this sentence's own specials
    const innerWords = corpus.words[r].slice(1, -1);
    let maxWord = -1;
    inner.forEach((id, i) => {
      if (ids.length >= maxLength - 1) flush();
      ids.push(id);
      const w = innerWords[i];
      wids.push(w === null ? null : w + wordBase);
      if (w !== null && w > maxWord) maxWord = w;
    });
    wordBase += maxWord + 1;
  });
  if (ids.length > 1) flush();
  return { rows, words, tokens: rows.reduce((a, r) => a + r.length, 0) };
}

export class LengthBuckets {
  private readonly buckets: number[][];

  constructor(
    private readonly corpus: EncodedCorpus,
    batchSize: number,
  ) {
    const order = corpus.rows.map((_, i) => i).sort((a, b) => corpus.rows[a].length - corpus.rows[b].length || a - b);
    this.buckets = [];
    for (let i = 0; i < order.length; i += batchSize) this.buckets.push(order.slice(i, i + batchSize));
  }

  get count(): number {
    return this.buckets.length;
  }

  /** The batch of bucket `index` (or a random one drawn from rng). */
  batch(padId: number, pick: Rng | number): { batch: TokenBatch; wordIds: (number | null)[][] } {
    const index = typeof pick === 'number' ? pick : pick.int(this.buckets.length);
    const members = this.buckets[index];
    return {
      batch: tokenBatchFromIds(
        members.map((i) => this.corpus.rows[i]),
        padId,
      ),
      wordIds: members.map((i) => this.corpus.words[i]),
    };
  }
}

/** Splits off every `1/fraction`-th sentence as a held-out set for MLM loss and accuracy. */
export function holdOut(texts: string[], every: number): { train: string[]; heldOut: string[] } {
  const train: string[] = [];
  const heldOut: string[] = [];
  texts.forEach((t, i) => (i % every === every - 1 ? heldOut : train).push(t));
  return { train, heldOut };
}
