// Sub-token scores → whitespace-word scores. A word's score is the SUM of its sub-token scores
// (inseq SubwordAggregator with sum; keeps completeness: Σ words + Σ special tokens = Σ tokens).
// Special tokens (wordId null) belong to no word. For a sentence pair the words of the second
// segment start after the first special token that follows first-segment content.
import type { Tokenized } from '../model/types';

export interface WordScore {
  word: string;
  score: number;
}

/** Readable form of a sub-token: strips "##" (WordPiece) and "Ġ"/"▁" (byte-level BPE / SentencePiece). */
export function cleanToken(token: string): string {
  return token.replace(/^##/, '').replace(/^[Ġ▁]/, '');
}

/** Words with summed scores, in order (first segment, then the pair's). */
export function aggregateWords(tok: Tokenized, scores: ArrayLike<number>, text: string, pair?: string): WordScore[] {
  const segments = [text, pair ?? ''].map((s) => s.trim().split(/\s+/).filter(Boolean));
  const out: WordScore[] = [];
  let segment = 0;
  let contentInSegment = false;
  let current: { key: string; word: string; score: number; pieces: string[]; known: boolean } | undefined;
  const flush = () => {
    if (current) out.push({ word: current.known ? current.word : current.pieces.join(''), score: current.score });
    current = undefined;
  };
  tok.wordIds.forEach((w, t) => {
    if (w === null) {
      flush();
      if (contentInSegment && segment === 0 && pair) segment = 1;
      contentInSegment = false;
      return;
    }
    contentInSegment = true;
    const key = `${segment}:${w}`;
    if (current?.key !== key) {
      flush();
      const word = segments[segment]?.[w];
      current = { key, word: word ?? '', score: 0, pieces: [], known: word !== undefined };
    }
    current.score += scores[t];
    current.pieces.push(cleanToken(tok.tokens[t]));
  });
  flush();
  return out;
}
