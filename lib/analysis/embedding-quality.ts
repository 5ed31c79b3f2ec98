// Embedding-space quality of a run's first-token embeddings in one pass over the pairwise
// distances: retrieval (precision@1, R-precision, MAP@R; ./retrieval) and silhouette (./silhouette),
// both against the gold labels.
import { forEachDistanceRow, type Matrix2D, type Metric } from './pairwise';
import { RetrievalAccumulator, retrievalForRow, type RetrievalScores } from './retrieval';
import { silhouetteForRow } from './silhouette';

export interface EmbeddingQuality extends RetrievalScores {
  silhouette: number;
  metric: Metric;
  n: number;
}

export function embeddingQuality(m: Matrix2D, labels: ArrayLike<number>, metric: Metric = 'euclidean'): EmbeddingQuality {
  if (labels.length !== m.rows) throw new RangeError(`${labels.length} labels for ${m.rows} embeddings`);
  let numClasses = 0;
  for (let i = 0; i < labels.length; i++) numClasses = Math.max(numClasses, labels[i] + 1);
  const acc = new RetrievalAccumulator();
  let sil = 0;
  forEachDistanceRow(m, metric, (i, dist) => {
    acc.add(retrievalForRow(i, dist, labels));
    sil += silhouetteForRow(i, dist, labels, numClasses);
  });
  return { ...acc.result(), silhouette: m.rows ? sil / m.rows : NaN, metric, n: m.rows };
}
