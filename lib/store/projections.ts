// Repository of Projection rows: 2-D maps (UMAP, PCA) of a run's embeddings, coordinates aligned
// with the embedding rows and the loss's proxies placed on the same map. Read for display by
// ./views/embeddings.ts.
import type { Db } from '../db/client';

export interface NewProjection {
  runId: number;
  method: string;
  params: unknown;
  coords: [number, number][];
  /** Stored only when there are some. */
  proxies: unknown[];
}

/** Stores one map; returns its id. */
export async function saveProjection(db: Db, p: NewProjection): Promise<number> {
  const row = await db.projection.create({
    data: {
      runId: p.runId,
      method: p.method,
      paramsJson: JSON.stringify(p.params),
      coordsJson: JSON.stringify(p.coords),
      proxiesJson: p.proxies.length ? JSON.stringify(p.proxies) : null,
    },
  });
  return row.id;
}

/** How many maps of one method a run has whose parameters contain `paramsText` (e.g. `"metric":"cosine"`). */
export async function countProjections(db: Db, q: { runId: number; method: string; paramsText?: string }): Promise<number> {
  return db.projection.count({
    where: { runId: q.runId, method: q.method, ...(q.paramsText !== undefined ? { paramsJson: { contains: q.paramsText } } : {}) },
  });
}

/** The lowest run id that has a map, or undefined when none has. */
export async function firstProjectedRunId(db: Db): Promise<number | undefined> {
  return (await db.projection.findFirst({ orderBy: { runId: 'asc' }, select: { runId: true } }))?.runId;
}

/** Up to `take` other runs with a map trained like `run` (same data set, sample size, fold and seed), by id. */
export async function projectedRunsLike(
  db: Db,
  run: { id: number; datasetId: number; sampleSize: number | null; fold: number; seed: number },
  take: number,
): Promise<{ id: number; loss: string }[]> {
  return db.run.findMany({
    where: {
      datasetId: run.datasetId,
      sampleSize: run.sampleSize,
      fold: run.fold,
      seed: run.seed,
      id: { not: run.id },
      projections: { some: {} },
    },
    select: { id: true, loss: true },
    orderBy: { id: 'asc' },
    take,
  });
}
