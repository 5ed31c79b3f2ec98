// PostgreSQL keeps a sequence per autoincrement id; rows inserted with explicit ids (a copy from
// SQLite, a fixture) leave it behind, and the next plain insert would collide. This moves every
// id sequence past the table's largest id. SQLite needs nothing (it uses max(rowid) + 1).
import { dbKind, type Db } from './client';

export async function syncIdSequences(db: Db): Promise<void> {
  if (dbKind(db) !== 'postgresql') return;
  const tables = await db.$queryRawUnsafe<{ table_name: string; column_name: string }[]>(
    `SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'`,
  );
  for (const t of tables) {
    const table = `"${t.table_name.replace(/"/g, '""')}"`;
    const column = `"${t.column_name.replace(/"/g, '""')}"`;
    await db.$executeRawUnsafe(
      `SELECT setval(pg_get_serial_sequence('${table.replace(/'/g, "''")}', '${t.column_name.replace(/'/g, "''")}'), COALESCE(MAX(${column}), 0) + 1, false) FROM ${table}`,
    );
  }
}
