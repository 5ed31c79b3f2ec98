// Metric values of many runs at once, read with the database's JSON functions so that only the numbers
// (not each run's whole metrics JSON with its confusion matrix) cross the driver: the Compare page
// and the experiments table read thousands of runs per request.
import { Prisma } from '@prisma/client';
import type { Db } from '../../db/client';
import { jsonNumber } from '../../db/sql';
import { METRIC_KEYS, type MetricKey } from './run-metrics';

export interface RunMetricRow {
  runId: number;
  experimentId: number;
  fold: number;
  seed: number;
  values: Partial<Record<MetricKey, number>>;
}

/** Finished runs of the given experiments with the requested metrics (absent or non-numeric ones left out). */
export async function finishedRunMetrics(db: Db, experimentIds: number[], keys: readonly MetricKey[]): Promise<RunMetricRow[]> {
  if (experimentIds.length === 0) return [];
  const safe = keys.filter((k) => (METRIC_KEYS as readonly string[]).includes(k)); // column names come from this list only
  const columns = safe.map((k) => `${jsonNumber(db, 'metricsJson', k)} AS "${k}"`).join(', ');
  const rows = await db.$queryRaw<Record<string, unknown>[]>(
    Prisma.sql`SELECT "id", "experimentId", "fold", "seed", ${Prisma.raw(columns)} FROM "Run"
      WHERE "status" = 'done' AND "experimentId" IN (${Prisma.join(experimentIds)}) ORDER BY "id"`,
  );
  return rows.map((r) => ({
    runId: Number(r.id),
    experimentId: Number(r.experimentId),
    fold: Number(r.fold),
    seed: Number(r.seed),
    values: Object.fromEntries(safe.flatMap((k) => (typeof r[k] === 'number' && Number.isFinite(r[k]) ? [[k, r[k]]] : []))),
  }));
}
