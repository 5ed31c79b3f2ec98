// Raw SQL that runs on both databases. Write statements with double-quoted identifiers, `true`/`false`
// for booleans and `?` placeholders; `positional` turns the placeholders into PostgreSQL's $1, $2, ...
// (SQLite accepts both). JSON fields are TEXT on both: read one number with `jsonNumber`.
import { dbKind } from './client';

/** `?` -> `$1..$n` for PostgreSQL (statements must not contain `?` inside string literals). */
export function positional(db: object, sql: string): string {
  if (dbKind(db) !== 'postgresql') return sql;
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** SQL for the number at top-level `key` of a TEXT column holding JSON (NULL when absent or not a number). */
export function jsonNumber(db: object, column: string, key: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(column) || !/^[A-Za-z0-9_]+$/.test(key)) throw new Error(`unsafe JSON column/key ${column}.${key}`);
  if (dbKind(db) === 'postgresql') {
    return `(CASE WHEN jsonb_typeof(("${column}")::jsonb -> '${key}') = 'number' THEN (("${column}")::jsonb ->> '${key}')::float8 END)`;
  }
  // as REAL: a whole number (an accuracy of 1) would otherwise come back as an integer or text
  return `(CASE WHEN json_type("${column}", '$.${key}') IN ('integer', 'real') THEN CAST(json_extract("${column}", '$.${key}') AS REAL) END)`;
}
