// A fixture run's files and file-backed rows: its embeddings array (written to the data home, as a
// trained run's would be), UMAP and PCA projections, and a kept-model record without weights.
import path from 'node:path';
import type { Db } from '../../lib/db/client';
import { writeArray } from '../../lib/store/arrays';
import { createFixtureArtifact, createFixtureProjection } from '../../lib/store/fixture/fixture-rows';
import { deriveSeed } from '../../lib/util/random';
import { simulateEmbeddings, simulateProjection, type FixtureExample } from './simulate';

const EMBEDDING_DIM = 16;

export async function seedRunEmbeddings(
  db: Db,
  runId: number,
  loss: string,
  examples: FixtureExample[],
  numClasses: number,
  o: { seed: number; dataHome: string },
): Promise<void> {
  const separation = loss === 'ce' ? 0.45 : 1;
  const embeddings = simulateEmbeddings(examples, numClasses, EMBEDDING_DIM, deriveSeed(o.seed, `emb:${runId}`), separation);
  const rel = path.join('runs', String(runId), 'embeddings.f32');
  const shape = [examples.length, EMBEDDING_DIM];
  const { sha256, bytes } = writeArray(path.join(o.dataHome, rel), embeddings, shape);
  await createFixtureArtifact(db, {
    runId,
    kind: 'embeddings',
    path: rel,
    shapeJson: JSON.stringify(shape),
    dtype: 'float32',
    sha256,
    bytes,
  });
  for (const method of ['umap', 'pca']) {
    const { coords, proxies } = simulateProjection(examples, numClasses, deriveSeed(o.seed, `proj:${runId}:${method}`), separation);
    await createFixtureProjection(db, {
      runId,
      method,
      paramsJson: JSON.stringify(method === 'umap' ? { nNeighbors: 15, minDist: 0.1, seed: o.seed } : { components: 2 }),
      coordsJson: JSON.stringify(coords),
      proxiesJson: loss === 'ce' ? null : JSON.stringify(proxies),
    });
  }
}

/** A kept-model record (no weights behind it) so the Sentences page offers compute-on-demand. */
export async function seedKeptModelRecord(db: Db, runId: number): Promise<void> {
  await createFixtureArtifact(db, {
    runId,
    kind: 'checkpoint',
    path: `runs/${runId}/model`,
    shapeJson: '[]',
    dtype: 'fixture',
    sha256: 'fixture',
    bytes: 0,
  });
}
