// Metric values of many runs at once: the Compare page and the experiments table read thousands of
// runs per request. SQLite reads the numbers with its JSON functions, so only numbers cross the
// driver. PostgreSQL would parse each run's metrics JSON (confusion matrix included) into jsonb once
// per key and row, about 20 µs each (150 ms for 2,000 runs and two keys in the dashboard bench):
// there the text comes back and is parsed here, once per run (about 30 ms for the same rows).
import { Prisma } from '@prisma/client';
import { dbKind, type Db } from '../../db/client';
import { jsonNumber } from '../../db/sql';
import { parseJson } from './json';
import { METRIC_KEYS, type MetricKey } from './run-metrics';

export interface RunMetricRow {
  runId: number;
  experimentId: number;
  fold: number;
  seed: number;
  values: Partial<Record<MetricKey, number>>;
}

type RawRow = Record<string, unknown>;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function metricColumns(db: Db, keys: MetricKey[]): Prisma.Sql {
  if (dbKind(db) === 'postgresql') return Prisma.raw('"metricsJson"');
  return Prisma.raw(keys.map((k) => `${jsonNumber(db, 'metricsJson', k)} AS "${k}"`).join(', '));
}

function valuesOf(row: RawRow, keys: MetricKey[]): Partial<Record<MetricKey, number>> {
  const source = 'metricsJson' in row ? parseJson<RawRow>(row.metricsJson as string | null, {}) : row;
  return Object.fromEntries(keys.flatMap((k) => (isNumber(source[k]) ? [[k, source[k]]] : [])));
}

/** Finished runs of the given experiments with the requested metrics (absent or non-numeric ones left out). */
export async function finishedRunMetrics(db: Db, experimentIds: number[], keys: readonly MetricKey[]): Promise<RunMetricRow[]> {
  if (experimentIds.length === 0) return [];
  const safe = keys.filter((k) => (METRIC_KEYS as readonly string[]).includes(k)); // column names come from this list only
  const rows = await db.$queryRaw<RawRow[]>(
    Prisma.sql`SELECT "id", "experimentId", "fold", "seed", ${metricColumns(db, safe)} FROM "Run"
      WHERE "status" = 'done' AND "experimentId" IN (${Prisma.join(experimentIds)}) ORDER BY "id"`,
  );
  return rows.map((r) => ({
    runId: Number(r.id),
    experimentId: Number(r.experimentId),
    fold: Number(r.fold),
    seed: Number(r.seed),
    values: valuesOf(r, safe),
  }));
}
