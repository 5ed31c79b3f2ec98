// `dml-lens train` as a user runs it: MR from the shared SentEval data, a tiny model made with
// `model init`'s library, the authors' protocol (20 samples, 4 folds, seed 2048), JSON summary;
// and a bad config rejected before any work with every problem listed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDb, sharedSentevalDir, type TestDb } from '../helpers/db';
import { importSentEval } from '../../lib/data/import-senteval';
import { loadSplit } from '../../lib/data/load-split';
import { initModel } from '../../lib/model/init-model';

const senteval = sharedSentevalDir();
let t: TestDb;
let modelDir = '';
const cli = path.resolve('scripts', 'dml-lens.mjs');
const exec = (args: string[]) =>
  promisify(execFile)(process.execPath, [cli, ...args], {
    env: { ...process.env, DATABASE_URL: t.url, DML_LENS_HOME: path.join(t.dir, 'home') },
    maxBuffer: 1 << 24,
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

before(async () => {
  if (!senteval) return;
  t = await createTestDb();
  await importSentEval(t.db, { dir: senteval, tasks: ['MR'] });
  const mr = await loadSplit(t.db, 'MR', 'train');
  modelDir = (
    await initModel({
      arch: 'bert',
      size: 'tiny',
      texts: mr.texts.slice(0, 3000),
      vocabSize: 2000,
      seed: 1,
      outDir: path.join(t.dir, 'tiny-mr'),
    })
  ).dir;
});
after(async () => {
  await t?.cleanup();
});

test(
  'dml-lens train on MR with a tiny model completes and stores its runs',
  { skip: !senteval && 'shared SentEval data not found' },
  async () => {
    const r = await exec([
      'train',
      '--dataset',
      'MR',
      '--model',
      modelDir,
      '--loss',
      'soft-triple',
      '--beta',
      '0.4',
      '--samples',
      '20',
      '--folds',
      '4',
      '--seed',
      '2048',
      '--preset',
      'cpu',
      '--epochs',
      '2',
      '--eval-limit',
      '60',
      '--max-length',
      '32',
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      runs: { id: number; status: string; evalSize: number; trainSize: number }[];
      summary: { done: number; metrics: Record<string, { mean: number; std: number }> };
      status: string;
    };
    assert.equal(out.runs.length, 4);
    assert.ok(
      out.runs.every(
        (x: { status: string; evalSize: number; trainSize: number }) => x.status === 'done' && x.evalSize === 60 && x.trainSize === 20,
      ),
    );
    assert.equal(out.summary.done, 4);
    assert.equal(typeof out.summary.metrics.accuracy.mean, 'number');
    assert.equal(typeof out.summary.metrics.proxyAccuracy.std, 'number');
    assert.equal(out.status, 'done');
    assert.equal(await t.db.prediction.count(), 240);
    assert.equal(await t.db.artifact.count({ where: { kind: 'embeddings' } }), 4);
    const shown = await exec(['runs', 'show', String(out.runs[0].id)]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /confusion \(rows gold, columns predicted\)/);
  },
);

test(
  'a bad config is rejected before any work, listing every problem',
  { skip: !senteval && 'shared SentEval data not found' },
  async () => {
    const before = await t.db.run.count();
    const r = await exec([
      'train',
      '--dataset',
      'MR',
      '--model',
      'no-such-model',
      '--loss',
      'soft-tripel',
      '--beta',
      '1.5',
      '--samples',
      '9000',
      '--folds',
      '4',
    ]);
    assert.equal(r.code, 1);
    for (const what of [
      'model: unknown model "no-such-model"',
      'loss: unknown loss',
      'beta: beta must be in [0, 1]',
      'samples: samples (9000) is larger than the pool',
    ])
      assert.ok(r.stderr.includes(what), `missing "${what}" in:\n${r.stderr}`);
    assert.equal(await t.db.run.count(), before);
    const file = path.join(t.dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ dataset: 'MR', modle: 'x', loss: 'ce', epochs: 'ten' }));
    const unknownKey = await exec(['train', '--config', file]);
    assert.equal(unknownKey.code, 1);
    for (const what of ['modle: unknown key', 'model: ', 'epochs: '])
      assert.ok(unknownKey.stderr.includes(what), `missing "${what}" in:\n${unknownKey.stderr}`);
  },
);
