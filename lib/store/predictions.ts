// Reads of Prediction rows: what a run evaluated (one row per evaluated example, written with the
// run's results by ./runs.ts completeRun).
import type { Db } from '../db/client';

/** Ids of the examples a run evaluated, ascending. */
export async function evaluatedExampleIds(db: Db, runId: number): Promise<number[]> {
  const rows = await db.prediction.findMany({ where: { runId }, select: { exampleId: true }, orderBy: { exampleId: 'asc' } });
  return rows.map((r) => r.exampleId);
}

/** The predictions of these runs on these examples. */
export async function predictionsOfExamples(
  db: Db,
  runIds: number[],
  exampleIds: number[],
): Promise<{ runId: number; exampleId: number; predicted: number; correct: boolean; confidence: number }[]> {
  return db.prediction.findMany({
    where: { runId: { in: runIds }, exampleId: { in: exampleIds } },
    select: { runId: true, exampleId: true, predicted: true, correct: true, confidence: true },
  });
}

/** The predictions linked to a row of the run's embeddings file, by embedding row, with their sentence. */
export async function embeddedPredictions(db: Db, runId: number) {
  return db.prediction.findMany({
    where: { runId, embeddingRow: { not: null } },
    select: {
      exampleId: true,
      embeddingRow: true,
      label: true,
      predicted: true,
      correct: true,
      confidence: true,
      example: { select: { text: true, textPair: true } },
    },
    orderBy: { embeddingRow: 'asc' },
  });
}

/** The first `take` evaluated sentences of a run (in prediction order) with their gold label. */
export async function evaluatedSentences(
  db: Db,
  runId: number,
  take: number,
): Promise<{ label: number; example: { text: string; textPair: string | null } }[]> {
  return db.prediction.findMany({
    where: { runId },
    select: { label: true, example: { select: { text: true, textPair: true } } },
    orderBy: { id: 'asc' },
    take,
  });
}
