// Accuracy per decile, several runs overlaid (the authors' MR analysis, docs/paper.md):
// the sentences every run evaluated are sorted by a key and cut into 10 equal-count groups
// (numpy.array_split: the first n % 10 groups get one more); x = the decile's rank (1..10, so
// bunched keys do not crowd one end of a linear axis), `key` = mean key of the group,
// y = each run's accuracy on it.
// - distance: ||e_i - mean(e)||_2 of first-token embeddings; `distanceFrom: 'own'` (default, the
//   run page) sorts each run by its own embeddings; 'reference' uses one run's embeddings for all
//   (CE first: the paper's figure, used by the export bundle);
// - length: whitespace word count of the sentence.
import type { Db } from '../../db/client';
import { readRunArray } from '../artifacts/run-artifacts';

export const DECILES = 10;
export type DecileKey = 'distance' | 'length';

export interface DecileCurves {
  by: DecileKey;
  referenceRunId?: number;
  sentences: number;
  /** 'own': each run's deciles come from its own embeddings (distance only). */
  distanceFrom?: 'own' | 'reference';
  /** x = decile rank 1..10; key = the group's mean distance or length. */
  runs: { runId: number; label: string; points: { x: number; key: number; accuracy: number; n: number }[] }[];
  /** Why there is nothing to show (no embeddings stored, no common sentences). */
  missing?: string;
}

/** Splits indices 0..n-1 (already in order) into `k` contiguous groups of near-equal size. */
export function equalCountGroups(n: number, k = DECILES): [number, number][] {
  const base = Math.floor(n / k);
  const extra = n % k;
  const out: [number, number][] = [];
  let start = 0;
  for (let g = 0; g < k; g++) {
    const size = base + (g < extra ? 1 : 0);
    if (size > 0) out.push([start, start + size]);
    start += size;
  }
  return out;
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Distances of each embedding row to the centroid of all rows. */
export function centroidDistances(data: Float32Array, rows: number, dim: number): Float64Array {
  const centroid = new Float64Array(dim);
  for (let r = 0; r < rows; r++) for (let d = 0; d < dim; d++) centroid[d] += data[r * dim + d];
  for (let d = 0; d < dim; d++) centroid[d] /= rows || 1;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += (data[r * dim + d] - centroid[d]) ** 2;
    out[r] = Math.sqrt(s);
  }
  return out;
}

export interface DecileOptions {
  /** Distance deciles from each run's own embeddings (default) or from one reference run's. */
  distanceFrom?: 'own' | 'reference';
}

export async function getDecileCurves(
  db: Db,
  runIds: number[],
  by: DecileKey,
  labels: Map<number, string> = new Map(),
  opts: DecileOptions = {},
): Promise<DecileCurves> {
  const predictions = await db.prediction.findMany({
    where: { runId: { in: runIds } },
    select: {
      runId: true,
      exampleId: true,
      correct: true,
      embeddingRow: true,
      ...(by === 'length' ? { example: { select: { text: true } } } : {}),
    },
  });
  const byRun = new Map<number, Map<number, (typeof predictions)[number]>>();
  for (const p of predictions) {
    let m = byRun.get(p.runId);
    if (!m) byRun.set(p.runId, (m = new Map<number, (typeof predictions)[number]>()));
    m.set(p.exampleId, p);
  }
  const present = runIds.filter((id) => byRun.has(id));
  if (present.length === 0) return { by, sentences: 0, runs: [], missing: 'no predictions stored for these runs' };
  const common = [...byRun.get(present[0])!.keys()].filter((ex) => present.every((id) => byRun.get(id)!.has(ex)));
  const curve = (runId: number, keyed: { exampleId: number; key: number }[]) => {
    keyed.sort((a, b) => a.key - b.key || a.exampleId - b.exampleId);
    const preds = byRun.get(runId)!;
    return {
      runId,
      label: labels.get(runId) ?? `run ${runId}`,
      points: equalCountGroups(keyed.length).map(([lo, hi], g) => {
        const slice = keyed.slice(lo, hi);
        const hits = slice.filter((k) => preds.get(k.exampleId)!.correct).length;
        return { x: g + 1, key: slice.reduce((a, k) => a + k.key, 0) / slice.length, accuracy: hits / slice.length, n: slice.length };
      }),
    };
  };
  const distancesOf = (runId: number, ref: { data: Float32Array; rows: number; dim: number }) => {
    const distances = centroidDistances(ref.data, ref.rows, ref.dim);
    const preds = byRun.get(runId)!;
    return common.flatMap((ex) => {
      const row = preds.get(ex)?.embeddingRow;
      return row !== null && row !== undefined && row < ref.rows ? [{ exampleId: ex, key: distances[row] }] : [];
    });
  };
  if (by === 'length') {
    const first = byRun.get(present[0])!;
    const keyed = common.map((ex) => ({
      exampleId: ex,
      key: wordCount((first.get(ex) as { example?: { text: string } }).example?.text ?? ''),
    }));
    return { by, sentences: keyed.length, runs: present.map((runId) => curve(runId, keyed.slice())) };
  }
  if (opts.distanceFrom === 'reference') {
    const ref = await referenceEmbeddings(db, present, true);
    if (!ref) return { by, sentences: common.length, runs: [], missing: 'none of these runs has stored embeddings' };
    const keyed = distancesOf(ref.runId, ref);
    return {
      by,
      distanceFrom: 'reference',
      referenceRunId: ref.runId,
      sentences: keyed.length,
      runs: present.map((runId) => curve(runId, keyed.slice())),
    };
  }
  const runs = [];
  let sentences = 0;
  for (const runId of present) {
    const own = await referenceEmbeddings(db, [runId], false);
    if (!own) continue; // a run without stored embeddings has no distance deciles of its own
    const keyed = distancesOf(runId, own);
    sentences = Math.max(sentences, keyed.length);
    runs.push(curve(runId, keyed));
  }
  if (runs.length === 0) return { by, sentences: common.length, runs: [], missing: 'none of these runs has stored embeddings' };
  return { by, distanceFrom: 'own', sentences, runs };
}

/** Embeddings of the first run (CE runs first when `ceFirst`) that has an embeddings artifact. */
async function referenceEmbeddings(db: Db, runIds: number[], ceFirst: boolean) {
  const artifacts = await db.artifact.findMany({
    where: { runId: { in: runIds }, kind: 'embeddings' },
    include: { run: { select: { loss: true } } },
  });
  artifacts.sort(
    (a, b) =>
      (ceFirst ? Number(b.run.loss === 'ce') - Number(a.run.loss === 'ce') : 0) || runIds.indexOf(a.runId) - runIds.indexOf(b.runId),
  );
  for (const a of artifacts) {
    try {
      const { data, shape } = await readRunArray(a.runId, a);
      if (shape.length !== 2) continue;
      return { runId: a.runId, data, rows: shape[0], dim: shape[1] };
    } catch {
      continue; // a missing or corrupt file: try the next run
    }
  }
  return undefined;
}
