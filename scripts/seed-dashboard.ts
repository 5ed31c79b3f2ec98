// FIXTURE DATA for the dashboard's tests, screenshots and performance bench: fake data sets, a
// sweep of CE vs DML experiments with their runs, predictions, loss curves, embeddings,
// projections and attributions, all generated from a seeded PRNG (nothing here was trained).
//   npx tsx scripts/seed-dashboard.ts [--bench]   (into DATABASE_URL, default var/dml-lens.db)
import fs from 'node:fs';
import path from 'node:path';
import { classificationMetrics } from '../lib/eval/metrics';
import { expectedCalibrationError } from '../lib/eval/calibration';
import type { Prisma } from '@prisma/client';
import type { Db } from '../lib/db/client';
import { syncIdSequences } from '../lib/db/sequences';
import { dataHome } from '../lib/paths';
import { writeArray } from '../lib/store/arrays';
import { summarizeRuns } from '../lib/store/experiments';
import { Rng, deriveSeed } from '../lib/util/random';
import { FIXTURE_DATASETS, fixtureSentence } from './dashboard-fixture/fixture-text';
import { BulkInserter } from './dashboard-fixture/bulk-insert';
import { seedAttributions } from './dashboard-fixture/fixture-attributions';
import {
  simulateCurves,
  simulateEmbeddings,
  simulatePredictions,
  simulateProjection,
  type FixtureExample,
} from './dashboard-fixture/simulate';
import { seedExtras } from './dashboard-fixture/fixture-extras';

export interface SeedOptions {
  datasets?: number;
  losses?: string[];
  sampleSizes?: number[];
  folds?: number;
  evalExamples?: number;
  curveSteps?: number;
  /** Embeddings and projections for fold 0 of the first data set (all losses, all sample sizes). */
  artifacts?: boolean;
  attributedExamples?: number;
  seed?: number;
  dataHome?: string;
  /** Runs that are running, queued and failed, jobs and a worker (for the status displays). */
  extras?: boolean;
  /** The SQLite file behind `db`: predictions and curves then go in through better-sqlite3 (bench sizes). */
  bulkFile?: string;
}

export interface SeedResult {
  sweepId: number;
  modelId: number;
  datasetIds: number[];
  experimentIds: number[];
  runIds: number[];
  predictions: number;
  /** CE and SoftTriple runs on the same sentences (fold 0, first data set, smallest sample size), with attributions. */
  pair: { ceRunId: number; dmlRunId: number };
  extras?: { runningRunId: number; queuedRunId: number; failedRunId: number };
}

export const BENCH_SEED: SeedOptions = {
  datasets: 5,
  losses: ['ce', 'soft-triple', 'proxy-anchor', 'supcon', 'proxy-nca'],
  sampleSizes: [10, 20, 40, 80],
  folds: 20,
  evalExamples: 100,
  curveSteps: 12,
  artifacts: true,
  attributedExamples: 10,
  extras: true,
};

const EMBEDDING_DIM = 16;

export async function seedDashboard(db: Db, opts: SeedOptions = {}): Promise<SeedResult> {
  const o = {
    datasets: 2,
    losses: ['ce', 'soft-triple', 'proxy-anchor'],
    sampleSizes: [10, 20, 40],
    folds: 4,
    evalExamples: 60,
    curveSteps: 30,
    artifacts: true,
    attributedExamples: 8,
    seed: 2048,
    dataHome: dataHome(),
    extras: true,
    ...opts,
  };
  // a model folder that exists (config.json only: nothing can be trained with it), so configs validate
  const modelConfig = { model_type: 'bert', hidden_size: 32, num_hidden_layers: 2, num_attention_heads: 4, fixture: true };
  const modelDir = path.join(o.dataHome, 'models', 'tiny-fixture');
  fs.mkdirSync(modelDir, { recursive: true });
  fs.writeFileSync(path.join(modelDir, 'config.json'), JSON.stringify(modelConfig, null, 2));
  const model = await db.model.create({
    data: {
      name: `tiny-fixture-${o.seed}`,
      path: modelDir,
      arch: 'bert',
      origin: 'init',
      numParams: 105_000,
      configJson: JSON.stringify(modelConfig),
    },
  });
  const sweep = await db.sweep.create({
    data: {
      name: 'fixture sweep: CE vs DML',
      status: 'done',
      finishedAt: new Date(),
      configJson: JSON.stringify({ losses: o.losses, sampleSizes: o.sampleSizes, folds: o.folds, fixture: true }),
    },
  });
  const bulk = o.bulkFile ? new BulkInserter(o.bulkFile) : undefined;
  let nextRunId = ((await db.run.aggregate({ _max: { id: true } }))._max.id ?? 0) + 1;
  const result: SeedResult = {
    sweepId: sweep.id,
    modelId: model.id,
    datasetIds: [],
    experimentIds: [],
    runIds: [],
    predictions: 0,
    pair: { ceRunId: 0, dmlRunId: 0 },
  };
  for (const [di, spec] of FIXTURE_DATASETS.slice(0, o.datasets).entries()) {
    const textRng = new Rng(deriveSeed(o.seed, `texts:${di}`));
    const dataset = await db.dataset.create({
      data: {
        name: spec.name,
        source: 'file',
        numClasses: spec.labels.length,
        labelNamesJson: JSON.stringify(spec.labels),
        origin: 'fixture:scripts/seed-dashboard.ts',
        checksum: `fixture-${o.seed}-${di}`,
      },
    });
    result.datasetIds.push(dataset.id);
    await db.example.createMany({
      data: Array.from({ length: o.evalExamples }, (_, i) => ({
        datasetId: dataset.id,
        split: 'train',
        idx: i,
        label: i % spec.labels.length,
        text: fixtureSentence(textRng, di, i),
      })),
    });
    const rows = await db.example.findMany({
      where: { datasetId: dataset.id },
      orderBy: { idx: 'asc' },
      select: { id: true, label: true, text: true },
    });
    const ambiguityRng = new Rng(deriveSeed(o.seed, `ambiguity:${di}`));
    const examples: FixtureExample[] = rows.map((r) => ({ id: r.id, label: r.label, ambiguity: ambiguityRng.next() }));
    for (const loss of o.losses) {
      for (const sampleSize of o.sampleSizes) {
        const beta = loss === 'ce' ? 1 : 0.4;
        const config = {
          dataset: spec.name,
          model: model.name,
          loss,
          beta,
          sampleSize,
          protocol: 'kfold',
          folds: o.folds,
          epochs: o.curveSteps,
          learningRate: 1e-5,
          maxLength: 64,
        };
        const experiment = await db.experiment.create({
          data: {
            sweepId: sweep.id,
            name: `${spec.name} ${loss} n=${sampleSize}`,
            configJson: JSON.stringify(config),
            configHash: `fixture-${di}-${loss}-${sampleSize}`,
            datasetId: dataset.id,
            modelId: model.id,
            loss,
            beta,
            sampleSize,
            protocol: 'kfold',
            status: 'done',
          },
        });
        result.experimentIds.push(experiment.id);
        // one experiment's runs, predictions and curves go in as three bulk inserts (explicit run ids)
        const runMetrics: Record<string, unknown>[] = [];
        const runRows: Prisma.RunCreateManyInput[] = [];
        const predictionRows: Prisma.PredictionCreateManyInput[] = [];
        const metricRows: Prisma.MetricCreateManyInput[] = [];
        for (let fold = 0; fold < o.folds; fold++) {
          const preds = simulatePredictions(examples, spec.labels.length, { loss, sampleSize, fold, datasetIndex: di, seed: o.seed });
          const m = classificationMetrics(
            preds.map((p) => p.label),
            preds.map((p) => p.predicted),
            spec.labels,
          );
          const ece = expectedCalibrationError(
            preds.map((p) => p.confidence),
            preds.map((p) => p.correct),
          );
          runMetrics.push({ ...m, ece });
          const runId = nextRunId++;
          const started = new Date(Date.UTC(2026, 0, 1) + result.runIds.length * 60_000);
          runRows.push({
            id: runId,
            experimentId: experiment.id,
            datasetId: dataset.id,
            modelId: model.id,
            status: 'done',
            loss,
            beta,
            sampleSize,
            fold,
            seed: o.seed,
            backend: 'fixture',
            configJson: JSON.stringify({ ...config, fold, seed: o.seed }),
            trainSize: sampleSize,
            evalSize: preds.length,
            metricsJson: JSON.stringify({ ...m, ece }),
            progressJson: JSON.stringify({ step: o.curveSteps, totalSteps: o.curveSteps, epoch: o.curveSteps, phase: 'done' }),
            startedAt: started,
            finishedAt: new Date(started.getTime() + 42_000),
            durationMs: 42_000,
          });
          result.runIds.push(runId);
          for (const p of preds) {
            predictionRows.push({
              runId,
              exampleId: p.exampleId,
              label: p.label,
              predicted: p.predicted,
              confidence: p.confidence,
              correct: p.correct,
              probsJson: JSON.stringify(p.probs.map((v) => Math.round(v * 1e4) / 1e4)),
              embeddingRow: p.embeddingRow,
            });
          }
          result.predictions += preds.length;
          for (const c of simulateCurves(loss, o.curveSteps, deriveSeed(o.seed, `curve:${runId}`), beta)) metricRows.push({ runId, ...c });
        }
        await db.run.createMany({ data: runRows });
        if (bulk) {
          bulk.insert('Prediction', predictionRows);
          bulk.insert('Metric', metricRows);
        } else {
          await db.prediction.createMany({ data: predictionRows });
          await db.metric.createMany({ data: metricRows });
        }
        for (const r of runRows) {
          const runId = r.id!;
          if (o.artifacts && di === 0 && r.fold === 0) await seedRunArtifacts(db, runId, loss, examples, spec.labels.length, o);
          if (di === 0 && r.fold === 0 && sampleSize === o.sampleSizes[0]) {
            if (loss === 'ce') result.pair.ceRunId = runId;
            if (loss === o.losses[1]) result.pair.dmlRunId = runId;
            if (loss === 'ce' || loss === o.losses[1]) {
              await seedAttributions(db, runId, rows.slice(0, o.attributedExamples), o.seed);
              // a kept-model record (no weights behind it) so the Sentences page offers compute-on-demand
              await db.artifact.create({
                data: {
                  runId,
                  kind: 'checkpoint',
                  path: `runs/${runId}/model`,
                  shapeJson: '[]',
                  dtype: 'fixture',
                  sha256: 'fixture',
                  bytes: 0,
                },
              });
            }
          }
        }
        await db.experiment.update({ where: { id: experiment.id }, data: { summaryJson: JSON.stringify(summarizeRuns(runMetrics)) } });
      }
    }
  }
  bulk?.close();
  await syncIdSequences(db); // runs were inserted with explicit ids
  if (o.extras)
    result.extras = await seedExtras(db, { datasetId: result.datasetIds[0], modelId: model.id, doneRunIds: result.runIds.slice(-3) });
  return result;
}

async function seedRunArtifacts(
  db: Db,
  runId: number,
  loss: string,
  examples: FixtureExample[],
  numClasses: number,
  o: { seed: number; dataHome: string },
): Promise<void> {
  const separation = loss === 'ce' ? 0.45 : 1;
  const embeddings = simulateEmbeddings(examples, numClasses, EMBEDDING_DIM, deriveSeed(o.seed, `emb:${runId}`), separation);
  const rel = path.join('runs', String(runId), 'embeddings.f32');
  const { sha256, bytes } = writeArray(path.join(o.dataHome, rel), embeddings, [examples.length, EMBEDDING_DIM]);
  await db.artifact.create({
    data: {
      runId,
      kind: 'embeddings',
      path: rel,
      shapeJson: JSON.stringify([examples.length, EMBEDDING_DIM]),
      dtype: 'float32',
      sha256,
      bytes,
    },
  });
  for (const method of ['umap', 'pca']) {
    const { coords, proxies } = simulateProjection(examples, numClasses, deriveSeed(o.seed, `proj:${runId}:${method}`), separation);
    await db.projection.create({
      data: {
        runId,
        method,
        paramsJson: JSON.stringify(method === 'umap' ? { nNeighbors: 15, minDist: 0.1, seed: o.seed } : { components: 2 }),
        coordsJson: JSON.stringify(coords),
        proxiesJson: loss === 'ce' ? null : JSON.stringify(proxies),
      },
    });
  }
}

async function main(): Promise<void> {
  const { getDb, closeDb } = await import('../lib/db/client');
  const db = getDb();
  const t0 = performance.now();
  const { databaseFile } = await import('../lib/paths');
  const result = await seedDashboard(db, process.argv.includes('--bench') ? { ...BENCH_SEED, bulkFile: databaseFile() } : {});
  console.log(
    `seeded fixture: ${result.runIds.length} runs, ${result.predictions} predictions, sweep ${result.sweepId} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  await closeDb();
}

if (process.argv[1]?.endsWith('seed-dashboard.ts')) await main();
