// bulkInsert: many rows in multi-row statements (more than one statement's worth here), values
// read back as written, and all or nothing when a row is refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bulkInsert } from '../../lib/store/bulk-insert';
import { createTestDb, type TestDb } from '../helpers/db';

describe('bulkInsert', () => {
  let t: TestDb;
  let runId: number;
  let exampleIds: number[];
  before(async () => {
    t = await createTestDb();
    const dataset = await t.db.dataset.create({
      data: { name: 'bulk', source: 'file', numClasses: 2, labelNamesJson: '["a","b"]', origin: 'test', checksum: 'x' },
    });
    const n = 4000; // Example has 5 columns here: 6,000 rows per statement, so one statement
    await bulkInsert(
      t.db,
      'Example',
      Array.from({ length: n }, (_, i) => ({ datasetId: dataset.id, split: 'test', idx: i, label: i % 2, text: `s${i}` })),
    );
    exampleIds = (await t.db.example.findMany({ where: { datasetId: dataset.id }, orderBy: { idx: 'asc' }, select: { id: true } })).map(
      (e) => e.id,
    );
    const run = await t.db.run.create({ data: { datasetId: dataset.id, configJson: '{}', loss: 'ce', beta: 1, seed: 1 } });
    runId = run.id;
  });
  after(() => t.cleanup());

  it('writes every row with its values, across several statements', async () => {
    const rows = exampleIds.map((exampleId, i) => ({
      runId,
      exampleId,
      label: i % 2,
      predicted: (i * 7) % 2,
      confidence: 0.5 + (i % 50) / 100,
      correct: i % 2 === (i * 7) % 2,
      probsJson: `[${i}]`,
      embeddingRow: i % 3 === 0 ? null : i,
    }));
    assert.equal(await bulkInsert(t.db, 'Prediction', rows), rows.length); // 8 columns: 3,750 rows per statement
    const back = await t.db.prediction.findMany({ where: { runId }, orderBy: { exampleId: 'asc' } });
    assert.equal(back.length, rows.length);
    for (const i of [0, 1, 2, 3749, 3750, 3999]) {
      const { runId: r, exampleId, label, predicted, confidence, correct, probsJson, embeddingRow } = back[i];
      assert.deepEqual({ runId: r, exampleId, label, predicted, confidence, correct, probsJson, embeddingRow }, rows[i]);
    }
  });

  it('writes nothing when one row is refused', async () => {
    const before = await t.db.metric.count();
    const rows = Array.from({ length: 5000 }, (_, i) => ({ runId: i === 4999 ? 987_654 : runId, key: 'loss', step: i, value: i / 10 }));
    await assert.rejects(bulkInsert(t.db, 'Metric', rows)); // the last row names a run that does not exist
    assert.equal(await t.db.metric.count(), before);
  });

  it('refuses a column name it cannot quote safely', async () => {
    await assert.rejects(bulkInsert(t.db, 'Metric', [{ 'value"; --': 1 }]), /unsafe column name/);
  });
});
