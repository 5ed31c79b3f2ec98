// `dml-lens train --estimate` and the memory refusal as a user meets them: a tiny model calibrated
// and estimated (fits), a RoBERTa-large-shaped folder estimated as a GPU job, and plain `train` on
// it refused in one line with the numbers and the options that fit, before anything is queued.
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
let tiny = '';
let large = '';
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
  tiny = (
    await initModel({
      arch: 'roberta',
      size: 'tiny',
      texts: mr.texts.slice(0, 2000),
      vocabSize: 1500,
      seed: 1,
      outDir: path.join(t.dir, 'tiny'),
    })
  ).dir;
  // the large shape needs only its config.json to be estimated and refused (no weights are read)
  large = path.join(t.dir, 'large');
  fs.mkdirSync(large);
  for (const f of fs.readdirSync(tiny)) if (f !== 'model.safetensors') fs.copyFileSync(path.join(tiny, f), path.join(large, f));
  const config = JSON.parse(fs.readFileSync(path.join(tiny, 'config.json'), 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(
    path.join(large, 'config.json'),
    JSON.stringify({
      ...config,
      num_hidden_layers: 24,
      hidden_size: 1024,
      num_attention_heads: 16,
      intermediate_size: 4096,
      vocab_size: 50265,
      max_position_embeddings: 514,
    }),
  );
});
after(async () => {
  await t?.cleanup();
});

test(
  'train --estimate calibrates a tiny model and says it fits; the paper preset on a large shape is a GPU job',
  { skip: !senteval && 'shared SentEval data not found' },
  async () => {
    const small = await exec([
      'train',
      '--dataset',
      'MR',
      '--model',
      tiny,
      '--loss',
      'ce',
      '--samples',
      '16',
      '--folds',
      '2',
      '--steps',
      '5',
      '--batch-size',
      '8',
      '--max-length',
      '24',
      '--estimate',
    ]);
    assert.equal(small.code, 0, small.stderr);
    assert.match(small.stderr, /calibrating .* \(3 training steps at 8 x \d+\)/);
    assert.match(
      small.stdout,
      /2 run\(s\) x 5 steps x [\d.]+ s\/step on wasm .*\(measured on this machine\)\nestimated training time: .+\nfits in memory: yes/,
    );
    const big = await exec([
      'train',
      '--preset',
      'paper',
      '--dataset',
      'MR',
      '--model',
      large,
      '--loss',
      'soft-triple',
      '--estimate',
      '--no-calibrate',
    ]);
    assert.equal(big.code, 0, big.stderr);
    assert.match(big.stdout, /fits in memory: no \(~[\d.]+ GiB of 3\.33 GiB\)\nthis is a GPU job/);
    assert.equal(await t.db.run.count(), 0);
  },
);

test(
  'train on a model that cannot fit is refused in one line with the numbers, before anything is queued',
  { skip: !senteval && 'shared SentEval data not found' },
  async () => {
    const r = await exec([
      'train',
      '--dataset',
      'MR',
      '--model',
      large,
      '--loss',
      'ce',
      '--samples',
      '16',
      '--folds',
      '2',
      '--batch-size',
      '16',
      '--max-length',
      '64',
    ]);
    assert.equal(r.code, 1);
    const lines = r.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('dml-lens: tfjs backend'));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(
      lines[0],
      /needs ~[\d.]+ GiB \(weights 1\.3\d GiB, gradients 1\.3\d GiB, AdamW state 2\.6\d GiB, .*offers \(3\.33 GiB\); options that fit: .*--lora-rank 8/,
    );
    assert.equal(await t.db.experiment.count(), 0);
    assert.equal(await t.db.run.count(), 0);
  },
);
