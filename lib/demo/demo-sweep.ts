// The demo's experiment: CE vs CE+SoftTriple vs CE+ProxyAnchor on two SentEval tasks, 3 folds of
// the authors' protocol (20 training sentences per fold), the `cpu` preset on the default model.
// The sweep's name carries a fingerprint of the model's weights, so a changed default model (a new
// version pulled with git) gets a new sweep instead of reusing runs trained on the old weights.
import path from 'node:path';
import type { Db } from '../db/client';
import { projectRoot } from '../paths';
import { fileSha256 } from '../store/arrays';
import { runStatesOfSweep } from '../store/run-lookup';
import { findLiveSweepByName, requeueStoppedSweepJobs } from '../store/sweep-rows';
import { queueSweep } from '../jobs/queue-sweep';

export const DEMO_SWEEP_NAME = 'demo: CE vs SoftTriple vs ProxyAnchor (MR, SUBJ)';

/** First 12 hex digits of the sha256 of the model's model.safetensors. */
export function modelFingerprint(modelDir: string): string {
  return fileSha256(path.join(path.resolve(projectRoot(), modelDir), 'model.safetensors')).slice(0, 12);
}

export function demoSweepName(fingerprint: string): string {
  return `${DEMO_SWEEP_NAME}, model ${fingerprint}`;
}

export function demoSweepSpec(model: string, fingerprint: string) {
  return {
    name: demoSweepName(fingerprint),
    base: { preset: 'cpu', model, folds: 3, samples: 20, seeds: [2048], evalLimit: 600, saveModel: true },
    grid: { dataset: ['MR', 'SUBJ'], loss: ['ce', 'soft-triple', 'proxy-anchor'] },
  };
}

/** The demo sweep: the existing one when a previous demo queued it for the same weights, else a new one. */
export async function ensureDemoSweep(
  db: Db,
  model: string,
  fingerprint = modelFingerprint(model),
): Promise<{ sweepId: number; reused: boolean }> {
  const existing = await findLiveSweepByName(db, demoSweepName(fingerprint));
  if (existing) {
    // runs left interrupted or failed by an earlier, stopped demo go back to the queue
    await requeueStoppedSweepJobs(db, existing.id);
    return { sweepId: existing.id, reused: true };
  }
  const queued = await queueSweep(db, demoSweepSpec(model, fingerprint));
  return { sweepId: queued.sweepId, reused: false };
}

export interface SweepProgress {
  total: number;
  done: number;
  failed: number;
  running: { runId: number; step: number; totalSteps: number; phase: string }[];
}

export async function sweepProgress(db: Db, sweepId: number): Promise<SweepProgress> {
  const runs = await runStatesOfSweep(db, sweepId);
  const running = runs
    .filter((r) => r.status === 'running')
    .map((r) => {
      const p = r.progressJson ? (JSON.parse(r.progressJson) as { step?: number; totalSteps?: number; phase?: string }) : {};
      return { runId: r.id, step: p.step ?? 0, totalSteps: p.totalSteps ?? 0, phase: p.phase ?? 'train' };
    });
  return {
    total: runs.length,
    done: runs.filter((r) => r.status === 'done').length,
    failed: runs.filter((r) => r.status === 'failed').length,
    running,
  };
}
