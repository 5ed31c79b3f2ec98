import { getDb } from '../../lib/db/client';
import { embeddingFigure, MAP_STYLES, type ColourBy, type MapStyle } from '../../lib/export/figures/embedding-figure';
import { firstProjectedRunId, projectedRunsLike } from '../../lib/store/projections';
import { getEmbeddingPanel, type EmbeddingPanel } from '../../lib/store/views/embeddings';
import { listRunChoices } from '../../lib/store/views/run-choices';
import { RunPicker } from '../_components/run-picker';
import { FigureCard } from '../_components/charts/figure-card';

export const metadata = { title: 'Embeddings' };

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const int = (v: string | undefined) => (v !== undefined && v !== '' && Number.isInteger(Number(v)) ? Number(v) : undefined);
const COLOUR_BY: ColourBy[] = ['label', 'prediction', 'correctness'];
const METRICS = ['cosine', 'euclidean'];
const fmt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(3));

export default async function EmbeddingsPage({ searchParams }: { searchParams: Promise<SP> }) {
  const sp = await searchParams;
  const db = getDb();
  const method = one(sp.method) === 'pca' ? 'pca' : 'umap';
  const colourBy = (COLOUR_BY as string[]).includes(one(sp.colour) ?? '') ? (one(sp.colour) as ColourBy) : 'label';
  const style: MapStyle = one(sp.style) === 'density' ? 'density' : 'points';
  const runA = int(one(sp.runA)) ?? (await firstProjectedRunId(db));
  if (runA === undefined) {
    return (
      <>
        <h1>Embeddings</h1>
        <p className="card muted">
          No projection stored yet: the worker computes UMAP/PCA maps of finished runs (<code>dml-lens project</code>).
        </p>
      </>
    );
  }
  const first = await getEmbeddingPanel(db, runA, method);
  if (!first)
    return (
      <>
        <h1>Embeddings</h1>
        <p className="card warn">There is no run {runA}.</p>
      </>
    );
  const candidates = await projectedRunsLike(
    db,
    { id: runA, datasetId: first.run.dataset.id, sampleSize: first.run.sampleSize, fold: first.run.fold, seed: first.run.seed },
    30,
  );
  const like = { datasetId: first.run.dataset.id, sampleSize: first.run.sampleSize, fold: first.run.fold, seed: first.run.seed };
  const [choicesA, choicesB] = await Promise.all([
    listRunChoices(db),
    listRunChoices(db, { datasetId: first.run.dataset.id, like, exclude: runA }),
  ]);
  const explicitB = one(sp.runB);
  const runB =
    explicitB !== undefined
      ? int(explicitB)
      : (candidates.find((c) => (first.run.loss === 'ce') !== (c.loss === 'ce')) ?? candidates[0])?.id;
  const firstB = runB !== undefined ? await getEmbeddingPanel(db, runB, method) : undefined;
  // one UMAP metric for both maps: the chosen one, else one both runs have (cosine first), else run A's
  const asked = one(sp.metric);
  const both = METRICS.filter((m) => first.umapMetrics.includes(m) && (!firstB || firstB.umapMetrics.includes(m)));
  const metric = method !== 'umap' ? undefined : METRICS.includes(asked ?? '') ? asked! : (both[0] ?? first.umapMetrics[0]);
  const a = metric ? (await getEmbeddingPanel(db, runA, method, metric))! : first;
  const b = firstB && metric ? await getEmbeddingPanel(db, firstB.run.id, method, metric) : firstB;
  const panels = [a, ...(b ? [b] : [])];
  const other = (p: EmbeddingPanel) => (p === a ? b?.run.id : a.run.id);
  const href = (p: EmbeddingPanel) => (exampleId: number) =>
    `/sentences?runA=${p.run.id}${other(p) !== undefined ? `&runB=${other(p)}` : ''}&focus=${exampleId}#focus`;
  return (
    <>
      <h1>Embeddings</h1>
      <p className="subtitle">
        First-token embeddings of the evaluated sentences, projected to 2-D, {panels.length > 1 ? 'two runs side by side' : 'one run'}
        {metric ? `, both mapped with the ${metric} distance` : ''}. Diamonds: the loss&apos;s proxies or class centres. Hover a point for
        its sentence; click it to open the sentence.
      </p>
      <form method="get" className="filters" aria-label="Embedding settings">
        <RunPicker name="runA" label="Run A" value={runA} choices={choicesA} />
        <RunPicker name="runB" label="Run B" value={b?.run.id} choices={choicesB} optional />
        <label>
          Projection
          <select name="method" defaultValue={method}>
            <option value="umap">UMAP</option>
            <option value="pca">PCA</option>
          </select>
        </label>
        <label>
          UMAP metric
          <select name="metric" defaultValue={metric ?? ''} disabled={method !== 'umap'}>
            {METRICS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label>
          Colour by
          <select name="colour" defaultValue={colourBy}>
            {COLOUR_BY.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          Draw as
          <select name="style" defaultValue={style}>
            {MAP_STYLES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Show</button>
      </form>
      <div className="grid cols-2">
        {panels.map((p) =>
          p.points.length ? (
            <div key={p.run.id}>
              <FigureCard spec={embeddingFigure(p, colourBy, href(p), style)} />
              <p className="small muted">
                {p.method?.toUpperCase()} parameters:{' '}
                {Object.entries(p.params)
                  .map(([k, v]) => `${k}=${String(v)}`)
                  .join(', ') || '–'}
                {p.available.length > 1 ? ` · also stored: ${p.available.filter((m) => m !== p.method).join(', ')}` : ''}
              </p>
              {p.retrieval ? (
                <p className="small" data-testid="retrieval">
                  Embedding quality ({p.retrieval.metric ?? '?'} distance, {p.retrieval.n ?? '?'} sentences): P@1{' '}
                  {fmt(p.retrieval.precisionAt1)} · R-precision {fmt(p.retrieval.rPrecision)} · MAP@R {fmt(p.retrieval.mapAtR)} · silhouette{' '}
                  {fmt(p.retrieval.silhouette)}
                </p>
              ) : (
                <p className="small muted">
                  No retrieval analysis stored (<code>dml-lens analyze --run {p.run.id}</code>).
                </p>
              )}
            </div>
          ) : (
            <p key={p.run.id} className="card muted" data-testid="no-map">
              Run {p.run.id} has no {method.toUpperCase()} map{metric ? ` with the ${metric} metric` : ''} stored:{' '}
              <code>
                npx dml-lens project --run {p.run.id} --method {method}
                {metric ? ` --metric ${metric}` : ''}
              </code>
              {metric && p.umapMetrics.length ? ` (or choose ${p.umapMetrics.join(' or ')}, stored for this run, for both maps)` : ''}.
            </p>
          ),
        )}
      </div>
    </>
  );
}
