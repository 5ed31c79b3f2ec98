// `npm run test:pg`: the store and database suites again, each test on its own PostgreSQL database
// (test/helpers/db.ts) on the server at DML_TEST_PG_URL (default the local postgres database).
// Without a server the suites are skipped with a message; with CI=true that is a failure.
import { spawnSync } from 'node:child_process';
import { connectPostgres } from '../lib/db/pg-connect';
import { testPostgresUrl } from '../test/helpers/db';

// the JobQueue contract on PostgreSQL: the embedded queue and pg-boss; tagged workers on many homes (pg-boss)
const SUITES = ['test/store', 'test/db', 'test/jobs/embedded-queue.test.ts', 'test/jobs/pg-boss-queue.test.ts', 'test/jobs/fleet.test.ts'];

async function main(): Promise<number> {
  const url = testPostgresUrl();
  try {
    const c = await connectPostgres(url);
    await c.end();
  } catch (err) {
    const line = `PostgreSQL test suites: ${(err as Error).message} (set DML_TEST_PG_URL to a server where tests may create databases)`;
    if (process.env.CI === 'true') {
      console.error(`${line}; failing because CI=true`);
      return 1;
    }
    console.log(`${line}; skipped`);
    return 0;
  }
  const res = spawnSync(process.execPath, ['scripts/run-tests.mjs', ...SUITES, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, DML_TEST_DB: 'postgresql', DML_TEST_PG_URL: url },
  });
  return res.status ?? 1;
}

void main().then((code) => process.exit(code));
