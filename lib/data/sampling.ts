// Few-shot samples, deterministic from a seed (lib/util/random.ts). Indices refer to the pool
// array: a data set's train split in idx order (loadSplit). Two protocols:
//
// (a) kfoldFewShot, the authors' protocol (docs/paper.md §1.3-1.4): shuffle the pool, cut it into K
//     contiguous folds of the shuffled order (sizes as sklearn's KFold: the first n % K folds get
//     one more), and for each fold draw `sampleSize` training examples uniformly without
//     replacement from the other folds (not stratified); evaluate on the whole held-out fold.
//     Each fold draws from its own stream (deriveSeed(seed, "fold-<k>")), so one fold can be
//     re-run alone and gets the same sample.
// (b) perClassFewShot, SetFit-style (docs/paper.md §1.9): exactly N examples of every class;
//     evaluation on the rest of the pool, or on an official test split (evalIdx: 'none').
// (c) The official test split is chosen with `officialTestSplit` (load-split.ts).
//
// Returned index lists are sorted ascending.
import { ConfigError } from '../errors';
import { deriveSeed, Rng } from '../util/random';

export interface KFoldOptions {
  folds: number;
  sampleSize: number;
  seed: number;
}

export interface FoldSample {
  fold: number;
  trainIdx: number[];
  evalIdx: number[];
}

export interface PerClassOptions {
  perClass: number;
  seed: number;
  /** 'rest' (default): evaluate on the pool minus the sample; 'none': an official test split is used instead. */
  evalIdx?: 'rest' | 'none';
  /** Names for error messages (label index -> name). */
  labelNames?: string[];
}

export interface PerClassSample {
  trainIdx: number[];
  evalIdx: number[];
}

const asc = (a: number, b: number) => a - b;

function isCount(n: number, min: number): boolean {
  return Number.isInteger(n) && n >= min;
}

/** k distinct items of `items`, uniformly, by a partial Fisher-Yates shuffle of a copy. */
function draw(items: readonly number[], k: number, rng: Rng): number[] {
  const a = items.slice();
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(a.length - i);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

/** Sizes of K contiguous folds over n items, as sklearn's KFold. */
export function foldSizes(n: number, folds: number): number[] {
  return Array.from({ length: folds }, (_, f) => Math.floor(n / folds) + (f < n % folds ? 1 : 0));
}

export function kfoldFewShot(poolSize: number, { folds, sampleSize, seed }: KFoldOptions): FoldSample[] {
  const problems: string[] = [];
  if (!isCount(poolSize, 1)) problems.push(`pool size must be a positive integer, got ${poolSize}`);
  if (!isCount(folds, 2)) problems.push(`folds must be an integer >= 2, got ${folds}`);
  else if (folds > poolSize) problems.push(`folds (${folds}) cannot exceed the pool size (${poolSize})`);
  if (!isCount(sampleSize, 1)) problems.push(`sampleSize must be a positive integer, got ${sampleSize}`);
  if (!Number.isFinite(seed)) problems.push(`seed must be a number, got ${seed}`);
  if (problems.length === 0) {
    const available = poolSize - Math.max(...foldSizes(poolSize, folds));
    if (sampleSize > available) {
      problems.push(`sampleSize ${sampleSize} is larger than the ${available} examples outside the largest fold ` +
        `(pool ${poolSize}, ${folds} folds); use fewer folds or a smaller sample`);
    }
  }
  if (problems.length) throw new ConfigError(problems, 'k-fold few-shot options');

  const order = new Rng(seed).shuffle(Array.from({ length: poolSize }, (_, i) => i));
  const sizes = foldSizes(poolSize, folds);
  const out: FoldSample[] = [];
  let start = 0;
  for (let f = 0; f < folds; f++) {
    const end = start + sizes[f];
    const others = order.slice(0, start).concat(order.slice(end));
    const trainIdx = draw(others, sampleSize, new Rng(deriveSeed(seed, `fold-${f}`))).sort(asc);
    out.push({ fold: f, trainIdx, evalIdx: order.slice(start, end).sort(asc) });
    start = end;
  }
  return out;
}

export function perClassFewShot(labels: readonly number[], opts: PerClassOptions): PerClassSample {
  const { perClass, seed, evalIdx = 'rest', labelNames } = opts;
  const problems: string[] = [];
  if (!isCount(perClass, 1)) problems.push(`perClass must be a positive integer, got ${perClass}`);
  if (!Number.isFinite(seed)) problems.push(`seed must be a number, got ${seed}`);
  if (labels.length === 0) problems.push('the pool is empty');
  if (problems.length) throw new ConfigError(problems, 'per-class few-shot options');

  const byClass = new Map<number, number[]>();
  labels.forEach((l, i) => {
    if (!byClass.has(l)) byClass.set(l, []);
    byClass.get(l)!.push(i);
  });
  // every named class must be present, not only those that occur
  for (let c = 0; c < (labelNames?.length ?? 0); c++) if (!byClass.has(c)) byClass.set(c, []);
  const classes = [...byClass.keys()].sort(asc);
  const name = (c: number) => (labelNames?.[c] !== undefined ? `"${labelNames[c]}" (${c})` : String(c));
  for (const c of classes) {
    const n = byClass.get(c)!.length;
    if (n < perClass) problems.push(`class ${name(c)} has ${n} example${n === 1 ? '' : 's'} in the pool, fewer than perClass = ${perClass}`);
  }
  if (problems.length) throw new ConfigError(problems, 'per-class few-shot options');

  const rng = new Rng(deriveSeed(seed, 'per-class'));
  const trainIdx = classes.flatMap((c) => draw(byClass.get(c)!, perClass, rng)).sort(asc);
  if (evalIdx === 'none') return { trainIdx, evalIdx: [] };
  const chosen = new Set(trainIdx);
  const rest: number[] = [];
  for (let i = 0; i < labels.length; i++) if (!chosen.has(i)) rest.push(i);
  return { trainIdx, evalIdx: rest };
}
