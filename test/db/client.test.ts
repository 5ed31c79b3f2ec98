import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb } from '../helpers/db';

test('migrated database round-trips a dataset, a run and its metrics', async () => {
  const t = await createTestDb();
  try {
    const ds = await t.db.dataset.create({
      data: {
        name: 'toy',
        source: 'file',
        numClasses: 2,
        labelNamesJson: '["a","b"]',
        origin: 'x',
        checksum: 'c',
        examples: { create: [{ split: 'train', idx: 0, text: 'hi', label: 0 }] },
      },
    });
    const run = await t.db.run.create({
      data: {
        datasetId: ds.id,
        configJson: '{}',
        loss: 'ce',
        beta: 1,
        seed: 1,
        metrics: {
          create: [
            { key: 'loss', step: 0, value: 0.7 },
            { key: 'loss', step: 1, value: 0.5 },
          ],
        },
      },
      include: { metrics: true },
    });
    assert.equal(run.metrics.length, 2);
    assert.equal(await t.db.example.count({ where: { datasetId: ds.id } }), 1);
    await assert.rejects(
      t.db.dataset.create({ data: { name: 'toy', source: 'file', numClasses: 2, labelNamesJson: '[]', origin: 'x', checksum: 'c' } }),
    );
  } finally {
    await t.cleanup();
  }
});
