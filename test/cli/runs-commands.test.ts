// `dml-lens runs experiment|cancel --experiment` and `export attributions` on a fresh database:
// the lookups they make through lib/store (experiment runs, run existence) and their errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { experimentResult } from '../../lib/training/experiment-result';
import { storeDatasets } from '../../lib/store/dataset-import';
import { findDataset } from '../../lib/store/datasets';
import { createExperimentWithRuns } from '../../lib/store/experiments';
import { commands as exportCommands } from '../../scripts/cli/commands/export';
import { commands as runsCommands } from '../../scripts/cli/commands/runs';
import { createTestDb, type TestDb } from '../helpers/db';
import { toyDataset } from '../helpers/toy-dataset';
import { runCommand } from '../helpers/run-command';

describe('runs and export commands', () => {
  let t: TestDb;
  let previousUrl: string | undefined;
  let experimentId: number;
  let runIds: number[];
  before(async () => {
    t = await createTestDb();
    previousUrl = process.env.DATABASE_URL;
    process.env.DATABASE_URL = t.url; // the commands open the configured database
    await storeDatasets(t.db, [toyDataset('toy', 'toy', ['fine'])]);
    const datasetId = (await findDataset(t.db, 'toy'))!.id;
    const e = await createExperimentWithRuns(
      t.db,
      {
        sweepId: null,
        name: 'toy ce',
        config: {},
        configHash: 'h',
        datasetId,
        modelId: null,
        loss: 'ce',
        beta: 1,
        sampleSize: 1,
        protocol: 'kfold',
      },
      [1, 2].map((seed) => ({ fold: 0, seed, config: {} })),
    );
    experimentId = e.experimentId;
    runIds = e.runIds;
  });
  after(async () => {
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
    await t.cleanup();
  });

  it('reports an experiment and its runs, and names a missing one', async () => {
    const r = await experimentResult(t.db, experimentId);
    assert.deepEqual(
      r.runs.map((x) => [x.id, x.seed, x.status]),
      runIds.map((id, i) => [id, i + 1, 'queued']),
    );
    await assert.rejects(experimentResult(t.db, 999_999), /no experiment 999999/);
    const out = await runCommand(runsCommands, 'runs experiment', [String(experimentId), '--json']);
    assert.equal((JSON.parse(out) as { name: string }).name, 'toy ce');
    await assert.rejects(runCommand(runsCommands, 'runs experiment', ['999999']), /no experiment 999999/);
  });

  it('cancels every run of an experiment', async () => {
    const out = await runCommand(runsCommands, 'runs cancel', [String(experimentId), '--experiment']);
    assert.deepEqual(
      out.split('\n'),
      runIds.map((id) => `run ${id}: cancelled`),
    );
    await assert.rejects(runCommand(runsCommands, 'runs cancel', ['999999', '--experiment']), /no runs in experiment 999999/);
  });

  it('export attributions refuses a run that does not exist', async () => {
    await assert.rejects(runCommand(exportCommands, 'export attributions', ['--run', '999999']), /no run 999999/);
  });
});
