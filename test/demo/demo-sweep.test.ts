// The demo's sweep is reused by a second demo on the same default model, and replaced when the
// model's weights change (a new default model must not show runs trained on the old one).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { importSentEval } from '../../lib/data/import-senteval';
import { demoSweepName, ensureDemoSweep, modelFingerprint } from '../../lib/demo/demo-sweep';
import { createTestDb, sharedSentevalDir } from '../helpers/db';

test('a second demo reuses its sweep; other weights get a new one', async (t) => {
  const senteval = sharedSentevalDir();
  if (!senteval) return t.skip('../shared/data/senteval is not present');
  const tdb = await createTestDb();
  try {
    await importSentEval(tdb.db, { dir: senteval, tasks: ['MR', 'SUBJ'] });
    const model = path.join(tdb.dir, 'model');
    fs.mkdirSync(model);
    fs.copyFileSync('models/dml-lens-small/config.json', path.join(model, 'config.json'));
    fs.writeFileSync(path.join(model, 'model.safetensors'), 'weights v1');
    const v1 = modelFingerprint(model);
    assert.match(v1, /^[0-9a-f]{12}$/);

    const first = await ensureDemoSweep(tdb.db, model);
    assert.equal(first.reused, false);
    const again = await ensureDemoSweep(tdb.db, model);
    assert.deepEqual(again, { sweepId: first.sweepId, reused: true });
    const runs = await tdb.db.run.count({ where: { experiment: { sweepId: first.sweepId } } });
    assert.equal(runs, 2 * 3 * 3); // MR, SUBJ x 3 losses x 3 folds

    fs.writeFileSync(path.join(model, 'model.safetensors'), 'weights v2');
    const other = await ensureDemoSweep(tdb.db, model);
    assert.equal(other.reused, false);
    assert.notEqual(other.sweepId, first.sweepId);
    const sweep = await tdb.db.sweep.findUniqueOrThrow({ where: { id: other.sweepId } });
    assert.equal(sweep.name, demoSweepName(modelFingerprint(model)));
  } finally {
    await tdb.cleanup();
  }
});
