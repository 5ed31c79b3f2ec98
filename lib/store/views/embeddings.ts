// Read model of the Embeddings page: the stored 2-D projection (UMAP or PCA) of a run's evaluated
// sentences, joined with their labels, predictions and texts, plus the loss's proxies/centres.
import type { Db } from '../../db/client';
import { parseJson } from './json';
import { getRunSummary, type RunSummary } from './run-detail';

/** At most this many points are drawn; the page says so when it shows fewer than there are. */
export const MAX_POINTS = 5000;
const TEXT_PREVIEW = 140;

export interface EmbeddingPoint {
  x: number;
  y: number;
  exampleId: number;
  label: number;
  predicted: number;
  correct: boolean;
  confidence: number;
  text: string;
}
export interface ProxyPoint {
  x: number;
  y: number;
  label: number;
  center: number;
}

export interface EmbeddingPanel {
  run: RunSummary;
  method?: string;
  params: Record<string, unknown>;
  points: EmbeddingPoint[];
  proxies: ProxyPoint[];
  total: number;
  /** Methods with a stored projection for this run. */
  available: string[];
  /** Distance metrics of the stored UMAP maps of this run. */
  umapMetrics: string[];
  /** Embedding quality from the latest 'retrieval' analysis (P@1, R-precision, MAP@R, silhouette). */
  retrieval?: { precisionAt1?: number; rPrecision?: number; mapAtR?: number; silhouette?: number; metric?: string; n?: number };
}

/** `metric`: for UMAP, only a map computed with this distance (both maps of a comparison share one). */
export async function getEmbeddingPanel(db: Db, runId: number, method?: string, metric?: string): Promise<EmbeddingPanel | undefined> {
  const run = await getRunSummary(db, runId);
  if (!run) return undefined;
  const [projections, analysis] = await Promise.all([
    db.projection.findMany({ where: { runId }, select: { id: true, method: true, paramsJson: true }, orderBy: { id: 'desc' } }),
    db.analysis.findFirst({ where: { runId, kind: 'retrieval' }, orderBy: { id: 'desc' }, select: { resultJson: true } }),
  ]);
  const retrieval = analysis ? parseJson<EmbeddingPanel['retrieval']>(analysis.resultJson, undefined) : undefined;
  const available = [...new Set(projections.map((p) => p.method))];
  const metricOf = (p: { paramsJson: string }) => parseJson<{ metric?: unknown }>(p.paramsJson, {}).metric;
  const umapMetrics = [
    ...new Set(
      projections
        .filter((p) => p.method === 'umap')
        .map(metricOf)
        .filter((m): m is string => typeof m === 'string'),
    ),
  ];
  const fits = (p: (typeof projections)[number]) => p.method !== 'umap' || metric === undefined || metricOf(p) === metric;
  const chosen =
    method === 'umap' && metric !== undefined
      ? projections.find((p) => p.method === 'umap' && fits(p))
      : (projections.find((p) => p.method === method) ?? projections.find((p) => p.method === 'umap') ?? projections[0]);
  if (!chosen) return { run, method, params: {}, points: [], proxies: [], total: 0, available, umapMetrics, retrieval };
  const projection = await db.projection.findUniqueOrThrow({ where: { id: chosen.id } });
  const coords = parseJson<[number, number][]>(projection.coordsJson, []);
  const predictions = await db.prediction.findMany({
    where: { runId, embeddingRow: { not: null } },
    select: {
      exampleId: true,
      label: true,
      predicted: true,
      correct: true,
      confidence: true,
      embeddingRow: true,
      example: { select: { text: true } },
    },
    orderBy: { embeddingRow: 'asc' },
  });
  const all = predictions.flatMap((p) => {
    const xy = coords[p.embeddingRow!];
    if (!xy || !Number.isFinite(xy[0]) || !Number.isFinite(xy[1])) return [];
    const text = p.example.text.length > TEXT_PREVIEW ? `${p.example.text.slice(0, TEXT_PREVIEW - 1)}…` : p.example.text;
    return [
      {
        x: xy[0],
        y: xy[1],
        exampleId: p.exampleId,
        label: p.label,
        predicted: p.predicted,
        correct: p.correct,
        confidence: p.confidence,
        text,
      },
    ];
  });
  return {
    run,
    method: projection.method,
    params: parseJson<Record<string, unknown>>(projection.paramsJson, {}),
    points: evenSample(all, MAX_POINTS),
    total: all.length,
    proxies: parseJson<ProxyPoint[]>(projection.proxiesJson, []).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)),
    available,
    umapMetrics,
    retrieval,
  };
}

/** Deterministic thinning (every k-th point) so two loads show the same points. */
function evenSample<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)]);
}
