// Writes parsed data sets to the database, all of them in one transaction: either every data
// set of the call is stored or none is. Same name + same checksum: a no-op ("unchanged").
// Same name + other checksum: refused unless `replace`, and refused even then while runs or
// experiments use the data set (their predictions point at its examples).
import { withBusyRetry } from '../db/busy-retry';
import type { Db } from '../db/client';
import { positional } from '../db/sql';
import { UserError } from '../errors';

export type DatasetWriteStatus = 'imported' | 'unchanged' | 'replaced';

const SPLIT_NAMES = ['train', 'dev', 'test'] as const;
type SplitName = (typeof SPLIT_NAMES)[number];

/** A data set as the importers parse it (lib/data/types.ts ParsedDataset has this shape). */
export interface DatasetToStore {
  name: string;
  source: string;
  task: string | null;
  labelNames: string[];
  hasPairs: boolean;
  origin: string;
  checksum: string;
  examples: { split: SplitName; text: string; textPair?: string | null; label: number; fineLabel?: string | null; sourceLine: number }[];
}

/** Rows per INSERT statement. */
const INSERT_BATCH = 2000;
const TX_TIMEOUT_MS = 10 * 60 * 1000;

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

function int(n: number | undefined | null): string {
  if (!Number.isSafeInteger(n)) throw new Error(`expected an integer, got ${n}`);
  return String(n);
}

// Bound parameters cost far more than the SQL text through the Prisma adapter (measured: 3x
// slower for SST-2's 67k rows), so only the strings are parameters; integers are validated
// and written inline, and the split is one of three known words.
async function insertExamples(tx: Tx, datasetId: number, ds: DatasetToStore): Promise<void> {
  const nextIdx: Partial<Record<SplitName, number>> = {};
  for (let start = 0; start < ds.examples.length; start += INSERT_BATCH) {
    const chunk = ds.examples.slice(start, start + INSERT_BATCH);
    const params: string[] = [];
    const values: string[] = [];
    for (const e of chunk) {
      if (!(SPLIT_NAMES as readonly string[]).includes(e.split)) throw new Error(`bad split ${String(e.split)}`);
      const idx = nextIdx[e.split] ?? 0;
      nextIdx[e.split] = idx + 1;
      params.push(e.text);
      if (e.textPair != null) params.push(e.textPair);
      if (e.fineLabel != null) params.push(e.fineLabel);
      values.push(
        `(${int(datasetId)},'${e.split}',${int(idx)},?,${e.textPair != null ? '?' : 'NULL'},` +
          `${int(e.label)},${e.fineLabel != null ? '?' : 'NULL'},${int(e.sourceLine)})`,
      );
    }
    await tx.$executeRawUnsafe(
      positional(
        tx,
        `INSERT INTO "Example" ("datasetId","split","idx","text","textPair","label","fineLabel","sourceLine") VALUES ${values.join(',')}`,
      ),
      ...params,
    );
  }
}

/**
 * Stores the data sets in one transaction; returns each one's status, in the order given. A
 * transaction that SQLite refuses as busy (its read lock could not be upgraded while a worker
 * wrote) rolled back whole, so it is tried again.
 */
export async function storeDatasets(db: Db, datasets: DatasetToStore[], opts: { replace?: boolean } = {}): Promise<DatasetWriteStatus[]> {
  return withBusyRetry(() => storeInOneTransaction(db, datasets, opts));
}

function storeInOneTransaction(db: Db, datasets: DatasetToStore[], opts: { replace?: boolean }): Promise<DatasetWriteStatus[]> {
  return db.$transaction(
    async (tx) => {
      const statuses: DatasetWriteStatus[] = [];
      for (const ds of datasets) {
        const meta = {
          source: ds.source,
          task: ds.task,
          numClasses: ds.labelNames.length,
          labelNamesJson: JSON.stringify(ds.labelNames),
          hasPairs: ds.hasPairs,
          origin: ds.origin,
          checksum: ds.checksum,
        };
        const existing = await tx.dataset.findUnique({
          where: { name: ds.name },
          include: { _count: { select: { runs: true, experiments: true } } },
        });
        if (existing && existing.checksum === ds.checksum) {
          statuses.push('unchanged');
          continue;
        }
        if (existing) {
          if (!opts.replace) {
            throw new UserError(
              `data set "${ds.name}" is already imported (from ${existing.origin}) with other contents; ` +
                'pass --replace to replace its examples, or import under another --name',
            );
          }
          const users = existing._count.runs + existing._count.experiments;
          if (users > 0) {
            throw new UserError(
              `cannot replace data set "${ds.name}": ${existing._count.runs} run(s) and ${existing._count.experiments} experiment(s) use it; ` +
                'delete them first, or import the new data under another --name',
            );
          }
          await tx.example.deleteMany({ where: { datasetId: existing.id } });
          await tx.dataset.update({ where: { id: existing.id }, data: meta });
          await insertExamples(tx, existing.id, ds);
          statuses.push('replaced');
        } else {
          const created = await tx.dataset.create({ data: { name: ds.name, ...meta } });
          await insertExamples(tx, created.id, ds);
          statuses.push('imported');
        }
      }
      return statuses;
    },
    { timeout: TX_TIMEOUT_MS, maxWait: 30_000 },
  );
}
