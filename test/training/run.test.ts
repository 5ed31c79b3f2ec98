// A queued run end to end through the worker: stored status, metrics, predictions, loss curves,
// embeddings and proxies; the same seed gives the same metrics; cancel and divergence end the run
// with their reason and no partial results.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createTestDb, type TestDb } from '../helpers/db';
import { initBackend } from '../../lib/backend/backend';
import { enqueueTrain, cancelRun } from '../../lib/jobs/queue';
import { runWorker } from '../../lib/jobs/worker';
import { artifactStore } from '../../lib/store/artifacts';
import { readRunArray, runPrefix } from '../../lib/store/artifacts/run-artifacts';
import { readRunProxies } from '../../lib/store/runs';
import { dataHome } from '../../lib/paths';
import { createToyDataset } from './toy-data';
import { writeTinyModel } from './tiny-model';

let t: TestDb;
let model = '';
const home = process.env.DML_LENS_HOME;
before(async () => {
  t = await createTestDb();
  process.env.DML_LENS_HOME = path.join(t.dir, 'home'); // run folders of this test
  await initBackend({ quiet: true });
  await createToyDataset(t.db, { n: 120 });
  model = await writeTinyModel(path.join(t.dir, 'micro'));
});
after(async () => {
  if (home === undefined) delete process.env.DML_LENS_HOME;
  else process.env.DML_LENS_HOME = home;
  await t.cleanup();
});

const base = () => ({
  dataset: 'TOY',
  model,
  samples: 20,
  folds: 4,
  seeds: [5],
  lr: 3e-3,
  batchSize: 20,
  epochs: 25,
  warmupSteps: 3,
  maxLength: 16,
  evalLimit: 60,
});

test('a SoftTriple run stores metrics, predictions, loss terms, embeddings and proxies', async () => {
  const q = await enqueueTrain(t.db, { ...base(), loss: 'soft-triple', folds: 2, proxyLr: 3e-2, epochs: 40 });
  assert.equal(await runWorker(t.db, { jobIds: [q.jobIds[0]], exitWhenIdle: true }), 1);
  const run = await t.db.run.findUniqueOrThrow({ where: { id: q.runIds[0] }, include: { predictions: true, artifacts: true, jobs: true } });
  assert.equal(run.status, 'done', run.error ?? '');
  assert.equal(run.jobs[0].status, 'done');
  assert.equal(run.trainSize, 20);
  assert.equal(run.evalSize, 60);
  const m = JSON.parse(run.metricsJson!) as Record<string, unknown> & { accuracy: number; perClass: unknown[]; confusion: number[][] };
  for (const k of ['accuracy', 'macroF1', 'weightedF1', 'ece', 'proxyAccuracy']) assert.equal(typeof m[k], 'number', k);
  assert.ok(m.accuracy >= 0.85, `accuracy ${m.accuracy}`);
  assert.equal(m.perClass.length, 2);
  assert.deepEqual(
    m.confusion.flat().reduce((a: number, b: number) => a + b, 0),
    60,
  );
  assert.equal(run.predictions.length, 60);
  const p = run.predictions[0];
  assert.equal((JSON.parse(p.probsJson) as number[]).length, 2);
  assert.equal(typeof p.proxyPredicted, 'number');
  const emb = run.artifacts.find((a) => a.kind === 'embeddings')!;
  const { data, shape } = await readRunArray(run.id, emb); // from the artifact store, checksum checked
  assert.deepEqual(shape, [60, 32]);
  assert.equal(data.length, 60 * 32);
  assert.deepEqual(new Set(run.predictions.map((x) => x.embeddingRow)).size, 60);
  const proxies = await readRunProxies(t.db, run.id);
  assert.deepEqual(proxies?.shape, [2 * 5, 32]); // authors' K = 5 centres per class
  assert.deepEqual(proxies?.rowClasses, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  const keys = await t.db.metric.groupBy({ by: ['key'], where: { runId: run.id }, _count: { _all: true } });
  assert.deepEqual(Object.fromEntries(keys.map((k) => [k.key, k._count._all])), {
    grad_norm: 40,
    loss: 40,
    'loss/ce': 40,
    'loss/dml': 40,
    lr: 40,
  });
  assert.equal((JSON.parse(run.progressJson!) as { phase: string }).phase, 'eval');
  const exp = await t.db.experiment.findUniqueOrThrow({ where: { id: q.experimentId } });
  assert.equal(exp.status, 'running'); // one of its two runs is still queued
  assert.equal((JSON.parse(exp.summaryJson!) as { done: number }).done, 1);
});

test('same seed, same metrics (deterministic on one backend)', async () => {
  const cfg = { ...base(), loss: 'ce', folds: 2, epochs: 8 };
  const a = await enqueueTrain(t.db, cfg);
  const b = await enqueueTrain(t.db, cfg);
  await runWorker(t.db, { jobIds: [a.jobIds[1], b.jobIds[1]], exitWhenIdle: true });
  const [ra, rb] = await Promise.all([a, b].map((q) => t.db.run.findUniqueOrThrow({ where: { id: q.runIds[1] } })));
  assert.equal(ra.status, 'done');
  assert.equal(ra.metricsJson, rb.metricsJson);
  const curve = async (id: number) =>
    (await t.db.metric.findMany({ where: { runId: id, key: 'loss' }, orderBy: { step: 'asc' } })).map((x) => x.value);
  assert.deepEqual(await curve(ra.id), await curve(rb.id));
});

test('cancelling a running run stops it at the next step, with no results', async () => {
  const q = await enqueueTrain(t.db, { ...base(), loss: 'ce', folds: 2, epochs: 200 });
  let asked = false;
  await runWorker(t.db, {
    jobIds: [q.jobIds[0]],
    exitWhenIdle: true,
    heartbeatMs: 1,
    onStep: (s) => {
      if (s.step === 2 && !asked) {
        asked = true;
        void cancelRun(t.db, q.runIds[0]);
      }
    },
  });
  const run = await t.db.run.findUniqueOrThrow({
    where: { id: q.runIds[0] },
    include: { jobs: true, _count: { select: { predictions: true, artifacts: true } } },
  });
  assert.equal(run.status, 'cancelled');
  assert.equal(run.jobs[0].status, 'cancelled');
  assert.equal(run._count.predictions + run._count.artifacts, 0);
  assert.equal(run.metricsJson, null);
  assert.deepEqual(await artifactStore().list(await runPrefix(t.db, run.id)), [], 'nothing stored for the run');
  assert.ok(
    !fs.existsSync(path.join(dataHome(), 'staging')) || fs.readdirSync(path.join(dataHome(), 'staging')).length === 0,
    'nothing left staged',
  );
});

test('a diverging run ends failed with its reason', async () => {
  const poisoned = await writeTinyModel(path.join(t.dir, 'poison'), { poison: true });
  const q = await enqueueTrain(t.db, { ...base(), model: poisoned, loss: 'soft-triple', folds: 2 });
  await runWorker(t.db, { jobIds: [q.jobIds[0]], exitWhenIdle: true });
  const run = await t.db.run.findUniqueOrThrow({ where: { id: q.runIds[0] }, include: { jobs: true } });
  assert.equal(run.status, 'failed');
  assert.match(run.error ?? '', /diverged at step 1: loss NaN/);
  assert.equal(run.jobs[0].status, 'failed');
  assert.match(run.jobs[0].error ?? '', /diverged/);
});
