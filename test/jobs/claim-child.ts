// Child process of queue.test.ts: claims jobs from DATABASE_URL until none is left, prints their ids.
import { getDb, closeDb } from '../../lib/db/client';
import { claimJob } from '../../lib/jobs/lease';

const db = getDb(process.env.DATABASE_URL);
const workerId = process.argv[2];
const got: number[] = [];
for (;;) {
  const job = await claimJob(db, workerId);
  if (!job) break;
  got.push(job.id);
}
await closeDb();
process.stdout.write(JSON.stringify(got));
