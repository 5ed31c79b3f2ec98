// What the live progress stream sends about a run: status, the trainer's progress, the outcome.
import type { Db } from '../../db/client';
import { readProgress, readRunMetrics, type RunProgress } from './run-metrics';

export const TERMINAL_STATUSES = new Set(['done', 'failed', 'cancelled']);

export interface RunProgressSnapshot {
  id: number;
  status: string;
  progress?: RunProgress;
  error: string | null;
  accuracy?: number;
  cancelRequested: boolean;
  finished: boolean;
}

export async function getRunProgress(db: Db, runId: number): Promise<RunProgressSnapshot | undefined> {
  const run = await db.run.findUnique({
    where: { id: runId },
    select: {
      id: true,
      status: true,
      progressJson: true,
      error: true,
      metricsJson: true,
      jobs: { where: { kind: 'train' }, select: { cancelRequested: true }, orderBy: { id: 'desc' }, take: 1 },
    },
  });
  if (!run) return undefined;
  return {
    id: run.id,
    status: run.status,
    progress: readProgress(run.progressJson),
    error: run.error,
    accuracy: readRunMetrics(run.metricsJson)?.accuracy,
    cancelRequested: run.jobs[0]?.cancelRequested ?? false,
    finished: TERMINAL_STATUSES.has(run.status),
  };
}
