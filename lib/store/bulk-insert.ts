// Many plain rows into one table, fast on both databases: multi-row INSERT statements of a few
// thousand rows each (one bound parameter per value), all in one transaction, so a failure leaves
// none of the rows. Prisma's createMany through the driver adapters costs about 0.5 ms per row
// (100 s for 200,000 predictions); this goes in at tens of thousands of rows per second.
// For generated bulk data (the dashboard fixture's predictions, loss curves): values must be
// integers, reals, text, booleans or null (no dates); every row has the first row's columns.
import type { Db } from '../db/client';
import { positional } from '../db/sql';

export type BulkValue = string | number | boolean | null;
export type BulkRow = Record<string, BulkValue | undefined>;

/** Tables whose rows may go in this way (their columns are all plain values). */
export type BulkTable = 'Prediction' | 'Metric' | 'Example';

/** Below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters per statement. */
const MAX_PARAMS = 30_000;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function insertStatement(db: Db, table: BulkTable, columns: string[], rowCount: number): string {
  const tuple = `(${columns.map(() => '?').join(',')})`;
  const sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${Array(rowCount).fill(tuple).join(',')}`;
  return positional(db, sql);
}

/** Inserts `rows` into `table` in one transaction; returns the number of rows written. */
export async function bulkInsert(db: Db, table: BulkTable, rows: BulkRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0]);
  const bad = columns.find((c) => !IDENTIFIER.test(c));
  if (bad) throw new Error(`bulkInsert: unsafe column name ${JSON.stringify(bad)} for ${table}`);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const write = async (tx: Db) => {
    let written = 0;
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const values = chunk.flatMap((r) => columns.map((c) => r[c] ?? null));
      written += await tx.$executeRawUnsafe(insertStatement(tx, table, columns, chunk.length), ...values);
    }
    return written;
  };
  return db.$transaction((tx) => write(tx as Db), { timeout: 10 * 60_000, maxWait: 60_000 });
}
