// The PostgreSQL schema is derived from prisma/schema.prisma (SQLite), the one place the models are
// written: only the header, the datasource provider and the generated client's output differ.
export const PG_SCHEMA_FILE = 'prisma/postgres/schema.prisma';
/** Where the PostgreSQL client is generated (next to @prisma/client's default .prisma/client). */
export const PG_CLIENT_OUTPUT = '../../node_modules/.prisma/client-pg';

const GENERATED_NOTE = '// GENERATED from prisma/schema.prisma by `npm run db:migration`: do not edit; edit that file.\n';
const SQLITE_DATASOURCE = /datasource db \{[^}]*\}/;

export function postgresSchemaText(sqliteSchema: string): string {
  if (!SQLITE_DATASOURCE.test(sqliteSchema) || !/provider\s*=\s*"sqlite"/.test(sqliteSchema)) {
    throw new Error('prisma/schema.prisma: expected a `datasource db { provider = "sqlite" ... }` block');
  }
  const body = sqliteSchema
    .replace(
      SQLITE_DATASOURCE,
      'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL") // read by the adapter (lib/db/client.ts); never a URL written here\n}',
    )
    .replace(/generator client \{/, `generator client {\n  output     = "${PG_CLIENT_OUTPUT}"`);
  return GENERATED_NOTE + body;
}

/** Inverse of postgresSchemaText (the SQLite schema as of the last generated migration). */
export function sqliteSchemaFromPostgres(pgSchema: string): string {
  return pgSchema
    .replace(GENERATED_NOTE, '')
    .replace(/datasource db \{[^}]*\}/, 'datasource db {\n  provider = "sqlite"\n  url      = "file:./unused.db"\n}')
    .replace(`\n  output     = "${PG_CLIENT_OUTPUT}"`, '');
}
