// The database's identity: a UUID stored in it (DatabaseIdentity, one row), created on first use.
// Artifact keys start with it, so two databases sharing a home or a bucket never touch each
// other's files. Concurrent first uses agree: the losing insert hits the primary key, then re-reads.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';

const known = new WeakMap<object, string>();

export async function databaseIdentity(db: Db): Promise<string> {
  const cached = known.get(db);
  if (cached) return cached;
  let row = await db.databaseIdentity.findUnique({ where: { id: 1 } });
  if (!row) {
    try {
      await db.databaseIdentity.create({ data: { id: 1, uuid: crypto.randomUUID() } });
    } catch (err) {
      if ((err as { code?: string }).code !== 'P2002') throw err; // created meanwhile by another process
    }
    row = await db.databaseIdentity.findUniqueOrThrow({ where: { id: 1 } });
  }
  known.set(db, row.uuid);
  return row.uuid;
}
