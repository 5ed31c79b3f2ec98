// Child process of resume.test.ts: a worker with a short lease on DATABASE_URL (killed by the test).
import { getDb } from '../../lib/db/client';
import { runWorker } from '../../lib/jobs/worker';

await runWorker(getDb(process.env.DATABASE_URL), {
  workerId: 'doomed',
  leaseMs: 1500,
  exitWhenIdle: true,
  onStep: (s) => process.stdout.write(`step ${s.step}\n`),
});
