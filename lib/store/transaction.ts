// One transaction for use-case code that composes several store writes (queueing an experiment or
// a sweep): all of them land, or none.
import type { Db } from '../db/client';

export async function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.$transaction((t) => fn(t as unknown as Db));
}
