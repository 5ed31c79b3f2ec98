// Masked-language-model corruption (Devlin et al. 2019, BERT §3.1): choose 15% of the real,
// non-special tokens; of those, 80% become [MASK], 10% a random token, 10% stay unchanged.
// Whole-word masking (BERT's later release) chooses whole words and masks all their pieces.
import { Rng } from '../util/random';
import type { TokenBatch } from '../model/types';

export interface MaskingOptions {
  probability: number; // 0.15
  maskId: number;
  vocabSize: number;
  specialIds: Set<number>; // never chosen (CLS, SEP, PAD, ...)
  /** Per row: the word index of each token (null for specials); enables whole-word masking. */
  wordIds?: (number | null)[][];
  wholeWord?: boolean;
}

export interface MaskedBatch {
  inputIds: Int32Array; // corrupted ids, same layout as the batch
  /** Flat positions (row * seqLen + col) that the loss predicts, and their original ids. */
  positions: Int32Array;
  targets: Int32Array;
}

export function maskTokens(batch: TokenBatch, rng: Rng, opts: MaskingOptions): MaskedBatch {
  const { batchSize, seqLen } = batch;
  const inputIds = Int32Array.from(batch.inputIds);
  const chosen: number[] = [];
  for (let row = 0; row < batchSize; row++) {
    const candidates: number[][] = []; // groups of flat positions masked together
    const words = opts.wholeWord ? opts.wordIds?.[row] : undefined;
    let lastWord: number | null = null;
    for (let col = 0; col < batch.lengths[row]; col++) {
      const p = row * seqLen + col;
      if (opts.specialIds.has(batch.inputIds[p])) {
        lastWord = null;
        continue;
      }
      const w = words?.[col] ?? null;
      if (words && w !== null && w === lastWord) candidates[candidates.length - 1].push(p);
      else candidates.push([p]);
      lastWord = w;
    }
    if (candidates.length === 0) continue;
    // at least one prediction per row so short sentences still teach something
    const n = Math.max(1, Math.round(candidates.length * opts.probability));
    for (const group of rng.sample(candidates, Math.min(n, candidates.length))) chosen.push(...group);
  }
  chosen.sort((a, b) => a - b);
  const positions = Int32Array.from(chosen);
  const targets = new Int32Array(positions.length);
  positions.forEach((p, i) => {
    targets[i] = batch.inputIds[p];
    const r = rng.next();
    if (r < 0.8) inputIds[p] = opts.maskId;
    else if (r < 0.9) inputIds[p] = randomNonSpecial(rng, opts);
    // else: keep the original token
  });
  return { inputIds, positions, targets };
}

function randomNonSpecial(rng: Rng, opts: MaskingOptions): number {
  for (;;) {
    const id = rng.int(opts.vocabSize);
    if (!opts.specialIds.has(id)) return id;
  }
}
