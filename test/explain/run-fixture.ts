// A finished run in a test database: a data set of the tiny-model sentences, Prediction rows,
// first-token embeddings (+ proxies) as Artifacts, and the tiny model saved as the run's model.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../lib/db/client';
import { dataHome, runDir } from '../../lib/paths';
import { writeArray } from '../../lib/store/arrays';
import { Rng } from '../../lib/util/random';
import { SENTENCES } from './tiny-model';

export async function makeDataset(db: Db, name = 'toy-reviews'): Promise<{ datasetId: number; exampleIds: number[] }> {
  const ds = await db.dataset.create({
    data: {
      name,
      source: 'file',
      numClasses: 2,
      labelNamesJson: '["neg","pos"]',
      origin: 'test',
      checksum: name,
      examples: { create: SENTENCES.map((text, idx) => ({ split: 'train', idx, text, label: idx % 2 === 0 ? 1 : 0 })) },
    },
    include: { examples: { orderBy: { idx: 'asc' } } },
  });
  return { datasetId: ds.id, exampleIds: ds.examples.map((e) => e.id) };
}

export interface FixtureRun {
  runId: number;
  exampleIds: number[];
}

/** A done run over `exampleIds`; modelDir is copied to <runDir>/model unless omitted. */
export async function makeFinishedRun(
  db: Db,
  datasetId: number,
  exampleIds: number[],
  opts: { modelDir?: string; proxies?: boolean; seed?: number; dim?: number } = {},
): Promise<FixtureRun> {
  const rng = new Rng(opts.seed ?? 1);
  const dim = opts.dim ?? 16;
  const examples = await db.example.findMany({ where: { id: { in: exampleIds } }, orderBy: { id: 'asc' } });
  const run = await db.run.create({
    data: {
      datasetId,
      status: 'done',
      configJson: JSON.stringify({ maxLength: 64 }),
      loss: opts.proxies ? 'soft-triple' : 'ce',
      beta: 1,
      seed: 1,
      finishedAt: new Date(),
    },
  });
  const centers = [rng.normalArray(dim, 0, 2), rng.normalArray(dim, 0, 2)];
  const emb = new Float32Array(examples.length * dim);
  examples.forEach((e, i) => {
    for (let j = 0; j < dim; j++) emb[i * dim + j] = centers[e.label][j] + rng.normal();
  });
  const dir = runDir(run.id);
  const artifacts = [];
  const { sha256, bytes } = writeArray(path.join(dir, 'embeddings.f32'), emb, [examples.length, dim]);
  artifacts.push({
    runId: run.id,
    kind: 'embeddings',
    path: path.relative(dataHome(), path.join(dir, 'embeddings.f32')),
    shapeJson: JSON.stringify([examples.length, dim]),
    dtype: 'float32',
    sha256,
    bytes,
  });
  if (opts.proxies) {
    const px = new Float32Array(4 * dim);
    for (let r = 0; r < 4; r++) for (let j = 0; j < dim; j++) px[r * dim + j] = centers[Math.floor(r / 2)][j] + 0.1 * rng.normal();
    const w = writeArray(path.join(dir, 'proxies.f32'), px, [4, dim]);
    artifacts.push({
      runId: run.id,
      kind: 'proxies',
      path: path.relative(dataHome(), path.join(dir, 'proxies.f32')),
      shapeJson: JSON.stringify([4, dim]),
      dtype: 'float32',
      ...w,
    });
    fs.writeFileSync(path.join(dir, 'proxies.json'), JSON.stringify({ rowClasses: [0, 0, 1, 1], rowCenters: [0, 1, 0, 1] }));
  }
  await db.artifact.createMany({ data: artifacts });
  await db.prediction.createMany({
    data: examples.map((e, i) => {
      const correct = i % 4 !== 3;
      const predicted = correct ? e.label : 1 - e.label;
      const confidence = 0.55 + 0.4 * rng.next();
      const probs = predicted === 1 ? [1 - confidence, confidence] : [confidence, 1 - confidence];
      return {
        runId: run.id,
        exampleId: e.id,
        label: e.label,
        predicted,
        confidence,
        correct,
        probsJson: JSON.stringify(probs),
        embeddingRow: i,
      };
    }),
  });
  if (opts.modelDir) fs.cpSync(opts.modelDir, path.join(dir, 'model'), { recursive: true });
  return { runId: run.id, exampleIds: examples.map((e) => e.id) };
}
