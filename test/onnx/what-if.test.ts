// The what-if use case on a finished run's saved model: prediction and scores equal the tfjs
// forward, neighbours are the run's training examples (or its evaluated sentences when the data
// cannot be reloaded), the nearest proxy comes from the run's proxies; the IG button's job runs
// through the explain job handler and stores the explanation; runs without a model say how to get one.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { UserError } from '../../lib/errors';
import { explainJobHandler } from '../../lib/explain/jobs';
import { loadClassifier } from '../../lib/model/classifier';
import { disposeBatch, toEncodedBatch } from '../../lib/model/batch';
import { whatIfView } from '../../lib/store/views/what-if';
import { queueWhatIfExplanation, whatIfJobState } from '../../lib/what-if/explain-text-job';
import { whatIf } from '../../lib/what-if/what-if';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeDataset, makeFinishedRun, type FixtureRun } from '../explain/run-fixture';
import { setupTf } from '../explain/tf-setup';
import { SENTENCES, writeTinyClassifier } from '../explain/tiny-model';

let t: TestDb;
let withModel: FixtureRun;
let trained: FixtureRun;
let noModel: FixtureRun;
let modelDir: string;

before(async () => {
  await setupTf();
  t = await createTestDb();
  process.env.DML_LENS_HOME = t.dir;
  modelDir = await writeTinyClassifier({ initRange: 0.2, dir: `${t.dir}/tiny` });
  const { datasetId, exampleIds } = await makeDataset(t.db);
  withModel = await makeFinishedRun(t.db, datasetId, exampleIds, { modelDir, proxies: true, dim: 128 });
  trained = await makeFinishedRun(t.db, datasetId, exampleIds, { modelDir, seed: 2 });
  // a real train config: the neighbours are then the run's training examples (fold 0 of 2, 6 samples)
  const config = { dataset: 'toy-reviews', model: modelDir, loss: 'ce', samples: 6, folds: 2, maxLength: 64, fold: 0, seed: 2048 };
  await t.db.run.update({ where: { id: trained.runId }, data: { configJson: JSON.stringify(config) } });
  noModel = await makeFinishedRun(t.db, datasetId, exampleIds.slice(0, 4));
});

after(async () => {
  await t.cleanup();
});

test('what-if: prediction and scores as the tfjs forward, neighbours, nearest proxy', async () => {
  const text = 'a wonderful and funny film';
  const r = await whatIf(t.db, withModel.runId, text);
  const model = await loadClassifier(modelDir, { quiet: true });
  const enc = toEncodedBatch(model.tokenizer.encodeBatch([text], undefined, 64));
  const probs = tf.tidy(() => tf.softmax(model.forward(enc).logits).dataSync());
  disposeBatch(enc);
  model.dispose();
  assert.deepEqual(
    r.scores.map((s) => s.label),
    ['neg', 'pos'],
  );
  r.scores.forEach((s, i) => assert.ok(Math.abs(s.score - probs[i]) < 1e-4));
  assert.equal(r.predicted.label, probs[1] > probs[0] ? 'pos' : 'neg');
  assert.equal(r.referenceKind, 'evaluated sentences');
  assert.equal(r.neighbours.length, 5);
  assert.ok(r.neighbours.every((n, i) => i === 0 || n.similarity <= r.neighbours[i - 1].similarity));
  assert.equal(r.nearestAnchor?.kind, 'proxy');
  assert.ok(['neg', 'pos'].includes(r.nearestAnchor.label));
  // a training sentence is its own nearest neighbour (cosine 1)
  const self = await whatIf(t.db, withModel.runId, SENTENCES[3]);
  assert.equal(self.neighbours[0].text, SENTENCES[3]);
  assert.ok(Math.abs(self.neighbours[0].similarity - 1) < 1e-4);
  // cached: the second sentence costs milliseconds, not a graph build
  assert.ok(self.ms < 1000, `${self.ms} ms`);
});

test('what-if: the neighbours of a run with a train config are its training examples; class centroids without proxies', async () => {
  const r = await whatIf(t.db, trained.runId, 'boring and dull');
  assert.equal(r.referenceKind, 'training examples');
  assert.ok(r.neighbours.length === 5 && r.neighbours.every((n) => SENTENCES.includes(n.text)));
  assert.equal(r.nearestAnchor?.kind, 'centroid');
});

test('what-if: bad input and runs without a model', async () => {
  await assert.rejects(whatIf(t.db, withModel.runId, '   '), /the sentence is empty/);
  await assert.rejects(
    whatIf(t.db, noModel.runId, 'fine'),
    (e: Error) => e instanceof UserError && /kept no fine-tuned model; train it again with .*--save-model/.test(e.message),
  );
  await assert.rejects(whatIf(t.db, 9999, 'fine'), /run 9999 does not exist/);
  assert.deepEqual(await whatIfView(t.db, noModel.runId), { available: false, sample: '' });
  assert.equal((await whatIfView(t.db, withModel.runId)).available, true);
});

test('what-if IG: queued as an explain job, run by the explain handler, result stored', async () => {
  const jobId = await queueWhatIfExplanation(t.db, withModel.runId, 'a wonderful film');
  assert.equal((await whatIfJobState(t.db, withModel.runId, jobId)).status, 'queued');
  const job = await t.db.job.findUniqueOrThrow({ where: { id: jobId } });
  const outcome = await explainJobHandler({
    db: t.db,
    job: { id: jobId, payload: JSON.parse(job.payloadJson) as Record<string, unknown>, runId: job.runId },
    tick: async () => {},
  });
  assert.equal(outcome.status, 'done', outcome.error);
  const result = outcome.result as { tokens: string[]; scores: number[]; method: string; delta: number };
  assert.equal(result.method, 'ig');
  assert.equal(result.tokens.length, result.scores.length);
  assert.ok(result.tokens.includes('wonderful'));
  await t.db.job.update({ where: { id: jobId }, data: { status: 'done', resultJson: JSON.stringify(outcome.result) } });
  const state = await whatIfJobState(t.db, withModel.runId, jobId);
  assert.equal(state.status, 'done');
  assert.deepEqual((state.result as { tokens: string[] }).tokens, result.tokens);
  await assert.rejects(queueWhatIfExplanation(t.db, noModel.runId, 'x'), /kept no fine-tuned model/);
  await assert.rejects(whatIfJobState(t.db, noModel.runId, jobId), /is not an explanation of run/);
});
