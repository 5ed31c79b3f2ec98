// Sub-word encoding one whitespace word at a time, with a cache of word -> pieces.
//
// Encoding word by word gives wordIds for free (each piece knows its word) and is fast: texts of a
// corpus share most of their words, so after warm-up almost every word is a Map lookup.
// Byte-level BPE (RoBERTa, GPT-2) marks a word that follows a space ("Ġword"), so words after the
// first are encoded with a leading space there; WordPiece needs no such marker. Which of the two a
// tokenizer needs is detected once by comparing with whole-text tokenization on probe sentences.
// Whitespace is normalized: the text is the sequence of its /\s+/-separated words. For WordPiece
// this changes nothing; for byte-level BPE it drops the pieces of extra spaces ("a  b").

import type { Segment } from './tokenizer-template';

/** The part of a transformers.js tokenizer used here. */
export interface PieceTokenizer {
  tokenize(text: string): string[];
  convert_tokens_to_ids(tokens: string[]): number[];
}

export type WordJoin = 'plain' | 'space-prefixed';

const PROBES = [
  "The cats' owner didn't say: 3.5 euros, naïve café!",
  'hello world (again) -- email me@example.com, ok?',
  'Über straße ÅNGSTRÖM 東京 tokyo',
];
const CACHE_LIMIT = 500_000;

/** Whitespace-separated words, as wordIds count them. */
export function splitWords(text: string): string[] {
  const t = text.trim();
  return t ? t.split(/\s+/) : [];
}

export class WordEncoder {
  private readonly cache = new Map<string, { ids: number[]; tokens: string[] }>();

  constructor(
    private readonly tok: PieceTokenizer,
    readonly join: WordJoin,
  ) {}

  /** Picks the word join that reproduces whole-text tokenization on the probes. */
  static detect(tok: PieceTokenizer): WordEncoder {
    for (const join of ['plain', 'space-prefixed'] as const) {
      const enc = new WordEncoder(tok, join);
      if (PROBES.every((p) => sameTokens(enc.encode(p).tokens, tok.tokenize(p)))) return enc;
    }
    return new WordEncoder(tok, 'plain');
  }

  encode(text: string): Segment {
    const ids: number[] = [];
    const tokens: string[] = [];
    const wordIds: number[] = [];
    splitWords(text).forEach((word, w) => {
      const pieces = this.word(w > 0 && this.join === 'space-prefixed' ? ' ' + word : word);
      for (let i = 0; i < pieces.ids.length; i++) {
        ids.push(pieces.ids[i]);
        tokens.push(pieces.tokens[i]);
        wordIds.push(w);
      }
    });
    return { ids, tokens, wordIds };
  }

  private word(key: string): { ids: number[]; tokens: string[] } {
    let hit = this.cache.get(key);
    if (!hit) {
      const tokens = this.tok.tokenize(key);
      hit = { tokens, ids: this.tok.convert_tokens_to_ids(tokens) };
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, hit);
    }
    return hit;
  }
}

function sameTokens(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}
