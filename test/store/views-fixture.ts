// One seeded fixture database shared by the views tests of a file (seeding takes a few seconds).
import { createTestDb, type TestDb } from '../helpers/db';
import { seedDashboard, type SeedOptions, type SeedResult } from '../../scripts/seed-dashboard';

export interface ViewsFixture extends TestDb {
  seed: SeedResult;
  restoreHome(): void;
}

export async function seededFixture(opts: SeedOptions = {}): Promise<ViewsFixture> {
  const t = await createTestDb();
  const previous = process.env.DML_LENS_HOME;
  process.env.DML_LENS_HOME = t.dir; // artifacts (embeddings) are read relative to the data home
  let seed: SeedResult;
  try {
    seed = await seedDashboard(t.db, { dataHome: t.dir, ...opts });
  } catch (err) {
    process.env.DML_LENS_HOME = previous;
    if (previous === undefined) delete process.env.DML_LENS_HOME;
    await t.cleanup(); // a PostgreSQL test database is dropped even when seeding fails
    throw err;
  }
  return {
    ...t,
    seed,
    restoreHome() {
      if (previous === undefined) delete process.env.DML_LENS_HOME;
      else process.env.DML_LENS_HOME = previous;
    },
  };
}
