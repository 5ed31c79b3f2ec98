// Faithfulness of token attributions by erasure (DeYoung et al. 2020, ERASER; eraserbenchmark
// rationale_benchmark/metrics.py). j = the explained (predicted) class, m(·)_j its probability,
// r_k = the top-k% tokens by attribution (special tokens never counted nor erased):
//   comprehensiveness_k = m(x)_j − m(x \ r_k)_j     (higher: the top tokens were needed)
//   sufficiency_k       = m(x)_j − m(r_k)_j         (lower: the top tokens alone suffice; can be < 0)
//   AOPC_comp = 1/|B| Σ_{k∈B} comprehensiveness_k,  AOPC_suff likewise,  B = {1, 5, 10, 20, 50}%
// |r_k| = ceil(k · n) clamped to [1, n], n = non-special tokens. Erasure "remove" deletes tokens
// (ERASER); "mask" replaces them by the mask token (sequence length kept).
// Baseline: the same numbers for a uniformly random ranking (seeded), which any method should beat.
import type { Rng } from '../util/random';
import type { IdRow } from './text-input';

export const AOPC_FRACTIONS = [0.01, 0.05, 0.1, 0.2, 0.5];
export type ErasureMode = 'remove' | 'mask';

/** Class probabilities [rows][C] of a batch of token-id rows. */
export type ProbFn = (rows: IdRow[]) => number[][] | Promise<number[][]>;

export interface FaithfulnessInput extends IdRow {
  special: boolean[];
  target: number;
}

export interface FaithfulnessScores {
  comprehensiveness: number[]; // per fraction
  sufficiency: number[];
  aopcComprehensiveness: number;
  aopcSufficiency: number;
}

export interface FaithfulnessOptions {
  fractions?: number[];
  mode?: ErasureMode;
  maskId?: number;
  /** Random rankings averaged for the baseline. Default 1. */
  randomRepeats?: number;
}

export interface SentenceFaithfulness {
  /** m(x)_j */
  fullProb: number;
  methods: Record<string, FaithfulnessScores>;
  random: FaithfulnessScores;
}

/** Content positions sorted by descending score (ties: earlier first). */
export function rankTokens(scores: ArrayLike<number>, special: boolean[]): number[] {
  const pos = special.map((s, t) => (s ? -1 : t)).filter((t) => t >= 0);
  return pos.sort((a, b) => scores[b] - scores[a] || a - b);
}

export function rationaleSize(n: number, fraction: number): number {
  return Math.min(n, Math.max(1, Math.ceil(fraction * n - 1e-9)));
}

/** x \ r (keepOnly=false) or r plus special tokens (keepOnly=true). */
export function erase(input: FaithfulnessInput, rationale: Set<number>, keepOnly: boolean, mode: ErasureMode, maskId?: number): IdRow {
  const ids: number[] = [];
  const typeIds: number[] = [];
  input.ids.forEach((id, t) => {
    const drop = !input.special[t] && rationale.has(t) !== keepOnly;
    if (drop && mode === 'remove') return;
    if (drop && maskId === undefined) throw new Error('erasure mode "mask" needs maskId');
    ids.push(drop ? maskId! : id);
    typeIds.push(input.typeIds[t] ?? 0);
  });
  return { ids, typeIds };
}

function rowsForRanking(input: FaithfulnessInput, ranking: number[], fractions: number[], mode: ErasureMode, maskId?: number): IdRow[] {
  const rows: IdRow[] = [];
  for (const k of fractions) {
    const r = new Set(ranking.slice(0, rationaleSize(ranking.length, k)));
    rows.push(erase(input, r, false, mode, maskId), erase(input, r, true, mode, maskId));
  }
  return rows;
}

function scoresFrom(full: number, probs: number[][], offset: number, fractions: number[], target: number): FaithfulnessScores {
  const comprehensiveness = fractions.map((_, i) => full - probs[offset + 2 * i][target]);
  const sufficiency = fractions.map((_, i) => full - probs[offset + 2 * i + 1][target]);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  return { comprehensiveness, sufficiency, aopcComprehensiveness: mean(comprehensiveness), aopcSufficiency: mean(sufficiency) };
}

/** Comprehensiveness/sufficiency of every method's token scores on one sentence, in one batch. */
export async function sentenceFaithfulness(
  probFn: ProbFn,
  input: FaithfulnessInput,
  scoresByMethod: Record<string, ArrayLike<number>>,
  rng: Rng,
  opts: FaithfulnessOptions = {},
): Promise<SentenceFaithfulness | undefined> {
  const fractions = opts.fractions ?? AOPC_FRACTIONS;
  const mode = opts.mode ?? 'remove';
  const repeats = opts.randomRepeats ?? 1;
  const content = input.special.filter((s) => !s).length;
  if (content === 0) return undefined;
  const methods = Object.keys(scoresByMethod);
  const rows: IdRow[] = [{ ids: input.ids, typeIds: input.typeIds }];
  for (const m of methods) rows.push(...rowsForRanking(input, rankTokens(scoresByMethod[m], input.special), fractions, mode, opts.maskId));
  const contentPos = rankTokens(new Array(input.ids.length).fill(0), input.special);
  for (let r = 0; r < repeats; r++) rows.push(...rowsForRanking(input, rng.shuffle(contentPos), fractions, mode, opts.maskId));
  const probs = await probFn(rows);
  const full = probs[0][input.target];
  const per = 2 * fractions.length;
  const out: SentenceFaithfulness = { fullProb: full, methods: {}, random: meanScores([]) };
  methods.forEach((m, i) => (out.methods[m] = scoresFrom(full, probs, 1 + i * per, fractions, input.target)));
  const randoms = Array.from({ length: repeats }, (_, r) =>
    scoresFrom(full, probs, 1 + (methods.length + r) * per, fractions, input.target),
  );
  out.random = meanScores(randoms);
  return out;
}

/** Element-wise mean of several score sets (NaN-free: empty → zeros of length 0). */
export function meanScores(list: FaithfulnessScores[]): FaithfulnessScores {
  if (list.length === 0) return { comprehensiveness: [], sufficiency: [], aopcComprehensiveness: NaN, aopcSufficiency: NaN };
  const n = list.length;
  const avg = (pick: (s: FaithfulnessScores) => number[]) => pick(list[0]).map((_, i) => list.reduce((a, s) => a + pick(s)[i], 0) / n);
  return {
    comprehensiveness: avg((s) => s.comprehensiveness),
    sufficiency: avg((s) => s.sufficiency),
    aopcComprehensiveness: list.reduce((a, s) => a + s.aopcComprehensiveness, 0) / n,
    aopcSufficiency: list.reduce((a, s) => a + s.aopcSufficiency, 0) / n,
  };
}
