// Library entry points of `dml-lens project` and `dml-lens analyze` (also used by the job worker
// and the dashboard). Results are stored as Projection / Analysis rows.
import type { Db } from '../db/client';
import { UserError } from '../errors';
import { saveAnalysis } from '../store/analyses';
import { saveProjection } from '../store/projections';
import { embeddingQuality, type EmbeddingQuality } from './embedding-quality';
import { forEachCrossDistanceRow, type Metric } from './pairwise';
import { fitPca, pcaTransform } from './pca';
import { accuracyByDecile, centroidDistances, reliabilityReport, wordCount, type ReliabilityResult } from './reliability';
import { loadRunEmbeddings, selectRows, type RunEmbeddings } from './run-embeddings';
import { placeByNeighbors, umapProject } from './umap';

export type MetricChoice = Metric | 'auto';

/** 'auto': cosine when the loss has proxies/centres (cosine-based DML losses), else euclidean. */
export function resolveMetric(choice: MetricChoice | undefined, e: RunEmbeddings): Metric {
  if (choice && choice !== 'auto') return choice;
  return e.proxies ? 'cosine' : 'euclidean';
}

async function backend(): Promise<void> {
  const { initBackend } = await import('../backend/backend');
  await initBackend({ quiet: true });
}

export interface ProjectRequest {
  runId: number;
  method?: 'umap' | 'pca';
  nNeighbors?: number;
  minDist?: number;
  seed?: number;
  nEpochs?: number;
  metric?: MetricChoice;
}

export interface ProjectSummary {
  projectionId: number;
  method: 'umap' | 'pca';
  params: Record<string, unknown>;
  points: number;
  proxies: number;
  ms: number;
}

export async function projectRun(
  db: Db,
  req: ProjectRequest,
  hooks: { onProgress?(done: number, total: number): void | Promise<void> } = {},
): Promise<ProjectSummary> {
  const method = req.method ?? 'umap';
  if (method !== 'umap' && method !== 'pca') throw new UserError(`unknown projection method "${String(method)}" (valid: umap, pca)`);
  const e = await loadRunEmbeddings(db, req.runId);
  await backend();
  const t0 = performance.now();
  let coords: [number, number][];
  let proxyCoords: [number, number][] = [];
  let params: Record<string, unknown>;
  if (method === 'pca') {
    const model = fitPca(e.matrix, 2);
    coords = pcaTransform(model, e.matrix);
    if (e.proxies) proxyCoords = pcaTransform(model, e.proxies.matrix);
    params = { explainedVarianceRatio: model.explainedVarianceRatio, proxies: e.proxies ? 'projected on the same axes' : 'none' };
  } else {
    const metric = resolveMetric(req.metric, e);
    const r = umapProject(e.matrix, {
      nNeighbors: req.nNeighbors,
      minDist: req.minDist,
      seed: req.seed,
      nEpochs: req.nEpochs,
      metric,
      onProgress: (done, total) => void hooks.onProgress?.(done, total),
    });
    coords = r.coords;
    if (e.proxies) {
      const dist: Float32Array[] = [];
      forEachCrossDistanceRow(e.proxies.matrix, e.matrix, metric, (_, d) => dist.push(Float32Array.from(d)));
      proxyCoords = placeByNeighbors(dist, coords, r.params.nNeighbors);
    }
    params = { ...r.params, proxies: e.proxies ? 'placed at the membership-weighted mean of their nNeighbors nearest sentences' : 'none' };
  }
  const proxies = e.proxies
    ? proxyCoords.map(([x, y], i) => ({ x, y, label: e.proxies!.rowClasses[i], center: e.proxies!.rowCenters[i] }))
    : [];
  const round = (v: number) => Math.round(v * 1e5) / 1e5;
  const projectionId = await saveProjection(db, {
    runId: req.runId,
    method,
    params,
    coords: coords.map(([x, y]) => [round(x), round(y)]),
    proxies: proxies.map((p) => ({ ...p, x: round(p.x), y: round(p.y) })),
  });
  return { projectionId, method, params, points: coords.length, proxies: proxies.length, ms: performance.now() - t0 };
}

export interface AnalyzeRequest {
  runId: number;
  /** Retrieval/silhouette distance. Default 'auto'. */
  metric?: MetricChoice;
  /** Take the distance-to-centroid axis from this run's embeddings (the paper uses the CE model's for all). */
  distanceRunId?: number;
}

export interface AnalyzeSummary {
  reliabilityId: number;
  retrievalId: number;
  reliability: ReliabilityResult & { distanceRunId?: number };
  retrieval: EmbeddingQuality;
}

export async function analyzeRun(db: Db, req: AnalyzeRequest): Promise<AnalyzeSummary> {
  const e = await loadRunEmbeddings(db, req.runId);
  await backend();
  const rows = e.rows;
  const m = selectRows(
    e.matrix,
    rows.map((r) => r.embeddingRow),
  );
  const correct = rows.map((r) => r.correct);
  const reliability: ReliabilityResult & { distanceRunId?: number } = reliabilityReport({
    embeddings: m,
    correct,
    confidences: rows.map((r) => r.confidence),
    lengths: rows.map((r) => wordCount(r.text, r.textPair)),
  });
  if (req.distanceRunId !== undefined) {
    const ref = await loadRunEmbeddings(db, req.distanceRunId);
    const refDist = centroidDistances(
      selectRows(
        ref.matrix,
        ref.rows.map((r) => r.embeddingRow),
      ),
    );
    const byExample = new Map(ref.rows.map((r, i) => [r.exampleId, refDist[i]]));
    const common = rows.map((r, i) => ({ d: byExample.get(r.exampleId), ok: correct[i] })).filter((x) => x.d !== undefined);
    if (common.length === 0) throw new UserError(`runs ${req.runId} and ${req.distanceRunId} evaluated no common sentence`);
    reliability.distanceDeciles = accuracyByDecile(
      common.map((x) => x.d!),
      common.map((x) => x.ok),
    );
    reliability.distanceRunId = req.distanceRunId;
  }
  const retrieval = embeddingQuality(
    m,
    rows.map((r) => r.label),
    resolveMetric(req.metric, e),
  );
  const params = { metric: retrieval.metric, distanceRunId: req.distanceRunId ?? null, n: rows.length };
  const [reliabilityId, retrievalId] = await Promise.all([
    saveAnalysis(db, { runId: req.runId, kind: 'reliability', params, result: reliability }),
    saveAnalysis(db, { runId: req.runId, kind: 'retrieval', params, result: retrieval }),
  ]);
  return { reliabilityId, retrievalId, reliability, retrieval };
}
