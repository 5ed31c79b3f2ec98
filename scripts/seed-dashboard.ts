// FIXTURE DATA for the dashboard's tests, screenshots and performance bench: fake data sets, a
// sweep of CE vs DML experiments with their runs, predictions, loss curves, embeddings,
// projections and attributions, all generated from a seeded PRNG (nothing here was trained).
// Writes go through lib/store/fixture (bulk inserts for the many plain rows), on SQLite or PostgreSQL.
//   npx tsx scripts/seed-dashboard.ts [--bench]   (into DATABASE_URL, default var/dml-lens.db)
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../lib/db/client';
import {
  createFixtureDataset,
  createFixtureModel,
  createFixtureSweep,
  finishFixtureSeed,
  nextFixtureRunId,
} from '../lib/store/fixture/fixture-rows';
import { createFixtureStatusRows } from '../lib/store/fixture/fixture-status-rows';
import { Rng, deriveSeed } from '../lib/util/random';
import { seedAttributions } from './dashboard-fixture/fixture-attributions';
import { FIXTURE_DATASETS, fixtureSentence } from './dashboard-fixture/fixture-text';
import { seedExperiment } from './dashboard-fixture/seed-experiment';
import {
  BENCH_SEED,
  resolveSeedOptions,
  type ResolvedSeedOptions,
  type SeedOptions,
  type SeedResult,
} from './dashboard-fixture/seed-options';
import { seedKeptModelRecord, seedRunEmbeddings } from './dashboard-fixture/seed-run-files';
import type { FixtureExample } from './dashboard-fixture/simulate';

export { BENCH_SEED, type SeedOptions, type SeedResult };

/** A model folder that exists (config.json only: nothing can be trained with it), so configs validate. */
async function seedModel(db: Db, o: ResolvedSeedOptions) {
  const config = { model_type: 'bert', hidden_size: 32, num_hidden_layers: 2, num_attention_heads: 4, fixture: true };
  const dir = path.join(o.dataHome, 'models', 'tiny-fixture');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
  return createFixtureModel(db, {
    name: `tiny-fixture-${o.seed}`,
    path: dir,
    arch: 'bert',
    origin: 'init',
    numParams: 105_000,
    configJson: JSON.stringify(config),
  });
}

async function seedDataset(db: Db, o: ResolvedSeedOptions, index: number) {
  const spec = FIXTURE_DATASETS[index];
  const textRng = new Rng(deriveSeed(o.seed, `texts:${index}`));
  const { datasetId, examples } = await createFixtureDataset(
    db,
    {
      name: spec.name,
      source: 'file',
      numClasses: spec.labels.length,
      labelNamesJson: JSON.stringify(spec.labels),
      origin: 'fixture:scripts/seed-dashboard.ts',
      checksum: `fixture-${o.seed}-${index}`,
    },
    Array.from({ length: o.evalExamples }, (_, i) => ({
      split: 'train',
      idx: i,
      label: i % spec.labels.length,
      text: fixtureSentence(textRng, index, i),
    })),
  );
  const ambiguityRng = new Rng(deriveSeed(o.seed, `ambiguity:${index}`));
  const simulated: FixtureExample[] = examples.map((r) => ({ id: r.id, label: r.label, ambiguity: ambiguityRng.next() }));
  return { dataset: { id: datasetId, index, name: spec.name, labels: spec.labels }, examples, simulated };
}

export async function seedDashboard(db: Db, opts: SeedOptions = {}): Promise<SeedResult> {
  const o = resolveSeedOptions(opts);
  const model = await seedModel(db, o);
  const sweepId = await createFixtureSweep(db, {
    name: 'fixture sweep: CE vs DML',
    status: 'done',
    finishedAt: new Date(),
    configJson: JSON.stringify({ losses: o.losses, sampleSizes: o.sampleSizes, folds: o.folds, fixture: true }),
  });
  let nextRunId = await nextFixtureRunId(db);
  const result: SeedResult = {
    sweepId,
    modelId: model.id,
    datasetIds: [],
    experimentIds: [],
    runIds: [],
    predictions: 0,
    pair: { ceRunId: 0, dmlRunId: 0 },
  };
  for (let di = 0; di < Math.min(o.datasets, FIXTURE_DATASETS.length); di++) {
    const { dataset, examples, simulated } = await seedDataset(db, o, di);
    result.datasetIds.push(dataset.id);
    for (const loss of o.losses) {
      for (const sampleSize of o.sampleSizes) {
        const spec = {
          sweepId,
          model,
          dataset,
          examples: simulated,
          loss,
          sampleSize,
          firstRunId: nextRunId,
          runsBefore: result.runIds.length,
        };
        const e = await seedExperiment(db, o, spec);
        nextRunId += e.runs.length;
        result.experimentIds.push(e.experimentId);
        result.runIds.push(...e.runs.map((r) => r.id));
        result.predictions += e.predictions;
        const first = e.runs[0]; // fold 0
        if (di !== 0 || !first) continue;
        if (o.artifacts) await seedRunEmbeddings(db, first.id, loss, simulated, dataset.labels.length, o);
        if (sampleSize !== o.sampleSizes[0] || (loss !== 'ce' && loss !== o.losses[1])) continue;
        if (loss === 'ce') result.pair.ceRunId = first.id;
        else result.pair.dmlRunId = first.id;
        await seedAttributions(db, first.id, examples.slice(0, o.attributedExamples), o.seed);
        await seedKeptModelRecord(db, first.id);
      }
    }
  }
  await finishFixtureSeed(db); // runs were inserted with explicit ids
  if (o.extras)
    result.extras = await createFixtureStatusRows(db, {
      datasetId: result.datasetIds[0],
      modelId: model.id,
      doneRunIds: result.runIds.slice(-3),
    });
  return result;
}

async function main(): Promise<void> {
  const { getDb, closeDb } = await import('../lib/db/client');
  const db = getDb();
  const t0 = performance.now();
  const result = await seedDashboard(db, process.argv.includes('--bench') ? BENCH_SEED : {});
  console.log(
    `seeded fixture: ${result.runIds.length} runs, ${result.predictions} predictions, sweep ${result.sweepId} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  await closeDb();
}

if (process.argv[1]?.endsWith('seed-dashboard.ts')) await main();
