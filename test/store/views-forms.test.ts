// The New run form's submission: every problem by field, nothing queued; a sweep when there are
// several losses or sizes; and the explain request deduplication.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestExplanations } from '../../lib/explain/request-explanations';
import { submitTrainForm } from '../../lib/jobs/submit-train-form';
import { readFormValues } from '../../lib/store/views/train-form-fields';
import { seededFixture } from './views-fixture';

test('form values are typed, empty fields left out, bad numbers reported', () => {
  const r = readFormValues({
    dataset: 'MR',
    folds: '4',
    lr: '',
    seeds: '1, 2,3',
    sampleSizes: '10 20',
    losses: ['ce', 'supcon'],
    saveModel__present: '1',
  });
  assert.deepEqual(r.shared, { dataset: 'MR', folds: 4, seeds: [1, 2, 3], saveModel: false });
  assert.deepEqual(r.losses, ['ce', 'supcon']);
  assert.deepEqual(r.sampleSizes, [10, 20]);
  assert.deepEqual(
    readFormValues({ seeds: '1, x' }).problems.map((p) => p.path),
    ['seeds'],
  );
});

test('bad input: every problem next to its field, nothing queued; good input: a sweep of experiments', async () => {
  const f = await seededFixture({ datasets: 1, losses: ['ce'], sampleSizes: [10], folds: 2, artifacts: false, extras: false });
  try {
    const runs = await f.db.run.count();
    const bad = await submitTrainForm(f.db, { dataset: 'nope', folds: '1', lr: '-1', seeds: 'x', losses: ['ce'] });
    assert.equal(bad.ok, false);
    assert.deepEqual(Object.keys(bad.problems).sort(), ['dataset', 'folds', 'lr', 'model', 'seeds']);
    assert.deepEqual(bad.problems.model, ['required']);
    assert.equal(await f.db.run.count(), runs);
    const model = await f.db.model.findFirstOrThrow();
    const good = await submitTrainForm(f.db, {
      dataset: 'MR (fixture)',
      model: model.name,
      losses: ['ce', 'soft-triple'],
      sampleSizes: '8, 16',
      folds: '2',
      seeds: '1',
    });
    assert.equal(good.ok, true, JSON.stringify(good.problems));
    assert.equal(good.experimentIds.length, 4);
    assert.equal(good.runIds.length, 8);
    const sweep = await f.db.sweep.findUniqueOrThrow({ where: { id: good.sweepId! }, include: { experiments: true } });
    assert.equal(sweep.experiments.length, 4);
    assert.equal(await f.db.job.count({ where: { kind: 'train', runId: { in: good.runIds } } }), 8);
  } finally {
    f.restoreHome();
    await f.cleanup();
  }
});

test('explain requests queue one job per batch and skip sentences already queued', async () => {
  const f = await seededFixture({
    datasets: 1,
    losses: ['ce'],
    sampleSizes: [10],
    folds: 1,
    artifacts: false,
    extras: false,
    attributedExamples: 0,
  });
  try {
    const runId = f.seed.runIds[0];
    const first = await requestExplanations(f.db, runId, 'ig', [1, 2, 3]);
    assert.equal(first.queued, 3);
    const again = await requestExplanations(f.db, runId, 'ig', [2, 3, 4]);
    assert.equal(again.queued, 1);
    const job = await f.db.job.findUniqueOrThrow({ where: { id: again.jobId! } });
    assert.deepEqual(JSON.parse(job.payloadJson), { runId, exampleIds: [4], method: 'ig' });
    assert.equal((await requestExplanations(f.db, runId, 'lime', [1])).queued, 0);
  } finally {
    f.restoreHome();
    await f.cleanup();
  }
});
