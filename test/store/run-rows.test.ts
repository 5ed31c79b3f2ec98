// The store's reads and writes around runs on a fresh database (SQLite; PostgreSQL under `npm run test:pg`):
// run lookups, predictions, attributions, analyses, projections, experiments, sweeps, explain jobs
// and worker rows. Rows are made through the store as training makes them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { countAnalyses, saveAnalysis } from '../../lib/store/analyses';
import {
  attributionPage,
  attributionsOfRuns,
  attributionsOfSweep,
  countAttributions,
  findAttribution,
  firstAttributions,
  latestAttributedRunId,
  saveAttribution,
  attributionsOfExamples,
  type AttributionData,
} from '../../lib/store/attributions';
import { storeDatasets } from '../../lib/store/dataset-import';
import { findDataset, splitExamples } from '../../lib/store/datasets';
import { experimentExists, experimentRunIds, findExperimentWithRuns } from '../../lib/store/experiment-runs';
import { createExperimentWithRuns, createSweep } from '../../lib/store/experiments';
import { findJobState, pendingExplainPayloads } from '../../lib/store/explain-jobs';
import { createJob } from '../../lib/store/job-rows';
import { embeddedPredictions, evaluatedExampleIds, evaluatedSentences, predictionsOfExamples } from '../../lib/store/predictions';
import { countProjections, firstProjectedRunId, projectedRunsLike, saveProjection } from '../../lib/store/projections';
import {
  countRuns,
  doneRunsOfSweep,
  findRunHeader,
  latestFinishedRunId,
  runArtifactsOfKinds,
  runExists,
  runLosses,
  runStatesOfSweep,
} from '../../lib/store/run-lookup';
import { completeRun, endRun } from '../../lib/store/runs';
import { markWorkerStopped } from '../../lib/store/stopped-workers';
import { findLiveSweepByName, findSweep, recentSweeps, requeueStoppedSweepJobs } from '../../lib/store/sweep-rows';
import { createTestDb, type TestDb } from '../helpers/db';
import { toyDataset } from '../helpers/toy-dataset';

describe('store: rows around runs', () => {
  let t: TestDb;
  let sweepId: number;
  let experimentId: number;
  let runIds: number[]; // [ce done, soft-triple done, queued]
  let jobIds: number[];
  let ex: number[]; // example ids, file order
  before(async () => {
    t = await createTestDb();
    const texts = ['a good film', 'a bad film', 'fine', 'dull'];
    await storeDatasets(t.db, [toyDataset('toy', 'toy', texts)]);
    const ds = (await findDataset(t.db, 'toy'))!;
    ex = (await splitExamples(t.db, ds.id, 'train')).map((e) => e.id);
    sweepId = await createSweep(t.db, 'toy sweep', { grid: {} });
    const base = { sweepId, configHash: 'h', datasetId: ds.id, modelId: null, beta: 1, sampleSize: 4, protocol: 'kfold' };
    const ce = await createExperimentWithRuns(t.db, { ...base, name: 'ce', config: {}, loss: 'ce' }, [
      { fold: 0, seed: 1, config: { maxLength: 32 } },
    ]);
    const st = await createExperimentWithRuns(t.db, { ...base, name: 'st', config: {}, loss: 'soft-triple' }, [
      { fold: 0, seed: 1, config: {} },
      { fold: 1, seed: 1, config: {} },
    ]);
    experimentId = st.experimentId;
    runIds = [ce.runIds[0], ...st.runIds];
    jobIds = [...ce.jobIds, ...st.jobIds];
    for (const runId of runIds.slice(0, 2)) {
      await completeRun(t.db, runId, {
        metricsJson: '{"accuracy":0.5}',
        trainSize: 4,
        evalSize: 3,
        durationMs: 1,
        // evaluated in reverse order; example 3 not at all, example 2 without an embedding row
        predictions: [ex[2], ex[1], ex[0]].map((exampleId, i) => ({
          exampleId,
          label: 1,
          predicted: i % 2,
          confidence: 0.5 + i / 10,
          correct: i % 2 === 1,
          probsJson: '[0.5,0.5]',
          embeddingRow: exampleId === ex[2] ? null : i,
        })),
        artifacts: ['embeddings', 'proxies', 'checkpoint'].map((kind) => ({
          kind,
          path: `runs/${runId}/${kind}.bin`,
          shapeJson: '[2,4]',
          dtype: 'float32',
          sha256: kind,
          bytes: 32,
        })),
      });
    }
  });
  after(async () => {
    await t.cleanup();
  });

  it('looks runs up by id, status and sweep', async () => {
    const [ce, st, queued] = runIds;
    assert.equal(await runExists(t.db, ce), true);
    assert.equal(await runExists(t.db, 999_999), false);
    assert.deepEqual(await findRunHeader(t.db, ce), {
      id: ce,
      status: 'done',
      datasetId: (await findDataset(t.db, 'toy'))!.id,
      configJson: '{"maxLength":32}',
      loss: 'ce',
    });
    assert.equal(await findRunHeader(t.db, 999_999), undefined);
    assert.deepEqual(
      (await runLosses(t.db, [st, ce, 999_999])).sort((a, b) => a.id - b.id),
      [
        { id: ce, loss: 'ce' },
        { id: st, loss: 'soft-triple' },
      ],
    );
    assert.equal(await latestFinishedRunId(t.db), st);
    assert.equal(await countRuns(t.db), 3);
    assert.equal(await countRuns(t.db, { unfinishedOf: runIds }), 1);
    assert.equal(await countRuns(t.db, { unfinishedOf: [ce, st] }), 0);
    assert.deepEqual(
      (await runArtifactsOfKinds(t.db, ce, ['embeddings', 'proxies'])).map((a) => a.kind),
      ['proxies', 'embeddings'],
    );
    assert.deepEqual(
      (await doneRunsOfSweep(t.db, sweepId)).map((r) => [r.id, r.fold, r.loss, r.dataset.name]),
      [
        [ce, 0, 'ce', 'toy'],
        [st, 0, 'soft-triple', 'toy'],
      ],
    );
    assert.deepEqual(
      (await runStatesOfSweep(t.db, sweepId)).map((r) => [r.id, r.status]).sort(),
      [
        [ce, 'done'],
        [st, 'done'],
        [queued, 'queued'],
      ].sort(),
    );
    assert.deepEqual(await doneRunsOfSweep(t.db, sweepId + 1), []);
  });

  it('reads what a run evaluated', async () => {
    const [ce, st] = runIds;
    assert.deepEqual(await evaluatedExampleIds(t.db, ce), [ex[0], ex[1], ex[2]]);
    assert.deepEqual(await evaluatedExampleIds(t.db, runIds[2]), []);
    const preds = await predictionsOfExamples(t.db, [ce, st], [ex[0], ex[3]]);
    assert.deepEqual(preds.map((p) => [p.runId, p.exampleId, p.predicted, p.correct, p.confidence]).sort(), [
      [ce, ex[0], 0, false, 0.7],
      [st, ex[0], 0, false, 0.7],
    ]);
    const embedded = await embeddedPredictions(t.db, ce);
    assert.deepEqual(
      embedded.map((p) => [p.embeddingRow, p.exampleId, p.example.text]),
      [
        [1, ex[1], 'a bad film'],
        [2, ex[0], 'a good film'],
      ],
    );
    assert.deepEqual(
      (await evaluatedSentences(t.db, ce, 2)).map((p) => p.example.text),
      ['fine', 'a bad film'],
    );
  });

  it('saves, replaces and reads attributions', async () => {
    const [ce, st] = runIds;
    const row = (runId: number, exampleId: number, method: string, words: string): AttributionData => ({
      runId,
      exampleId,
      method,
      optionsHash: 'h1',
      optionsJson: '{}',
      target: 1,
      tokensJson: '["a"]',
      scoresJson: '[0.5]',
      wordsJson: words,
      delta: method === 'ig' ? 0.01 : null,
      extraJson: null,
    });
    assert.equal(await latestAttributedRunId(t.db), undefined);
    await saveAttribution(t.db, row(ce, ex[1], 'ig', '[{"word":"old","score":1}]'));
    await saveAttribution(t.db, row(ce, ex[0], 'ig', '[]'));
    await saveAttribution(t.db, row(ce, ex[1], 'ig', '[{"word":"bad","score":1}]')); // same key: replaced
    await saveAttribution(t.db, row(st, ex[1], 'attention', '[]'));
    assert.equal(await t.db.attribution.count(), 3);
    assert.equal(await latestAttributedRunId(t.db), st);
    const key = { runId: ce, exampleId: ex[1], method: 'ig', optionsHash: 'h1' };
    assert.equal((await findAttribution(t.db, key))?.wordsJson, '[{"word":"bad","score":1}]');
    assert.equal(await findAttribution(t.db, { ...key, optionsHash: 'h2' }), undefined);
    const words = await attributionsOfExamples(t.db, { runId: ce, method: 'ig', optionsHash: 'h1', exampleIds: [ex[1], ex[2]] });
    assert.deepEqual(words, [{ exampleId: ex[1], wordsJson: '[{"word":"bad","score":1}]' }]);
    assert.deepEqual(
      (await firstAttributions(t.db, { runId: ce, method: 'ig', optionsHash: 'h1' }, 1)).map((a) => [a.exampleId, a.example.text]),
      [[ex[0], 'a good film']],
    );
    assert.equal(await countAttributions(t.db, ce), 2);
    assert.equal(await countAttributions(t.db, ce, 'attention'), 0);
    const page1 = await attributionPage(t.db, { runId: ce, afterId: 0, take: 1 });
    const page2 = await attributionPage(t.db, { runId: ce, afterId: page1[0].id, take: 5 });
    assert.deepEqual(
      [...page1, ...page2].map((a) => [a.exampleId, a.example.idx, a.example.split]),
      [
        [ex[1], 1, 'train'],
        [ex[0], 0, 'train'],
      ],
    );
    assert.deepEqual(await attributionPage(t.db, { runId: ce, afterId: 0, take: 5, methods: ['attention'] }), []);
    const both = await attributionsOfRuns(t.db, { runIds: [ce, st], methods: ['ig', 'attention'], exampleIds: [ex[1]] });
    assert.deepEqual(
      both.map((a) => [a.runId, a.method]),
      [
        [st, 'attention'],
        [ce, 'ig'],
      ],
    );
    assert.equal((await attributionsOfRuns(t.db, { runIds: [ce, st], methods: ['ig'] })).length, 2);
    assert.equal((await attributionsOfSweep(t.db, sweepId, 'ig')).length, 2);
    assert.deepEqual(await attributionsOfSweep(t.db, sweepId + 1, 'ig'), []);
  });

  it('stores analyses and projections', async () => {
    const [ce, st, queued] = runIds;
    assert.equal(await countAnalyses(t.db, ce), 0);
    const id = await saveAnalysis(t.db, { runId: ce, kind: 'retrieval', params: { metric: 'cosine' }, result: { map: 0.5 } });
    assert.equal(await countAnalyses(t.db, ce), 1);
    const stored = await t.db.analysis.findUniqueOrThrow({ where: { id } });
    assert.deepEqual(
      [stored.kind, JSON.parse(stored.paramsJson), JSON.parse(stored.resultJson)],
      ['retrieval', { metric: 'cosine' }, { map: 0.5 }],
    );
    assert.equal(await firstProjectedRunId(t.db), undefined);
    const p1 = await saveProjection(t.db, { runId: st, method: 'umap', params: { metric: 'cosine' }, coords: [[0, 1]], proxies: [] });
    await saveProjection(t.db, { runId: queued, method: 'pca', params: {}, coords: [[1, 2]], proxies: [{ x: 1, y: 2 }] });
    const p = await t.db.projection.findUniqueOrThrow({ where: { id: p1 } });
    assert.deepEqual([p.coordsJson, p.proxiesJson], ['[[0,1]]', null]);
    assert.equal(await firstProjectedRunId(t.db), st);
    assert.equal(await countProjections(t.db, { runId: st, method: 'umap', paramsText: '"metric":"cosine"' }), 1);
    assert.equal(await countProjections(t.db, { runId: st, method: 'umap', paramsText: '"metric":"euclidean"' }), 0);
    assert.equal(await countProjections(t.db, { runId: st, method: 'pca' }), 0);
    const like = { id: ce, datasetId: (await findDataset(t.db, 'toy'))!.id, sampleSize: 4, fold: 0, seed: 1 };
    assert.deepEqual(await projectedRunsLike(t.db, like, 30), [{ id: st, loss: 'soft-triple' }]);
    assert.deepEqual(await projectedRunsLike(t.db, { ...like, fold: 1 }, 30), [{ id: queued, loss: 'soft-triple' }]);
    assert.deepEqual(await projectedRunsLike(t.db, { ...like, id: st }, 30), []);
  });

  it('reads experiments and sweeps, and gives a stopped sweep its jobs back', async () => {
    assert.equal(await experimentExists(t.db, experimentId), true);
    assert.equal(await experimentExists(t.db, 999_999), false);
    assert.deepEqual(await experimentRunIds(t.db, experimentId), runIds.slice(1));
    const e = (await findExperimentWithRuns(t.db, experimentId))!;
    assert.deepEqual(
      [e.name, e.runs.map((r) => [r.id, r.status])],
      [
        'st',
        [
          [runIds[1], 'done'],
          [runIds[2], 'queued'],
        ],
      ],
    );
    assert.equal(await findExperimentWithRuns(t.db, 999_999), undefined);
    const other = await createSweep(t.db, 'other', {});
    assert.deepEqual(await recentSweeps(t.db, 1), [{ id: other, name: 'other' }]);
    assert.equal((await findSweep(t.db, sweepId))?.name, 'toy sweep');
    assert.equal(await findSweep(t.db, 999_999), undefined);
    assert.equal((await findLiveSweepByName(t.db, 'toy sweep'))?.id, sweepId);
    await t.db.sweep.update({ where: { id: other }, data: { status: 'cancelled' } });
    assert.equal(await findLiveSweepByName(t.db, 'other'), undefined);
    await endRun(t.db, runIds[2], 'failed', 'boom');
    await t.db.job.update({
      where: { id: jobIds[2] },
      data: { status: 'failed', attempts: 3, error: 'boom', workerId: 'w1', cancelRequested: true },
    });
    assert.equal(await requeueStoppedSweepJobs(t.db, sweepId), 1);
    const job = await t.db.job.findUniqueOrThrow({ where: { id: jobIds[2] } });
    assert.deepEqual([job.status, job.attempts, job.error, job.workerId, job.cancelRequested], ['queued', 0, null, null, false]);
    assert.equal(await requeueStoppedSweepJobs(t.db, sweepId), 0);
  });

  it('reads explain jobs and marks workers stopped', async () => {
    const [ce, st] = runIds;
    const queued = await createJob(t.db, { kind: 'explain', runId: ce, payload: { runId: ce, exampleIds: [ex[0]], method: 'ig' } });
    const done = await createJob(t.db, { kind: 'explain', runId: ce, payload: { runId: ce, exampleIds: [ex[1]], method: 'ig' } });
    await t.db.job.update({ where: { id: done }, data: { status: 'done', resultJson: '{"ok":true}' } });
    await createJob(t.db, { kind: 'project', runId: ce, payload: { runId: ce } });
    assert.deepEqual(
      (await pendingExplainPayloads(t.db, ce)).map((p) => JSON.parse(p) as unknown),
      [{ runId: ce, exampleIds: [ex[0]], method: 'ig' }],
    );
    assert.deepEqual(await pendingExplainPayloads(t.db, st), []);
    assert.deepEqual(await findJobState(t.db, done), {
      id: done,
      runId: ce,
      kind: 'explain',
      status: 'done',
      error: null,
      resultJson: '{"ok":true}',
    });
    assert.equal((await findJobState(t.db, queued))?.status, 'queued');
    assert.equal(await findJobState(t.db, 999_999), undefined);
    await t.db.worker.create({ data: { id: 'w1', pid: 1, host: 'h', status: 'busy', currentJobId: queued } });
    await markWorkerStopped(t.db, 'w1');
    await markWorkerStopped(t.db, 'missing'); // no row: nothing to do, no error
    const w = await t.db.worker.findUniqueOrThrow({ where: { id: 'w1' } });
    assert.deepEqual([w.status, w.currentJobId], ['stopped', null]);
    assert.equal(await t.db.worker.count(), 1);
  });
});
