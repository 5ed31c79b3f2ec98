// Numbers the pages must show, computed here straight from the Prediction rows (independently of
// the read models and of the stored metricsJson).
import type { Db } from '../../lib/db/client';

export async function runAccuracy(db: Db, runId: number): Promise<number> {
  const [total, correct] = await Promise.all([
    db.prediction.count({ where: { runId } }),
    db.prediction.count({ where: { runId, correct: true } }),
  ]);
  return correct / total;
}

export function pct(v: number): string {
  return (v * 100).toFixed(1);
}

/** "84.3 ± 1.2": mean ± population std of the runs' accuracies, in percent. */
export async function meanStdText(db: Db, runIds: number[]): Promise<string> {
  const accs = await Promise.all(runIds.map((id) => runAccuracy(db, id)));
  const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
  const std = Math.sqrt(accs.reduce((a, b) => a + (b - mean) ** 2, 0) / accs.length);
  return `${pct(mean)} ± ${pct(std)}`;
}

export async function confusionCounts(db: Db, runId: number, numClasses: number): Promise<number[][]> {
  const preds = await db.prediction.findMany({ where: { runId }, select: { label: true, predicted: true } });
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (const p of preds) m[p.label][p.predicted]++;
  return m;
}
