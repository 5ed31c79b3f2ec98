// Fixture rows for the status displays: one running run with progress, one queued, one failed,
// their jobs, done train jobs and a worker with a fresh heartbeat.
import type { Db } from '../../lib/db/client';

export async function seedExtras(db: Db, o: { datasetId: number; modelId: number; doneRunIds: number[] }) {
  const experiment = await db.experiment.create({
    data: {
      name: 'fixture: in progress',
      configJson: '{}',
      configHash: 'fixture-live',
      datasetId: o.datasetId,
      modelId: o.modelId,
      loss: 'supcon',
      beta: 0.9,
      sampleSize: 20,
      protocol: 'kfold',
      status: 'running',
    },
  });
  const base = {
    experimentId: experiment.id,
    datasetId: o.datasetId,
    modelId: o.modelId,
    loss: 'supcon',
    beta: 0.9,
    sampleSize: 20,
    seed: 7,
    configJson: '{"fixture":true}',
  };
  const running = await db.run.create({
    data: {
      ...base,
      fold: 0,
      status: 'running',
      startedAt: new Date(),
      progressJson: JSON.stringify({ step: 37, totalSteps: 120, epoch: 37, loss: 0.8123, etaMs: 95_000, phase: 'train' }),
    },
  });
  const queued = await db.run.create({ data: { ...base, fold: 1, status: 'queued' } });
  const failed = await db.run.create({
    data: { ...base, fold: 2, status: 'failed', error: 'fixture: out of memory at step 3 (example error message)' },
  });
  const job = (runId: number, status: string, extra = {}) => ({
    kind: 'train',
    payloadJson: JSON.stringify({ runId }),
    status,
    runId,
    ...extra,
  });
  await db.job.createMany({
    data: [
      job(running.id, 'running', { workerId: 'fixture-worker', startedAt: new Date() }),
      job(queued.id, 'queued'),
      job(failed.id, 'failed', { error: 'fixture: out of memory at step 3' }),
      ...o.doneRunIds.map((id) => job(id, 'done', { finishedAt: new Date() })),
    ],
  });
  const runningJob = await db.job.findFirst({ where: { runId: running.id } });
  await db.worker.create({
    data: { id: 'fixture-worker', pid: 4242, host: 'fixture-host', status: 'busy', currentJobId: runningJob?.id ?? null },
  });
  return { runningRunId: running.id, queuedRunId: queued.id, failedRunId: failed.id };
}
