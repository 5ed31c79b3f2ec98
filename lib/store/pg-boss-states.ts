// pg-boss keeps its own job table (one "doorbell" per queued job of ours) in its own schema; this
// counts its rows per state, for checks that no doorbell outlives the job it rang for.
import type { Db } from '../db/client';

export async function pgBossJobStates(db: Db, schema: string): Promise<{ state: string; n: number }[]> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`not a plain schema name: "${schema}"`);
  return db.$queryRawUnsafe<{ state: string; n: number }[]>(
    `SELECT state::text AS state, count(*)::int AS n FROM "${schema}".job GROUP BY state ORDER BY state`,
  );
}
