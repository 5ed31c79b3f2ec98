// What a database URL names: a SQLite file (file:...) or a PostgreSQL server (postgresql://...).
// Anything else is one clear error naming the URL (password hidden) and the accepted forms.
import path from 'node:path';
import { UserError } from '../errors';

export type DatabaseKind = 'sqlite' | 'postgresql';

const FORMS = 'use file:<path> (SQLite) or postgresql://user:password@host:port/database';

/** The URL with any password replaced by "***", for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//i.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new UserError(`DATABASE_URL "${redactUrl(url)}" is not a valid URL: ${FORMS}`);
    }
    return 'postgresql';
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  throw new UserError(`DATABASE_URL "${redactUrl(url)}": ${scheme ? `unknown scheme "${scheme}:"` : 'not a database URL'}; ${FORMS}`);
}

/** Filesystem path of a SQLite URL (relative paths against `root`). */
export function sqliteFile(url: string, root: string): string {
  const p = url.slice('file:'.length).split('?')[0];
  return path.isAbsolute(p) ? p : path.resolve(root, p);
}

/** Where the database is, for messages: the SQLite file or host/database (no credentials). */
export function describeDatabase(url: string, root: string): string {
  if (databaseKind(url) === 'sqlite') return sqliteFile(url, root);
  const u = new URL(url);
  return `PostgreSQL ${u.hostname}:${u.port || '5432'}${u.pathname}`;
}
