// Which JobQueue a worker uses: pg-boss when the database is PostgreSQL (workers on many machines),
// the embedded queue on SQLite. `DML_LENS_QUEUE=embedded` (or `worker --queue embedded`) forces the
// embedded queue on PostgreSQL too; both read and write the same Job rows, so they can be mixed.
import { dbKind, urlOfDb, type Db } from '../db/client';
import { UserError } from '../errors';
import { EmbeddedJobQueue, type JobQueue } from './job-queue';

export const QUEUE_CHOICES = ['auto', 'embedded', 'pg-boss'] as const;
export type QueueChoice = (typeof QUEUE_CHOICES)[number];

/** The queue `choice` (default DML_LENS_QUEUE, else auto) names for `db`; one clear line when it cannot be. */
export async function openJobQueue(db: Db, kinds: string[], choice: string = process.env.DML_LENS_QUEUE ?? 'auto'): Promise<JobQueue> {
  if (!(QUEUE_CHOICES as readonly string[]).includes(choice)) {
    throw new UserError(`unknown queue "${choice}" (DML_LENS_QUEUE or --queue): use ${QUEUE_CHOICES.join(', ')}`);
  }
  const postgres = dbKind(db) === 'postgresql';
  if (choice === 'pg-boss' && !postgres)
    throw new UserError('the pg-boss queue needs a PostgreSQL database: set DATABASE_URL=postgresql://... or use --queue embedded');
  if (choice === 'embedded' || !postgres) return new EmbeddedJobQueue(db);
  const { PgBossJobQueue } = await import('./pg-boss-queue');
  return PgBossJobQueue.open(db, urlOfDb(db), kinds);
}
