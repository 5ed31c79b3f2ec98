// Accuracy vs distance-to-centroid and vs sentence-length deciles for this run and the overlaid ones.
import { getDb } from '../../../lib/db/client';
import { decilesFigure } from '../../../lib/export/figures/run-figures';
import { runLosses } from '../../../lib/store/run-lookup';
import { getDecileCurves } from '../../../lib/store/views/deciles';
import { FigureCard } from '../../_components/charts/figure-card';

export async function DecileFigures({ runId, overlay, datasetName }: { runId: number; overlay: number[]; datasetName: string }) {
  const db = getDb();
  const ids = [runId, ...overlay];
  const runs = await runLosses(db, ids);
  const labels = new Map(runs.map((r) => [r.id, `${r.loss} · run ${r.id}`]));
  const [distance, length] = await Promise.all([getDecileCurves(db, ids, 'distance', labels), getDecileCurves(db, ids, 'length', labels)]);
  return (
    <div className="grid cols-2">
      {distance.missing ? (
        <div className="card muted">Distance deciles: {distance.missing}.</div>
      ) : (
        <FigureCard spec={decilesFigure(distance, datasetName)} />
      )}
      {length.missing ? (
        <div className="card muted">Length deciles: {length.missing}.</div>
      ) : (
        <FigureCard spec={decilesFigure(length, datasetName)} />
      )}
    </div>
  );
}
