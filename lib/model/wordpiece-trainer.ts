// WordPiece vocabulary trainer.
//
// 1. Every text goes through BERT's basic tokenizer (bert-pre-tokenizer.ts): the same
//    normalization and whitespace/punctuation split the runtime tokenizer.json applies.
// 2. The alphabet: every character seen, in both forms ("c" starts a word, "##c" continues one),
//    so WordPiece never has to map a whole word to [UNK] because one character is missing in
//    one of its positions. If the alphabet alone does not fit, the rarest characters are dropped.
// 3. Merges, one at a time until the vocabulary is full or no pair occurs minFrequency times.
//    `scoring: 'frequency'` (default) merges the most frequent adjacent pair (BPE-style; what the
//    HF `tokenizers` WordPieceTrainer does under the hood).
//    `scoring: 'likelihood'` merges the pair maximizing count(ab) / (count(a) * count(b)), the
//    score the HF course uses to describe WordPiece. Measured on the SST-2 test sentences with a
//    vocabulary trained on MR+CR+SUBJ+MPQA+SST-2 train (8000 tokens), it segments far worse under
//    WordPiece's greedy longest-match: 3.1 tokens/word and 39% whole words vs 1.16 tokens/word and
//    89% whole words for 'frequency'; it favours rare units (digits first). Hence the default.
//    Counts are over word occurrences (word frequency weighted). Ties: lexicographically smaller
//    left unit, then right unit. The result depends only on the multiset of texts.
import { bertWords } from './bert-pre-tokenizer';
import { MergeQueue, type MergeCandidate } from './merge-queue';

export interface WordPieceTrainOptions {
  /** Final vocabulary size including the special tokens (an upper bound: training may stop early). */
  vocabSize: number;
  lowercase: boolean;
  /** Accent stripping; defaults to `lowercase` (as BertNormalizer with strip_accents null). */
  stripAccents?: boolean;
  /** A pair must occur at least this often to be merged. Default 2. */
  minFrequency?: number;
  /** Placed first, ids 0..n-1 (e.g. [PAD] [UNK] [CLS] [SEP] [MASK]). */
  specialTokens: string[];
  /** Placed last (RoBERTa's <mask>). */
  trailingSpecialTokens?: string[];
  /** Merge order: 'frequency' (default) or 'likelihood'; see the header. */
  scoring?: 'likelihood' | 'frequency';
  /** Default "##". */
  continuingSubwordPrefix?: string;
  /** Longer words become [UNK] at runtime and are skipped here. Default 100. */
  maxInputCharsPerWord?: number;
}

export interface WordPieceVocab {
  /** Token strings in id order. */
  vocab: string[];
  stats: { texts: number; words: number; uniqueWords: number; alphabet: number; merges: number; droppedChars: number };
}

const SYMBOL_LIMIT = 1 << 21; // pair key = left * SYMBOL_LIMIT + right stays below 2^53

interface Word {
  symbols: number[];
  freq: number;
}

export function trainWordPiece(texts: Iterable<string>, opts: WordPieceTrainOptions): WordPieceVocab {
  const prefix = opts.continuingSubwordPrefix ?? '##';
  const minFrequency = Math.max(1, opts.minFrequency ?? 2);
  const maxChars = opts.maxInputCharsPerWord ?? 100;
  const trailing = opts.trailingSpecialTokens ?? [];
  const specials = new Set([...opts.specialTokens, ...trailing]);
  if (specials.size !== opts.specialTokens.length + trailing.length) throw new RangeError('special tokens must be distinct');
  const budget = opts.vocabSize - specials.size;
  if (!Number.isInteger(opts.vocabSize) || budget < 2) {
    throw new RangeError(`vocabSize ${opts.vocabSize} leaves no room beside ${specials.size} special tokens`);
  }

  // --- word frequencies
  const wordFreq = new Map<string, number>();
  let textCount = 0;
  let wordCount = 0;
  for (const text of texts) {
    textCount++;
    for (const w of bertWords(text, { lowercase: opts.lowercase, stripAccents: opts.stripAccents })) {
      if (w.length > maxChars && [...w].length > maxChars) continue;
      wordFreq.set(w, (wordFreq.get(w) ?? 0) + 1);
      wordCount++;
    }
  }

  // --- alphabet: most frequent characters that fit (two forms each)
  const charFreq = new Map<string, number>();
  for (const [w, f] of wordFreq) for (const ch of w) charFreq.set(ch, (charFreq.get(ch) ?? 0) + f);
  const chars = [...charFreq.keys()].sort((a, b) => charFreq.get(b)! - charFreq.get(a)! || compare(a, b));
  const kept = chars.slice(0, Math.floor(budget / 2)).sort(compare);
  const keptSet = new Set(kept);

  const names: string[] = [];
  const ids = new Map<string, number>();
  const symbolCount: number[] = [];
  const symbolId = (name: string): number => {
    let id = ids.get(name);
    if (id === undefined) {
      id = names.length;
      if (id >= SYMBOL_LIMIT) throw new RangeError('too many symbols');
      names.push(name);
      ids.set(name, id);
      symbolCount.push(0);
    }
    return id;
  };
  const learned: string[] = [];
  for (const ch of kept) learned.push(ch);
  for (const ch of kept) learned.push(prefix + ch);
  for (const t of learned) symbolId(t);

  // --- words as symbol sequences
  const words: Word[] = [];
  for (const [w, freq] of wordFreq) {
    const cs = [...w];
    if (!cs.every((c) => keptSet.has(c))) continue;
    const symbols = cs.map((c, i) => ids.get(i === 0 ? c : prefix + c)!);
    for (const s of symbols) symbolCount[s] += freq;
    words.push({ symbols, freq });
  }

  const stats = new PairStats();
  words.forEach((word, wi) => stats.addWord(word, wi));

  const likelihood = opts.scoring === 'likelihood';
  const scoreOf = (key: number): number => {
    const c = stats.count.get(key) ?? 0;
    if (c < minFrequency) return -1;
    if (!likelihood) return c;
    const l = Math.floor(key / SYMBOL_LIMIT);
    return c / (symbolCount[l] * symbolCount[key - l * SYMBOL_LIMIT]);
  };
  // higher score first; ties: lexicographically smaller left unit, then right unit
  const tieOrder = (a: MergeCandidate, b: MergeCandidate) =>
    a.left !== b.left ? compare(names[a.left], names[b.left]) : compare(names[a.right], names[b.right]);
  const queue = new MergeQueue((a, b) => a.score > b.score || (a.score === b.score && tieOrder(a, b) < 0));
  const candidate = (key: number): MergeCandidate => ({
    score: scoreOf(key),
    left: Math.floor(key / SYMBOL_LIMIT),
    right: key % SYMBOL_LIMIT,
  });
  const enqueue = (key: number) => {
    const c = candidate(key);
    if (c.score > 0) queue.push(c);
  };
  for (const key of stats.count.keys()) enqueue(key);

  let merges = 0;
  while (learned.length < budget) {
    const best = queue.pop();
    if (!best) break;
    const key = best.left * SYMBOL_LIMIT + best.right;
    const current = scoreOf(key);
    if (best.score !== current) {
      // stale: the pair lost occurrences since it was queued (re-queue at its real score)
      if (!likelihood && current > 0) queue.push({ ...best, score: current });
      continue;
    }
    const right = names[best.right];
    const mergedName = names[best.left] + (right.startsWith(prefix) ? right.slice(prefix.length) : right);
    const isNew = !ids.has(mergedName) && !specials.has(mergedName);
    const merged = symbolId(mergedName);
    if (isNew) learned.push(mergedName);
    merges++;

    const touched = new Set<number>();
    for (const wi of [...(stats.where.get(key) ?? [])]) {
      const word = words[wi];
      stats.removeWord(word, wi, touched);
      word.symbols = mergeInWord(word, best.left, best.right, merged, symbolCount);
      stats.addWord(word, wi, touched);
    }
    if (likelihood) {
      // symbol counts of left, right and merged changed: so did the score of every pair holding them
      for (const s of [best.left, best.right, merged]) for (const k of stats.bySymbol.get(s) ?? []) touched.add(k);
      for (const k of touched) enqueue(k);
    } else {
      // by frequency only pairs with the merged symbol can have gained; the others lost
      // occurrences and are re-queued lazily when popped
      for (const k of touched) if (Math.floor(k / SYMBOL_LIMIT) === merged || k % SYMBOL_LIMIT === merged) enqueue(k);
    }
    if (queue.size > 8 * stats.count.size + 100_000) {
      queue.reset([...stats.count.keys()].map(candidate).filter((c) => c.score > 0));
    }
  }

  return {
    vocab: [...opts.specialTokens, ...learned, ...trailing],
    stats: {
      texts: textCount,
      words: wordCount,
      uniqueWords: wordFreq.size,
      alphabet: kept.length,
      merges,
      droppedChars: chars.length - kept.length,
    },
  };
}

/** Code-point order (not locale): deterministic everywhere. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function mergeInWord(word: Word, left: number, right: number, merged: number, symbolCount: number[]): number[] {
  const out: number[] = [];
  const s = word.symbols;
  for (let i = 0; i < s.length; i++) {
    if (i + 1 < s.length && s[i] === left && s[i + 1] === right) {
      out.push(merged);
      symbolCount[left] -= word.freq;
      symbolCount[right] -= word.freq;
      symbolCount[merged] += word.freq;
      i++;
    } else out.push(s[i]);
  }
  return out;
}

/** Adjacent-pair counts, which words hold each pair, and which pairs hold each symbol. */
class PairStats {
  readonly count = new Map<number, number>();
  readonly where = new Map<number, Set<number>>();
  readonly bySymbol = new Map<number, Set<number>>();

  addWord(word: Word, wi: number, touched?: Set<number>): void {
    const s = word.symbols;
    for (let i = 0; i + 1 < s.length; i++) {
      const key = s[i] * SYMBOL_LIMIT + s[i + 1];
      const prev = this.count.get(key) ?? 0;
      this.count.set(key, prev + word.freq);
      touched?.add(key);
      let ws = this.where.get(key);
      if (!ws) this.where.set(key, (ws = new Set()));
      ws.add(wi);
      if (prev === 0) {
        this.link(s[i], key);
        this.link(s[i + 1], key);
      }
    }
  }

  removeWord(word: Word, wi: number, touched: Set<number>): void {
    const s = word.symbols;
    for (let i = 0; i + 1 < s.length; i++) {
      const key = s[i] * SYMBOL_LIMIT + s[i + 1];
      const next = (this.count.get(key) ?? 0) - word.freq;
      touched.add(key);
      this.where.get(key)?.delete(wi);
      if (next > 0) {
        this.count.set(key, next);
        continue;
      }
      this.count.delete(key);
      this.where.delete(key);
      this.bySymbol.get(s[i])?.delete(key);
      this.bySymbol.get(s[i + 1])?.delete(key);
    }
  }

  private link(symbol: number, key: number): void {
    let ks = this.bySymbol.get(symbol);
    if (!ks) this.bySymbol.set(symbol, (ks = new Set()));
    ks.add(key);
  }
}
