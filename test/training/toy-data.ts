// A separable toy task for training tests: class 0 sentences use "positive" words, class 1
// "negative" ones, with shared filler words. Deterministic for a seed.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../lib/db/client';
import { Rng } from '../../lib/util/random';

const WORDS = [
  ['good', 'great', 'fine', 'nice', 'happy', 'bright', 'lovely', 'warm'],
  ['bad', 'awful', 'poor', 'sad', 'dull', 'grim', 'ugly', 'cold'],
  ['red', 'blue', 'green', 'pink', 'gold', 'gray', 'teal', 'plum'],
];
const FILLER = ['the', 'a', 'movie', 'was', 'very', 'and', 'it', 'is', 'plot', 'film'];

export function toySentences(n: number, numClasses: number, seed: number): { texts: string[]; labels: number[] } {
  const rng = new Rng(seed);
  const texts: string[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % numClasses;
    const len = 3 + rng.int(4);
    const words: string[] = [];
    for (let k = 0; k < len; k++) words.push(k % 2 === 0 ? WORDS[label][rng.int(8)] : FILLER[rng.int(FILLER.length)]);
    texts.push(words.join(' '));
    labels.push(label);
  }
  return { texts, labels };
}

/** Imports a toy dataset (train split, optional test split) straight into the Dataset/Example tables. */
export async function createToyDataset(
  db: Db,
  opts: { name?: string; n?: number; numClasses?: number; seed?: number; test?: number } = {},
): Promise<{ id: number; name: string }> {
  const name = opts.name ?? 'TOY';
  const C = opts.numClasses ?? 2;
  const train = toySentences(opts.n ?? 200, C, opts.seed ?? 1);
  const test = toySentences(opts.test ?? 0, C, (opts.seed ?? 1) + 1000);
  const rows = [
    ...train.texts.map((text, idx) => ({ split: 'train', idx, text, label: train.labels[idx] })),
    ...test.texts.map((text, idx) => ({ split: 'test', idx, text, label: test.labels[idx] })),
  ];
  const ds = await db.dataset.create({
    data: {
      name,
      source: 'file',
      numClasses: C,
      labelNamesJson: JSON.stringify(['pos', 'neg', 'hue'].slice(0, C)),
      origin: 'toy',
      checksum: name,
      examples: { create: rows },
    },
  });
  return { id: ds.id, name };
}

/** A corpus file for a tokenizer vocabulary covering the toy words. */
export function writeToyCorpus(dir: string): string {
  const file = path.join(dir, 'corpus.txt');
  fs.writeFileSync(file, [...toySentences(400, 3, 7).texts, ...WORDS.flat(), ...FILLER].join('\n') + '\n');
  return file;
}
