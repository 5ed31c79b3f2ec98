// Clearly-fake sentences for the dashboard fixture: short templated phrases, numbered so a test can
// find them, with a length that varies from 4 to about 40 words.
import type { Rng } from '../../lib/util/random';

const OPENERS = ['fixture sentence', 'sample text', 'test review', 'seeded line'];
const WORDS = [
  'the',
  'plot',
  'acting',
  'is',
  'warm',
  'but',
  'slow',
  'and',
  'a',
  'bit',
  'long',
  'with',
  'sharp',
  'dialogue',
  'yet',
  'thin',
  'characters',
  'score',
  'feels',
  'bright',
  'dull',
  'clever',
  'messy',
  'honest',
  'quiet',
  'loud',
  'ending',
  'works',
];

export interface FixtureLabels {
  name: string;
  labels: string[];
}

export const FIXTURE_DATASETS: FixtureLabels[] = [
  { name: 'MR (fixture)', labels: ['neg', 'pos'] },
  { name: 'TREC (fixture)', labels: ['ABBR', 'ENTY', 'DESC', 'HUM', 'LOC', 'NUM'] },
  { name: 'CR (fixture)', labels: ['neg', 'pos'] },
  { name: 'SUBJ (fixture)', labels: ['objective', 'subjective'] },
  { name: 'MPQA (fixture)', labels: ['neg', 'pos'] },
  { name: 'SST2 (fixture)', labels: ['neg', 'pos'] },
];

export function fixtureSentence(rng: Rng, datasetIndex: number, i: number): string {
  const n = 3 + Math.floor(rng.next() ** 1.5 * 36);
  const words = Array.from({ length: n }, () => WORDS[rng.int(WORDS.length)]);
  return `${OPENERS[datasetIndex % OPENERS.length]} ${i}: ${words.join(' ')}`;
}
