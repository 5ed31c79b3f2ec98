// Fast fixture inserts for the performance bench: Prisma's createMany through the driver adapter
// costs about 0.5 ms per row here (100 s for 200,000 predictions), so the bench's many simple rows
// (predictions, loss curves) go in through better-sqlite3 prepared statements in one transaction.
// Only columns of plain types (integers, reals, text, booleans as 0/1) are written this way.
import Database from 'better-sqlite3';

export type Row = Record<string, string | number | boolean | null | undefined>;

export class BulkInserter {
  private readonly sqlite: Database.Database;

  constructor(file: string) {
    this.sqlite = new Database(file);
    this.sqlite.pragma('journal_mode = WAL');
    this.sqlite.pragma('busy_timeout = 5000');
  }

  insert(table: 'Prediction' | 'Metric', rows: Row[]): void {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]);
    const stmt = this.sqlite.prepare(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    const tx = this.sqlite.transaction((list: Row[]) => {
      for (const r of list) stmt.run(...columns.map((c) => (typeof r[c] === 'boolean' ? (r[c] ? 1 : 0) : (r[c] ?? null))));
    });
    tx(rows);
  }

  close(): void {
    this.sqlite.close();
  }
}
