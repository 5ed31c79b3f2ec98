// The training and evaluation sentences of one run (one fold/seed) under its protocol:
//   kfold      the authors' protocol: `samples` drawn from the other folds, eval = the held-out fold
//   per-class  `perClass` examples of every class, eval = the rest of the pool
//   official   train sample from the train split (perClass per class, else `samples` uniform),
//              eval = the official test split
// --eval-limit then keeps a stratified, seeded subset of the evaluation sentences.
import type { Db } from '../db/client';
import { kfoldFewShot, perClassFewShot } from '../data/sampling';
import { loadSplit, officialTestSplit, type SplitData } from '../data/load-split';
import { deriveSeed, Rng } from '../util/random';
import type { TrainConfig } from './config';
import { stratifiedSubset } from './eval-subset';

export interface ExampleSet {
  ids: number[];
  texts: string[];
  pairs: string[] | null;
  labels: number[];
}

export interface RunData {
  train: ExampleSet;
  eval: ExampleSet;
  labelNames: string[];
}

function pick(split: SplitData, idx: number[]): ExampleSet {
  return {
    ids: idx.map((i) => split.ids[i]),
    texts: idx.map((i) => split.texts[i]),
    pairs: split.pairs ? idx.map((i) => split.pairs![i]) : null,
    labels: idx.map((i) => split.labels[i]),
  };
}

const all = (n: number) => Array.from({ length: n }, (_, i) => i);

export async function loadRunData(db: Db, config: TrainConfig, fold: number, seed: number): Promise<RunData> {
  const pool = await loadSplit(db, config.dataset, 'train');
  let trainIdx: number[];
  let evalIdx: number[];
  let evalSplit = pool;
  if (config.protocol === 'kfold') {
    const f = kfoldFewShot(pool.labels.length, { folds: config.folds, sampleSize: config.samples, seed })[fold];
    if (!f) throw new RangeError(`fold ${fold} does not exist with ${config.folds} folds`);
    ({ trainIdx, evalIdx } = f);
  } else if (config.protocol === 'per-class') {
    ({ trainIdx, evalIdx } = perClassFewShot(pool.labels, { perClass: config.perClass!, seed, labelNames: pool.labelNames }));
  } else {
    trainIdx = config.perClass
      ? perClassFewShot(pool.labels, { perClass: config.perClass, seed, evalIdx: 'none', labelNames: pool.labelNames }).trainIdx
      : new Rng(deriveSeed(seed, 'official-sample')).sample(all(pool.labels.length), config.samples).sort((a, b) => a - b);
    evalSplit = await loadSplit(db, config.dataset, await officialTestSplit(db, config.dataset));
    evalIdx = all(evalSplit.labels.length);
  }
  if (config.evalLimit !== undefined)
    evalIdx = stratifiedSubset(evalIdx, evalSplit.labels, config.evalLimit, deriveSeed(seed, `eval-limit-${fold}`));
  return { train: pick(pool, trainIdx), eval: pick(evalSplit, evalIdx), labelNames: pool.labelNames };
}
