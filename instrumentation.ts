// Next.js calls register() once when the dashboard server starts: a fresh home or database just
// works (pending migrations applied, under the same lock the CLI takes; lib/db/migrate.ts).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { ensureMigrated } = await import('./lib/db/migrate');
  const { databaseUrl } = await import('./lib/paths');
  try {
    await ensureMigrated(databaseUrl());
  } catch (err) {
    console.error(`dml-lens dashboard: ${(err as Error).message}`);
    process.exit(1);
  }
}
