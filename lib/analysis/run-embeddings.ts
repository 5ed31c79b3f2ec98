// A finished run's stored first-token embeddings (Artifact 'embeddings', row i = Prediction with
// embeddingRow i), its evaluated sentences in embedding-row order, and the loss's proxies/centres
// (Artifact 'proxies' + proxies.json {rowClasses, rowCenters} next to it) when the loss has them.
import fs from 'node:fs';
import type { Db } from '../db/client';
import { UserError } from '../errors';
import { localArtifactFile, readRunArray, siblingPath } from '../store/artifacts/run-artifacts';
import { embeddedPredictions } from '../store/predictions';
import { findRunHeader, runArtifactsOfKinds } from '../store/run-lookup';
import type { Matrix2D } from './pairwise';

export interface EvaluatedRow {
  exampleId: number;
  embeddingRow: number;
  label: number;
  predicted: number;
  correct: boolean;
  confidence: number;
  text: string;
  textPair: string | null;
}

export interface RunEmbeddings {
  runId: number;
  loss: string;
  /** Every row of the embeddings file. */
  matrix: Matrix2D;
  /** Predictions with an embedding row, ascending embeddingRow. */
  rows: EvaluatedRow[];
  proxies?: { matrix: Matrix2D; rowClasses: number[]; rowCenters: number[] };
}

async function readMatrix(runId: number, a: { path: string; sha256: string }, what: string): Promise<Matrix2D> {
  const { data, shape } = await readRunArray(runId, a); // checks the file's sha256; errors name run and file
  if (shape.length !== 2) throw new UserError(`run ${runId}: ${what} file ${a.path} has shape [${shape.join(',')}], expected [rows, dim]`);
  return { data, rows: shape[0], cols: shape[1] };
}

export async function loadRunEmbeddings(db: Db, runId: number, _opts: { withText?: boolean } = {}): Promise<RunEmbeddings> {
  const run = await findRunHeader(db, runId);
  if (!run) throw new UserError(`run ${runId} does not exist (see \`dml-lens runs list\`)`);
  if (run.status !== 'done') throw new UserError(`run ${runId} is ${run.status}; projections and analyses need a finished run`);
  const artifacts = await runArtifactsOfKinds(db, runId, ['embeddings', 'proxies']);
  const emb = artifacts.find((a) => a.kind === 'embeddings');
  if (!emb) throw new UserError(`run ${runId} has no stored embeddings (Artifact 'embeddings')`);
  const matrix = await readMatrix(runId, emb, 'embeddings');
  const preds = await embeddedPredictions(db, runId);
  const rows = preds
    .filter((p) => p.embeddingRow! < matrix.rows)
    .map((p) => ({
      exampleId: p.exampleId,
      embeddingRow: p.embeddingRow!,
      label: p.label,
      predicted: p.predicted,
      correct: p.correct,
      confidence: p.confidence,
      text: p.example.text,
      textPair: p.example.textPair,
    }));
  if (rows.length === 0) throw new UserError(`run ${runId} has no predictions linked to embedding rows`);
  const out: RunEmbeddings = { runId, loss: run.loss, matrix, rows };
  const px = artifacts.find((a) => a.kind === 'proxies');
  if (px) {
    const pm = await readMatrix(runId, px, 'proxies');
    const notePath = await localArtifactFile(siblingPath(px.path, 'proxies.json'));
    let note: { rowClasses?: number[]; rowCenters?: number[] } = {};
    if (notePath) note = JSON.parse(fs.readFileSync(notePath, 'utf8')) as typeof note;
    const numClasses = Math.max(1, new Set(rows.map((r) => r.label)).size);
    const per = Math.max(1, Math.round(pm.rows / numClasses));
    out.proxies = {
      matrix: pm,
      rowClasses: note.rowClasses ?? Array.from({ length: pm.rows }, (_, r) => Math.floor(r / per)),
      rowCenters: note.rowCenters ?? Array.from({ length: pm.rows }, (_, r) => r % per),
    };
  }
  return out;
}

/** The rows' embeddings as their own matrix (same order as `rows`). */
export function selectRows(m: Matrix2D, rowIdx: number[]): Matrix2D {
  const data = new Float32Array(rowIdx.length * m.cols);
  rowIdx.forEach((r, i) => data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols));
  return { data, rows: rowIdx.length, cols: m.cols };
}
