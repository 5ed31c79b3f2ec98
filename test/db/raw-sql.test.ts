// Every raw SQL statement works on both databases (quoted identifiers, booleans, placeholders,
// JSON functions): the job claim, the bulk example insert and the metric read of many runs.
// Runs on SQLite, and on PostgreSQL under `npm run test:pg`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importDatasets } from '../../lib/data/import-dataset';
import { claimJob, reapExpiredLeases } from '../../lib/jobs/lease';
import { finishedRunMetrics } from '../../lib/store/views/metric-values';
import { createTestDb } from '../helpers/db';

test('raw SQL: bulk insert with placeholders, job claim, JSON metric read', async () => {
  const t = await createTestDb();
  try {
    const texts = ['what? a "quoted" text', "it's $1 and ?", 'ünïcode ✓'];
    await importDatasets(t.db, [
      {
        name: 'raw',
        source: 'file',
        task: null,
        labelNames: ['a', 'b'],
        hasPairs: true,
        origin: 'test',
        checksum: 'c1',
        warnings: [],
        examples: texts.map((text, i) => ({
          split: 'train',
          text,
          textPair: i === 1 ? 'pair?' : null,
          label: i % 2,
          fineLabel: i === 2 ? 'X:y' : null,
          sourceLine: i + 1,
        })),
      },
    ]);
    const rows = await t.db.example.findMany({ orderBy: { idx: 'asc' } });
    assert.deepEqual(
      rows.map((r) => [r.idx, r.text, r.textPair, r.fineLabel]),
      [
        [0, texts[0], null, null],
        [1, texts[1], 'pair?', null],
        [2, texts[2], null, 'X:y'],
      ],
    );

    const ds = rows[0].datasetId;
    const exp = await t.db.experiment.create({
      data: { name: 'e', configJson: '{}', configHash: 'h', datasetId: ds, loss: 'ce', beta: 1, protocol: 'kfold' },
    });
    const metrics = [{ accuracy: 0.75, macroF1: 0.5, ece: 'n/a' }, { accuracy: 1 }];
    for (const [i, m] of metrics.entries()) {
      await t.db.run.create({
        data: {
          experimentId: exp.id,
          datasetId: ds,
          configJson: '{}',
          loss: 'ce',
          beta: 1,
          seed: i,
          fold: i,
          status: 'done',
          metricsJson: JSON.stringify(m),
        },
      });
    }
    await t.db.run.create({
      data: { experimentId: exp.id, datasetId: ds, configJson: '{}', loss: 'ce', beta: 1, seed: 9, status: 'queued' },
    });
    const read = await finishedRunMetrics(t.db, [exp.id], ['accuracy', 'macroF1', 'ece']);
    assert.deepEqual(
      read.map((r) => [r.fold, r.values]),
      [
        [0, { accuracy: 0.75, macroF1: 0.5 }],
        [1, { accuracy: 1 }],
      ],
    );

    const cancelled = await t.db.job.create({ data: { kind: 'train', payloadJson: '{"n":0}', priority: 5, cancelRequested: true } });
    const low = await t.db.job.create({ data: { kind: 'train', payloadJson: '{"n":1}', priority: 0 } });
    const high = await t.db.job.create({ data: { kind: 'train', payloadJson: '{"n":2}', priority: 1 } });
    const first = await claimJob(t.db, 'w1', { leaseMs: 60_000 });
    assert.deepEqual(first && { id: first.id, payload: first.payload, attempts: first.attempts }, {
      id: high.id,
      payload: { n: 2 },
      attempts: 1,
    });
    const second = await claimJob(t.db, 'w2', { leaseMs: 60_000, jobIds: [low.id, cancelled.id] });
    assert.equal(second?.id, low.id);
    assert.equal(await claimJob(t.db, 'w3'), null, 'held leases and cancelled jobs are not claimable');
    await t.db.job.update({ where: { id: high.id }, data: { leaseUntil: new Date(Date.now() - 1000) } });
    assert.deepEqual(await reapExpiredLeases(t.db), [high.id], 'the reaper requeues an expired lease');
    const retaken = await claimJob(t.db, 'w3');
    assert.deepEqual(retaken && [retaken.id, retaken.attempts], [high.id, 2], 'an expired lease is claimable again once reaped');
  } finally {
    await t.cleanup();
  }
});
