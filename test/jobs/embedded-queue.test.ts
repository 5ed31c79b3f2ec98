// The JobQueue contract on the embedded queue (SQLite).
import fs from 'node:fs';
import path from 'node:path';
import { EmbeddedJobQueue } from '../../lib/jobs/job-queue';
import { enqueueTrain } from '../../lib/jobs/queue';
import { createTestDb } from '../helpers/db';
import { createToyDataset } from '../training/toy-data';
import { queueContract } from './queue-contract';

queueContract('embedded', async () => {
  const t = await createTestDb();
  await createToyDataset(t.db, { n: 40 });
  const modelDir = path.join(t.dir, 'model');
  fs.mkdirSync(modelDir);
  fs.writeFileSync(path.join(modelDir, 'config.json'), '{}');
  const q = await enqueueTrain(t.db, { dataset: 'TOY', model: modelDir, loss: 'ce', samples: 8, folds: 2, seeds: [1] });
  await t.db.job.deleteMany(); // the contract enqueues its own jobs for these runs
  return { queue: new EmbeddedJobQueue(t.db), db: t.db, runIds: q.runIds, cleanup: () => t.cleanup() };
});
