// Repository of Analysis rows: stored results of analyses of a run (reliability, retrieval,
// faithfulness, agreement), each with the parameters it ran with.
import type { Db } from '../db/client';

export interface NewAnalysis {
  runId: number;
  kind: string;
  params: unknown;
  result: unknown;
}

/** Stores one analysis; returns its id. */
export async function saveAnalysis(db: Db, a: NewAnalysis): Promise<number> {
  const row = await db.analysis.create({
    data: { runId: a.runId, kind: a.kind, paramsJson: JSON.stringify(a.params), resultJson: JSON.stringify(a.result) },
  });
  return row.id;
}

/** How many analyses a run has stored. */
export async function countAnalyses(db: Db, runId: number): Promise<number> {
  return db.analysis.count({ where: { runId } });
}
