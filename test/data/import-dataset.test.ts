// Importing into SQLite: exact counts for all eight tasks, idempotent re-import, replace rules,
// all-or-nothing transactions, and reading splits back in file order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { listDatasets } from '../../lib/data/catalog';
import { loadDataFile } from '../../lib/data/generic-import';
import { importDatasets } from '../../lib/data/import-dataset';
import { importSentEval } from '../../lib/data/import-senteval';
import { datasetSplits, loadSplit, officialTestSplit } from '../../lib/data/load-split';
import { SENTEVAL_TASKS } from '../../lib/data/senteval/tasks';
import { ConfigError, UserError } from '../../lib/errors';
import { createTestDb, sharedSentevalDir } from '../helpers/db';

const dir = sharedSentevalDir();

test('all SentEval tasks: one import, exact counts per split and label; re-import is a no-op', { skip: dir ? false : 'no ../shared/data/senteval' }, async () => {
  const t = await createTestDb();
  try {
    const t0 = Date.now();
    const { results } = await importSentEval(t.db, { dir });
    const ms = Date.now() - t0;
    console.log(`# imported ${results.reduce((a, r) => a + r.examples, 0)} examples of ${results.length} data sets in ${ms} ms`);
    assert.ok(results.every((r) => r.status === 'imported'));
    const list = await listDatasets(t.db);
    assert.deepEqual(list.map((d) => d.name), ['CR', 'MPQA', 'MR', 'MRPC', 'SST2', 'SST2-sent', 'SST5', 'SUBJ', 'TREC']);
    for (const task of SENTEVAL_TASKS) {
      const d = list.find((x) => x.name === task.name)!;
      assert.deepEqual(d.labelNames, task.labelNames);
      assert.equal(d.hasPairs, task.hasPairs);
      const want = Object.fromEntries(Object.entries(task.counts).map(([split, counts]) => [split, {
        size: counts.reduce((a, b) => a + b, 0),
        labels: Object.fromEntries(task.labelNames.map((n, i) => [n, counts[i]])),
      }]));
      assert.deepEqual(d.splits, want, task.name);
    }
    assert.deepEqual(list.find((d) => d.name === 'SST2')!.splits.train, { size: 67349, labels: { negative: 29780, positive: 37569 } });

    const before = await t.db.example.count();
    const again = await importSentEval(t.db, { dir, tasks: ['MR', 'SST2'] });
    assert.deepEqual(again.results.map((r) => r.status), ['unchanged', 'unchanged']);
    assert.equal(await t.db.example.count(), before);

    // loadSplit: file order, ids, pairs
    const sst2 = await loadSplit(t.db, 'SST2', 'train');
    assert.equal(sst2.texts.length, 67349);
    assert.equal(sst2.texts[0], 'hide new secretions from the parental units');
    assert.equal(sst2.pairs, null);
    const mrpc = await loadSplit(t.db, 'MRPC', 'test');
    assert.equal(mrpc.ids.length, 1725);
    assert.equal(mrpc.pairs!.length, 1725);
    assert.equal(mrpc.labels.filter((l) => l === 1).length, 1147);
    assert.deepEqual(await datasetSplits(t.db, 'SST5'), ['train', 'dev', 'test']);
    assert.equal(await officialTestSplit(t.db, 'TREC'), 'test');
    await assert.rejects(officialTestSplit(t.db, 'MR'), (e: unknown) => e instanceof ConfigError && /no official test split/.test(e.message));
    await assert.rejects(loadSplit(t.db, 'MR', 'test'), (e: unknown) => e instanceof UserError && /has no test split \(it has: train\)/.test(e.message));
    await assert.rejects(loadSplit(t.db, 'IMDB', 'train'), (e: unknown) => e instanceof UserError && /no data set named "IMDB"/.test(e.message));
  } finally {
    await t.cleanup();
  }
});

test('a changed file needs --replace; replace is refused while runs use the data set', async () => {
  const t = await createTestDb();
  try {
    const file = path.join(t.dir, 'mine.csv');
    fs.writeFileSync(file, 'text,label\na,x\nb,y\n');
    const [first] = await importDatasets(t.db, [loadDataFile(file, { name: 'mine' })]);
    assert.equal(first.status, 'imported');
    assert.equal((await importDatasets(t.db, [loadDataFile(file, { name: 'mine' })]))[0].status, 'unchanged');

    fs.writeFileSync(file, 'text,label\na,x\nb,y\nc,x\n');
    await assert.rejects(importDatasets(t.db, [loadDataFile(file, { name: 'mine' })]),
      (e: unknown) => e instanceof UserError && /"mine" is already imported .* pass --replace/.test(e.message));
    const [replaced] = await importDatasets(t.db, [loadDataFile(file, { name: 'mine' })], { replace: true });
    assert.equal(replaced.status, 'replaced');
    assert.deepEqual((await loadSplit(t.db, 'mine', 'train')).texts, ['a', 'b', 'c']);
    assert.equal(await t.db.dataset.count(), 1);

    const ds = await t.db.dataset.findUniqueOrThrow({ where: { name: 'mine' } });
    await t.db.run.create({ data: { datasetId: ds.id, configJson: '{}', loss: 'ce', beta: 1, seed: 1 } });
    fs.writeFileSync(file, 'text,label\nz,x\n');
    await assert.rejects(importDatasets(t.db, [loadDataFile(file, { name: 'mine' })], { replace: true }),
      (e: unknown) => e instanceof UserError && /cannot replace data set "mine": 1 run\(s\)/.test(e.message));
    assert.deepEqual((await loadSplit(t.db, 'mine', 'train')).texts, ['a', 'b', 'c']);
  } finally {
    await t.cleanup();
  }
});

test('all or nothing: a failure in the second data set leaves the first unimported', async () => {
  const t = await createTestDb();
  try {
    const a = path.join(t.dir, 'a.csv');
    const b = path.join(t.dir, 'b.csv');
    fs.writeFileSync(a, 'text,label\na,x\n');
    fs.writeFileSync(b, 'text,label\nb,x\n');
    await importDatasets(t.db, [loadDataFile(b, { name: 'b' })]);
    fs.writeFileSync(b, 'text,label\nchanged,x\n');
    await assert.rejects(importDatasets(t.db, [loadDataFile(a, { name: 'a' }), loadDataFile(b, { name: 'b' })]), UserError);
    assert.equal(await t.db.dataset.count({ where: { name: 'a' } }), 0);
    assert.equal(await t.db.example.count(), 1);
    if (dir) {
      // a malformed SentEval file: nothing of the other tasks is stored either
      const broken = path.join(t.dir, 'senteval');
      fs.cpSync(path.join(dir, 'TREC'), path.join(broken, 'TREC'), { recursive: true });
      fs.cpSync(path.join(dir, 'MRPC'), path.join(broken, 'MRPC'), { recursive: true });
      fs.chmodSync(path.join(broken, 'MRPC', 'msr_paraphrase_test.txt'), 0o644);
      fs.appendFileSync(path.join(broken, 'MRPC', 'msr_paraphrase_test.txt'), '1\tonly three\tcolumns\r\n');
      await assert.rejects(importSentEval(t.db, { dir: broken, tasks: ['TREC', 'MRPC'] }), /msr_paraphrase_test\.txt:1727: expected 5 tab-separated columns/);
      assert.equal(await t.db.dataset.count({ where: { name: 'TREC' } }), 0);
    }
  } finally {
    await t.cleanup();
  }
});
