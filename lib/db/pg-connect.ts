// One PostgreSQL connection (node-postgres) for migrations, copies and tests, with the usual
// failures turned into one line each: unreachable server, wrong credentials, missing database
// (created when asked: a fresh database just works), no permission.
import pg, { type Client as PgClient } from 'pg';
import { UserError } from '../errors';
import { redactUrl } from './url';

const CONNECT_TIMEOUT_MS = 10_000;

/** The one-line explanation of a connection failure, or undefined when it is not one. */
export function explainPostgresError(err: unknown, url: string): string | undefined {
  const e = err as { code?: string; message?: string };
  const u = new URL(url);
  const server = `${u.hostname}:${u.port || '5432'}`;
  const db = decodeURIComponent(u.pathname.slice(1)) || u.username || 'postgres';
  switch (e.code) {
    case 'ECONNREFUSED':
      return `cannot reach PostgreSQL at ${server} (connection refused): start the server or fix the host/port in DATABASE_URL`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot reach PostgreSQL at ${server} (unknown host "${u.hostname}"): fix the host in DATABASE_URL`;
    case 'ETIMEDOUT':
      return `cannot reach PostgreSQL at ${server} (timed out): check the host, port and firewall in DATABASE_URL`;
    case '28P01':
      return `PostgreSQL at ${server} refused the password of user "${decodeURIComponent(u.username)}": fix the credentials in DATABASE_URL`;
    case '28000':
      return `PostgreSQL at ${server} refused user "${decodeURIComponent(u.username)}" (${e.message}): fix the user in DATABASE_URL or the server's pg_hba.conf`;
    case '3D000':
      return `PostgreSQL at ${server} has no database "${db}": create it (createdb ${db}) or fix DATABASE_URL`;
    case '42501':
      return `PostgreSQL user "${decodeURIComponent(u.username)}" lacks a permission on database "${db}" (${e.message}): grant it or use another user`;
  }
  if (/timeout/i.test(e.message ?? ''))
    return `cannot reach PostgreSQL at ${server} (timed out): check the host, port and firewall in DATABASE_URL`;
  return undefined;
}

async function tryConnect(url: string): Promise<PgClient> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined); // a dropped idle connection must not crash the process
  await client.connect();
  return client;
}

async function createDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  u.pathname = '/postgres';
  const admin = await tryConnect(u.toString());
  try {
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (err) {
    if ((err as { code?: string }).code !== '42P04') throw err; // 42P04: created meanwhile by another process
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/** A connected client for `url`; failures become a UserError naming the server (never the password). */
export async function connectPostgres(url: string, opts: { createDatabase?: boolean } = {}): Promise<PgClient> {
  try {
    try {
      return await tryConnect(url);
    } catch (err) {
      if (!(opts.createDatabase && (err as { code?: string }).code === '3D000')) throw err;
      await createDatabase(url);
      return await tryConnect(url);
    }
  } catch (err) {
    const line = explainPostgresError(err, url);
    if (line) throw new UserError(line);
    throw new UserError(`PostgreSQL at ${redactUrl(url)}: ${(err as Error).message}`);
  }
}
