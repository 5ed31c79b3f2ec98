// A fake but plausible few-shot run: accuracy grows with the sample size, DML losses help most on
// "ambiguous" sentences near the centroid (the authors' MR finding, docs/paper.md §3.2 B). Every number
// comes from a seeded PRNG, so the fixture is the same on every machine.
import { Rng, deriveSeed } from '../../lib/util/random';

export interface FixtureExample {
  id: number;
  label: number;
  ambiguity: number;
}

export const LOSS_GAIN: Record<string, number> = {
  ce: 0,
  'soft-triple': 0.035,
  'proxy-anchor': 0.04,
  supcon: 0.02,
  'proxy-nca': 0.015,
  triplet: 0.01,
};
/** How much ambiguity hurts: CE collapses near the centroid, DML losses much less. */
const AMBIGUITY_WEIGHT: Record<string, number> = { ce: 1.1 };
const DEFAULT_AMBIGUITY_WEIGHT = 0.45;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export interface SimulatedPrediction {
  exampleId: number;
  label: number;
  predicted: number;
  confidence: number;
  correct: boolean;
  probs: number[];
  embeddingRow: number;
}

export function simulatePredictions(
  examples: FixtureExample[],
  numClasses: number,
  opts: { loss: string; sampleSize: number; fold: number; datasetIndex: number; seed: number },
): SimulatedPrediction[] {
  const rng = new Rng(deriveSeed(opts.seed, `predictions:${opts.datasetIndex}:${opts.loss}:${opts.sampleSize}:${opts.fold}`));
  const skill =
    0.55 +
    0.05 * Math.log2(Math.max(1, opts.sampleSize) / 5) -
    0.04 * opts.datasetIndex +
    (LOSS_GAIN[opts.loss] ?? 0.02) +
    0.03 * rng.normal();
  const weight = AMBIGUITY_WEIGHT[opts.loss] ?? DEFAULT_AMBIGUITY_WEIGHT;
  return examples.map((ex, row) => {
    const pCorrect = sigmoid(6 * (skill - weight * (ex.ambiguity - 0.5) - 0.45) + 0.8);
    const correct = rng.next() < pCorrect;
    const predicted = correct ? ex.label : (ex.label + 1 + rng.int(numClasses - 1)) % numClasses;
    const floor = 1 / numClasses;
    const confidence = Math.min(0.999, floor + (1 - floor) * (correct ? 0.35 + 0.6 * rng.next() : 0.1 + 0.5 * rng.next()));
    const rest = (1 - confidence) / (numClasses - 1);
    const probs = Array.from({ length: numClasses }, (_, c) => (c === predicted ? confidence : rest));
    return { exampleId: ex.id, label: ex.label, predicted, confidence, correct, probs, embeddingRow: row };
  });
}

/** First-token embeddings: class blobs pulled towards the centroid by ambiguity. [n, dim] row-major. */
export function simulateEmbeddings(
  examples: FixtureExample[],
  numClasses: number,
  dim: number,
  seed: number,
  separation: number,
): Float32Array {
  const rng = new Rng(deriveSeed(seed, 'class-means'));
  const means = Array.from({ length: numClasses }, () => Array.from({ length: dim }, () => rng.normal()));
  const noise = new Rng(deriveSeed(seed, 'noise'));
  const out = new Float32Array(examples.length * dim);
  examples.forEach((ex, i) => {
    const scale = separation * (0.15 + 1.85 * (1 - ex.ambiguity));
    for (let d = 0; d < dim; d++) out[i * dim + d] = 8 * scale * means[ex.label][d] + 2 * noise.normal();
  });
  return out;
}

/** 2-D "projection" of the same structure, with one centre per class for proxy losses. */
export function simulateProjection(examples: FixtureExample[], numClasses: number, seed: number, separation: number) {
  const rng = new Rng(seed);
  const centre = (c: number) => [6 * Math.cos((2 * Math.PI * c) / numClasses), 6 * Math.sin((2 * Math.PI * c) / numClasses)];
  const coords = examples.map((ex) => {
    const [cx, cy] = centre(ex.label);
    const pull = separation * (1 - 0.8 * ex.ambiguity);
    return [cx * pull + 1.6 * rng.normal(), cy * pull + 1.6 * rng.normal()].map((v) => Math.round(v * 1000) / 1000);
  });
  const proxies = Array.from({ length: numClasses }, (_, c) => ({
    x: centre(c)[0] * separation,
    y: centre(c)[1] * separation,
    label: c,
    center: 0,
  }));
  return { coords, proxies };
}

/** Loss-term curves: total, CE and DML terms, and the cosine learning rate. */
export function simulateCurves(loss: string, steps: number, seed: number, beta: number) {
  const rng = new Rng(seed);
  const rows: { key: string; step: number; value: number }[] = [];
  for (let step = 1; step <= steps; step++) {
    const ce = 0.7 * Math.exp(-step / (steps / 4)) + 0.05 + 0.02 * Math.abs(rng.normal());
    const lr = 1e-5 * (step < 3 ? step / 3 : 0.5 * (1 + Math.cos((Math.PI * (step - 3)) / Math.max(1, steps - 3))));
    rows.push({ key: 'loss/ce', step, value: ce }, { key: 'lr', step, value: lr });
    if (loss === 'ce') rows.push({ key: 'loss', step, value: ce });
    else {
      const dml = 2.5 * Math.exp(-step / (steps / 3)) + 0.2 + 0.05 * Math.abs(rng.normal());
      rows.push({ key: 'loss/dml', step, value: dml }, { key: 'loss', step, value: beta * ce + (1 - beta) * dml });
    }
  }
  return rows;
}
