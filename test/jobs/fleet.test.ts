// Workers on many machines, for real: `dml-lens worker` processes with their own DML_LENS_HOME
// ("machines") share one database and one artifact folder. A model registered on machine A (the
// store configured) and then absent is fetched by the worker that runs its jobs; a sweep queued
// with --tags goes only to a worker holding them; worker rows carry their tags and the overview
// names a tag set no live worker holds, with the command that starts one.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { queueSweep } from '../../lib/jobs/queue-sweep';
import { claimJob } from '../../lib/jobs/lease';
import { parseTags } from '../../lib/store/job-tags';
import { modelCacheRoot } from '../../lib/store/model-fetch';
import { registerModel } from '../../lib/store/models';
import { recordWorker } from '../../lib/store/workers';
import { getWorkersView } from '../../lib/store/views/workers';
import { readConfig } from '../../lib/model/checkpoint';
import { jobsFixture, shortSweep, startWorker, type JobsFixture } from './fixture';

let f: JobsFixture;
let shared: string;
const saved = { home: process.env.DML_LENS_HOME, artifacts: process.env.DML_LENS_ARTIFACTS };

before(async () => {
  f = await jobsFixture();
  shared = path.join(f.t.dir, 'shared-artifacts');
  process.env.DML_LENS_HOME = path.join(f.t.dir, 'machine-a');
  process.env.DML_LENS_ARTIFACTS = shared;
  await registerModel({ name: 'micro', dir: f.model, origin: 'init', config: readConfig(f.model) }, f.t.db);
  fs.renameSync(f.model, `${f.model}.on-machine-a-only`); // no other machine has the folder
});

after(async () => {
  for (const [k, v] of [
    ['DML_LENS_HOME', saved.home],
    ['DML_LENS_ARTIFACTS', saved.artifacts],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await f.cleanup();
});

const machine = (name: string) => ({ ...f.env, DML_LENS_HOME: path.join(f.t.dir, name), DML_LENS_ARTIFACTS: shared });

test('a tagged sweep waits for a worker with its tags; that worker fetches the registered model and runs it', async () => {
  process.env.DML_LENS_HOME = path.join(f.t.dir, 'laptop');
  const q = await queueSweep(f.t.db, shortSweep('micro', ['ce'], 2), { tags: parseTags('big') });
  const jobs = await f.t.db.job.findMany({ where: { sweepId: q.sweepId } });
  assert.deepEqual(
    jobs.map((j) => j.tags),
    ['big', 'big'],
  );

  fs.rmSync(path.join(f.t.dir, 'laptop'), { recursive: true }); // the folder queued (the laptop's cache) is not on the workers' machines
  const plain = startWorker(machine('machine-b'), ['--once', '--id', 'plain']);
  assert.equal((await plain.exited).code, 0, plain.output());
  assert.match(plain.output(), /stopped after 0 job\(s\)/, 'an untagged worker takes none of them');

  const big = startWorker(machine('machine-c'), ['--once', '--id', 'big', '--tags', 'big']);
  assert.equal((await big.exited).code, 0, big.output());
  assert.match(big.output(), /tags big/);
  assert.match(big.output(), /stopped after 2 job\(s\)/, big.output());
  const runs = await f.t.db.run.findMany({ where: { id: { in: jobs.map((j) => j.runId!) } } });
  assert.deepEqual(
    runs.map((r) => r.status),
    ['done', 'done'],
    runs.map((r) => r.error).join('; '),
  );
  const cache = modelCacheRoot(path.join(f.t.dir, 'machine-c'));
  assert.equal(fs.readdirSync(cache).filter((e) => !e.startsWith('.')).length, 1, 'the model was fetched into the worker home cache');
  assert.deepEqual(
    (await f.t.db.worker.findMany({ orderBy: { id: 'asc' } })).map((w) => [w.id, w.tags, w.status]),
    [
      ['big', 'big', 'stopped'],
      ['plain', '', 'stopped'],
    ],
  );
  const bigRow = await f.t.db.worker.findUniqueOrThrow({ where: { id: 'big' } });
  assert.match(bigRow.backend, /^(wasm \(\d+ threads?\)|cpu|tensorflow)/, 'the worker row says what its job process computes with');
});

test('the overview names queued jobs whose tags no live worker holds, with the command to start one', async () => {
  const q = await queueSweep(f.t.db, shortSweep('micro', ['ce'], 2), { tags: ['gpu', 'big'] });
  await recordWorker(f.t.db, { id: 'live-cpu', status: 'idle', currentJobId: null, tags: ['big'] }); // this process: alive
  let view = await getWorkersView(f.t.db);
  assert.deepEqual(view.workers.find((w) => w.id === 'live-cpu')?.tags, ['big']);
  assert.deepEqual(view.unserved, [{ tags: ['big', 'gpu'], jobs: 2, command: 'dml-lens worker --gpu --tags big' }]);
  await recordWorker(f.t.db, { id: 'live-gpu', status: 'idle', currentJobId: null, tags: ['gpu', 'big', 'x'] });
  view = await getWorkersView(f.t.db);
  assert.deepEqual(view.unserved, [], 'a live worker holding all of them serves them');
  const job = await claimJob(f.t.db, 'live-gpu', { tags: ['gpu', 'big', 'x'] });
  const runs = await f.t.db.run.findMany({ where: { experiment: { sweepId: q.sweepId } }, select: { id: true } });
  assert.ok(job?.runId && runs.some((r) => r.id === job.runId), 'the gpu worker claims one of them');
});
