import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { createTestDb, type TestDb } from '../helpers/db';
import { explainExamples, explainRun } from '../../lib/explain/service';
import { evaluateRunFaithfulness } from '../../lib/explain/faithfulness-service';
import { compareRunAttributions } from '../../lib/explain/agreement-service';
import { attentionMaps } from '../../lib/explain/attention';
import { loadRunClassifier } from '../../lib/explain/run-model';
import { analyzeJobHandler, enqueueWork, explainJobHandler, projectJobHandler } from '../../lib/explain/jobs';
import { analyzeRun, projectRun } from '../../lib/analysis/service';
import { UserError } from '../../lib/errors';
import { setupTf } from './tf-setup';
import { writeTinyClassifier } from './tiny-model';
import { makeDataset, makeFinishedRun, type FixtureRun } from './run-fixture';

await setupTf();

let t: TestDb;
let modelDir: string;
let runA: FixtureRun;
let runB: FixtureRun;
let bare: FixtureRun;

before(async () => {
  t = await createTestDb();
  process.env.DML_LENS_HOME = t.dir; // run folders under the test's temp dir
  modelDir = await writeTinyClassifier({ initRange: 0.2, dir: `${t.dir}/tiny` });
  const { datasetId, exampleIds } = await makeDataset(t.db);
  runA = await makeFinishedRun(t.db, datasetId, exampleIds, { modelDir, proxies: true });
  runB = await makeFinishedRun(t.db, datasetId, exampleIds.slice(0, 12), { modelDir, seed: 2 });
  bare = await makeFinishedRun(t.db, datasetId, exampleIds.slice(0, 4));
});

after(async () => {
  await t.cleanup();
});

test('explain stores one row per sentence, reuses rows with the same options, recomputes with --force', async () => {
  const s = await explainRun(t.db, { runId: runA.runId, method: 'ig', options: { steps: 16 }, limit: 5, seed: 3 });
  assert.equal(s.requested, 5);
  assert.equal(s.computed, 5);
  assert.ok(s.meanRelativeDelta! < 0.05, `relative delta ${s.meanRelativeDelta}`);
  const rows = await t.db.attribution.findMany({ where: { runId: runA.runId, method: 'ig' } });
  assert.equal(rows.length, 5);
  for (const r of rows) {
    const tokens = JSON.parse(r.tokensJson) as string[];
    const scores = JSON.parse(r.scoresJson) as number[];
    assert.equal(tokens.length, scores.length);
    assert.equal(tokens[0], '[CLS]');
    assert.equal(scores[0], 0); // special tokens kept in the pad baseline: no attribution
    assert.ok(Number.isFinite(r.delta));
    assert.deepEqual(JSON.parse(r.optionsJson), {
      steps: 16,
      baseline: 'pad',
      quadrature: 'gausslegendre',
      maxLength: 64,
      output: 'logit',
      target: 'predicted',
    });
    const extra = JSON.parse(r.extraJson!) as { fInput: number; fBaseline: number };
    const words = JSON.parse(r.wordsJson!) as { word: string; score: number }[];
    assert.ok(Math.abs(words.reduce((a, w) => a + w.score, 0) - (extra.fInput - extra.fBaseline) - r.delta!) < 1e-4);
  }
  const again = await explainRun(t.db, {
    runId: runA.runId,
    method: 'ig',
    options: { steps: 16, internalBatchSize: 4 },
    limit: 5,
    seed: 3,
  });
  assert.equal(again.reused, 5);
  assert.equal(again.computed, 0);
  const forced = await explainExamples(
    t.db,
    runA.runId,
    rows.map((r) => r.exampleId),
    'ig',
    { steps: 16 },
    { force: true },
  );
  assert.equal(forced.computed, 5);
  assert.equal(await t.db.attribution.count({ where: { runId: runA.runId, method: 'ig' } }), 5);
});

test('attention rows carry per-layer first-token attention and rollout; maps rows sum to 1', async () => {
  await explainExamples(t.db, runA.runId, runA.exampleIds.slice(0, 3), 'attention');
  const r = await t.db.attribution.findFirstOrThrow({ where: { runId: runA.runId, method: 'attention' } });
  const extra = JSON.parse(r.extraJson!) as { perLayerCls: number[][]; perHeadCls: number[][][]; rollout: number[] };
  const tokens = JSON.parse(r.tokensJson) as string[];
  assert.equal(extra.perLayerCls.length, 2);
  for (const layer of extra.perLayerCls) assert.ok(Math.abs(layer.reduce((a, b) => a + b, 0) - 1) < 1e-4);
  // every head's first-token row is a distribution, and their mean is the layer's row
  assert.equal(extra.perHeadCls.length, 2);
  extra.perHeadCls.forEach((heads, l) => {
    for (const row of heads) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-4);
    extra.perLayerCls[l].forEach((v, t) => assert.ok(Math.abs(heads.reduce((s, h) => s + h[t], 0) / heads.length - v) < 1e-6));
  });
  assert.equal(extra.rollout.length, tokens.length);
  assert.ok(Math.abs(extra.rollout.reduce((a, b) => a + b, 0) - 1) < 1e-4);
  const classifier = await loadRunClassifier(t.db, runA.runId);
  try {
    const { tokens: tk, maps } = attentionMaps(classifier, 'a great movie', 'too long and too loud');
    assert.equal(maps.length, 2);
    assert.equal(maps[0].length, 2);
    for (const layer of maps)
      for (const head of layer)
        for (const row of head) {
          assert.equal(row.length, tk.length);
          assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
        }
    // tensors stay stable across repeated attributions with a loaded classifier
    const ids = runA.exampleIds.slice(0, 2);
    await explainExamples(t.db, runA.runId, ids, 'grad-input', {}, { classifier, force: true });
    const before = tf.memory().numTensors;
    for (const m of ['ig', 'grad-input', 'grad-norm', 'attention', 'rollout']) {
      await explainExamples(t.db, runA.runId, ids, m, { steps: 8 }, { classifier, force: true });
    }
    assert.equal(tf.memory().numTensors, before);
  } finally {
    classifier.dispose();
  }
});

test('faithfulness analysis per method with a random baseline', async () => {
  const { analysisId, result } = await evaluateRunFaithfulness(t.db, {
    runId: runA.runId,
    methods: ['ig', 'grad-input', 'attention'],
    options: { steps: 16 },
    limit: 6,
  });
  assert.equal(result.n, 6);
  assert.deepEqual(Object.keys(result.methods), ['ig', 'grad-input', 'attention']);
  for (const s of [...Object.values(result.methods), result.random]) {
    assert.equal(s.comprehensiveness.length, 5);
    assert.ok(Number.isFinite(s.aopcComprehensiveness) && Number.isFinite(s.aopcSufficiency));
  }
  const row = await t.db.analysis.findUniqueOrThrow({ where: { id: analysisId } });
  assert.equal(row.kind, 'faithfulness');
  assert.deepEqual((JSON.parse(row.resultJson) as { fractions: number[] }).fractions, [0.01, 0.05, 0.1, 0.2, 0.5]);
});

test('agreement of two runs with the same weights is perfect on common sentences', async () => {
  const { result } = await compareRunAttributions(t.db, { runId: runA.runId, otherRunId: runB.runId, method: 'grad-input', limit: 12 });
  assert.equal(result.perExample.length, 12);
  assert.equal(result.n, 11); // the one-word sentence has no ranking to compare
  assert.ok(result.perExample.every((p) => p.tau === null || Math.abs(p.tau - 1) < 1e-9));
  assert.ok(Math.abs(result.meanTau - 1) < 1e-9);
  assert.equal(result.topWordAgreement, 1);
});

test('UMAP and PCA projections with proxies; reliability and retrieval analyses', async () => {
  const u = await projectRun(t.db, { runId: runA.runId, method: 'umap', nNeighbors: 5, nEpochs: 30, seed: 1 });
  const p = await projectRun(t.db, { runId: runA.runId, method: 'pca' });
  for (const s of [u, p]) {
    const row = await t.db.projection.findUniqueOrThrow({ where: { id: s.projectionId } });
    assert.equal((JSON.parse(row.coordsJson) as number[][]).length, 20);
    const proxies = JSON.parse(row.proxiesJson!) as { x: number; y: number; label: number; center: number }[];
    assert.deepEqual(
      proxies.map((q) => [q.label, q.center]),
      [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ],
    );
  }
  const u2 = await projectRun(t.db, { runId: runA.runId, method: 'umap', nNeighbors: 5, nEpochs: 30, seed: 1 });
  const [c1, c2] = await Promise.all(
    [u, u2].map(async (s) => (await t.db.projection.findUniqueOrThrow({ where: { id: s.projectionId } })).coordsJson),
  );
  assert.equal(c1, c2);
  const a = await analyzeRun(t.db, { runId: runA.runId });
  assert.equal(a.reliability.n, 20);
  assert.equal(a.reliability.distanceDeciles.length, 10);
  assert.equal(a.retrieval.metric, 'cosine'); // auto: the loss has proxies
  assert.ok(a.retrieval.precisionAt1 > 0.9, `well separated clusters: P@1 ${a.retrieval.precisionAt1}`);
  const withAxis = await analyzeRun(t.db, { runId: runB.runId, distanceRunId: runA.runId, metric: 'euclidean' });
  assert.equal(withAxis.reliability.distanceRunId, runA.runId);
  assert.equal(
    withAxis.reliability.distanceDeciles.reduce((s, d) => s + d.count, 0),
    12,
  );
  assert.deepEqual(
    await t.db.analysis
      .groupBy({ by: ['kind'], where: { runId: runA.runId }, _count: true, orderBy: { kind: 'asc' } })
      .then((g) => g.map((x) => x.kind)),
    ['agreement', 'faithfulness', 'reliability', 'retrieval'],
  );
});

test('user errors name the run and the fix', async () => {
  await assert.rejects(
    explainRun(t.db, { runId: 99999, method: 'ig' }),
    (e: Error) => e instanceof UserError && /run 99999 does not exist/.test(e.message),
  );
  await assert.rejects(
    explainRun(t.db, { runId: bare.runId, method: 'ig', limit: 1 }),
    (e: Error) => e instanceof UserError && /no saved fine-tuned model.*saveModel/.test(e.message),
  );
  await assert.rejects(explainRun(t.db, { runId: runA.runId, method: 'lime' }), /unknown explain method "lime"/);
  await assert.rejects(explainRun(t.db, { runId: runA.runId, method: 'ig', options: { baseline: 'nope' as 'pad' } }), /baseline/);
  await assert.rejects(explainExamples(t.db, runB.runId, [runA.exampleIds[19]], 'ig'), /did not evaluate example/);
  await t.db.run.update({ where: { id: bare.runId }, data: { status: 'running' } });
  await assert.rejects(projectRun(t.db, { runId: bare.runId }), /is running/);
});

test('job handlers run queued work and report progress', async () => {
  const ticks: string[] = [];
  const ctx = async (kind: 'explain' | 'project' | 'analyze', payload: Record<string, unknown>) => {
    const id = await enqueueWork(t.db, kind, payload as never);
    const job = await t.db.job.findUniqueOrThrow({ where: { id } });
    return {
      db: t.db,
      job: { id, payload: JSON.parse(job.payloadJson) as Record<string, unknown>, runId: job.runId },
      tick: (p?: string) => {
        if (p) ticks.push(p);
        return Promise.resolve();
      },
    };
  };
  const e = await explainJobHandler(
    await ctx('explain', { runId: runB.runId, exampleIds: runB.exampleIds.slice(0, 2), method: 'grad-norm' }),
  );
  assert.equal(e.status, 'done', e.error);
  assert.ok(ticks.some((p) => (JSON.parse(p) as { total: number }).total === 2));
  const p = await projectJobHandler(await ctx('project', { runId: runB.runId, method: 'pca' }));
  assert.equal(p.status, 'done', p.error);
  const a = await analyzeJobHandler(
    await ctx('analyze', { runId: runB.runId, skipEmbeddings: true, faithfulness: { methods: ['grad-input'], limit: 2 } }),
  );
  assert.equal(a.status, 'done', a.error);
  assert.ok((a.result as { faithfulnessId: number }).faithfulnessId > 0);
  await assert.rejects(enqueueWork(t.db, 'explain', { runId: 99999, method: 'ig' }), /run 99999 does not exist/);
  const bad = await explainJobHandler({
    db: t.db,
    job: { id: 0, payload: { runId: 99999, method: 'ig' }, runId: null },
    tick: async () => {},
  });
  assert.equal(bad.status, 'failed');
  assert.match(bad.error!, /run 99999/);
});

test('CLI: explain, project and analyze print summaries and store results', async () => {
  process.env.DATABASE_URL = t.url;
  const { main } = await import('../../scripts/cli/main');
  const out: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => {
    out.push(a.join(' '));
  };
  try {
    assert.equal(await main(['explain', '--run', String(runB.runId), '--method', 'ig', '--steps', '12', '--limit', '3', '--quiet']), 0);
    assert.equal(
      await main(['project', '--run', String(runB.runId), '--method', 'umap', '--neighbors', '4', '--epochs', '20', '--quiet']),
      0,
    );
    assert.equal(await main(['analyze', '--run', String(runB.runId), '--json']), 0);
    assert.equal(await main(['explain', '--run', String(runB.runId), '--method', 'ig', '--queue']), 0);
  } finally {
    console.log = log;
  }
  const text = out.join('\n');
  assert.match(text, /explain: run \d+, ig \(steps 12/);
  assert.match(text, /IG delta +mean/);
  assert.match(text, /project: run \d+, umap/);
  assert.match(text, /"precisionAt1"/);
  assert.match(text, /queued explain job \d+/);
  assert.ok(fs.existsSync(modelDir));
});
