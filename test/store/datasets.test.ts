// lib/store/datasets.ts and dataset-import.ts on a fresh database (SQLite; PostgreSQL under `npm run test:pg`):
// writes are all or nothing, identical re-imports are no-ops, and the reads return what was written.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeDatasets } from '../../lib/store/dataset-import';
import {
  datasetNames,
  exampleCounts,
  examplesWithLabelNames,
  findDataset,
  findExamples,
  listDatasetRows,
  splitExamples,
  splitNames,
} from '../../lib/store/datasets';
import { createTestDb, type TestDb } from '../helpers/db';
import { toyDataset as dataset } from '../helpers/toy-dataset';

describe('store: data sets', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
  });
  after(async () => {
    await t.cleanup();
  });

  it('stores data sets with their examples in file order, and reads them back', async () => {
    const zeta = dataset('zeta', 'c1', ['z0', 'z1', 'z2']);
    zeta.examples.push({ split: 'test', text: "it's 'quoted' ? and $1", label: 1, sourceLine: 9 });
    const statuses = await storeDatasets(t.db, [zeta, dataset('alpha', 'a1', ['a0', 'a1'])]);
    assert.deepEqual(statuses, ['imported', 'imported']);
    assert.deepEqual(await datasetNames(t.db), ['alpha', 'zeta']);
    assert.deepEqual(
      (await listDatasetRows(t.db)).map((d) => [d.name, d.numClasses, d.labelNamesJson]),
      [
        ['alpha', 2, '["neg","pos"]'],
        ['zeta', 2, '["neg","pos"]'],
      ],
    );
    const z = (await findDataset(t.db, 'zeta'))!;
    assert.equal(await findDataset(t.db, 'nope'), undefined);
    assert.deepEqual((await splitNames(t.db, z.id)).sort(), ['test', 'train']);
    const train = await splitExamples(t.db, z.id, 'train');
    assert.deepEqual(
      train.map((e) => [e.text, e.label, e.textPair]),
      [
        ['z0', 0, null],
        ['z1', 1, null],
        ['z2', 0, null],
      ],
    );
    assert.deepEqual(
      (await splitExamples(t.db, z.id, 'test')).map((e) => e.text),
      ["it's 'quoted' ? and $1"],
    );
    const rows = await t.db.example.findMany({ where: { datasetId: z.id }, orderBy: { id: 'asc' } });
    assert.deepEqual(
      rows.map((r) => [r.split, r.idx, r.fineLabel, r.sourceLine]),
      [
        ['train', 0, 'fine?', 2],
        ['train', 1, null, 3],
        ['train', 2, null, 4],
        ['test', 0, null, 9],
      ],
    );
    const counts = (await exampleCounts(t.db, z.id)).map((c) => `${c.split}/${c.label}:${c.count}`).sort();
    assert.deepEqual(counts, ['test/1:1', 'train/0:2', 'train/1:1']);
    assert.equal(
      (await exampleCounts(t.db)).reduce((n, c) => n + c.count, 0),
      6,
    );
    const picked = await findExamples(t.db, [train[2].id, train[0].id, 999_999]);
    assert.deepEqual(
      picked.map((e) => e.text),
      ['z0', 'z2'],
    );
    const named = await examplesWithLabelNames(t.db, [train[1].id]);
    assert.deepEqual(
      named.map((e) => [e.text, e.label, e.dataset.labelNamesJson]),
      [['z1', 1, '["neg","pos"]']],
    );
  });

  it('leaves an identical re-import alone, replaces on request, and refuses without it', async () => {
    assert.deepEqual(await storeDatasets(t.db, [dataset('alpha', 'a1', ['other'])]), ['unchanged']);
    await assert.rejects(storeDatasets(t.db, [dataset('alpha', 'a2', ['new'])]), /already imported .* pass --replace/);
    assert.deepEqual(await storeDatasets(t.db, [dataset('alpha', 'a2', ['n0', 'n1', 'n2'])], { replace: true }), ['replaced']);
    const a = (await findDataset(t.db, 'alpha'))!;
    assert.equal(a.checksum, 'a2');
    assert.deepEqual(
      (await splitExamples(t.db, a.id, 'train')).map((e) => e.text),
      ['n0', 'n1', 'n2'],
    );
  });

  it('writes nothing when one data set of the call is refused', async () => {
    const before = await t.db.example.count();
    await assert.rejects(
      storeDatasets(t.db, [dataset('beta', 'b1', ['b0']), dataset('zeta', 'changed', ['x'])]),
      /"zeta" is already imported/,
    );
    assert.equal(await findDataset(t.db, 'beta'), undefined);
    assert.equal(await t.db.example.count(), before);
  });

  it('refuses to replace a data set that runs use, and lists only evaluated examples on request', async () => {
    const z = (await findDataset(t.db, 'zeta'))!;
    const [e0, e1] = await splitExamples(t.db, z.id, 'train');
    const run = await t.db.run.create({ data: { datasetId: z.id, configJson: '{}', loss: 'ce', beta: 1, seed: 1 } });
    await t.db.prediction.create({
      data: { runId: run.id, exampleId: e1.id, label: 1, predicted: 1, confidence: 0.8, correct: true, probsJson: '[0.2,0.8]' },
    });
    assert.deepEqual(
      (await findExamples(t.db, [e0.id, e1.id], { evaluatedBy: run.id })).map((e) => e.id),
      [e1.id],
    );
    await assert.rejects(storeDatasets(t.db, [dataset('zeta', 'c2', ['x'])], { replace: true }), /1 run\(s\) and 0 experiment\(s\) use it/);
    assert.equal((await findDataset(t.db, 'zeta'))!.checksum, 'c1');
  });
});
