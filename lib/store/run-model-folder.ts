// Where a finished run's fine-tuned model lives, through the artifact store (a directory or S3):
// an Artifact of kind 'checkpoint' first (its key, or a path relative to the data home for runs
// stored before keys existed), else the run's "model/" folder, which training writes with
// saveModel: true (or, for runs stored before the artifact store, <home>/runs/<id>/model). Readers get a local folder (in place, or a verified cached copy from S3).
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/client';
import { runDir } from '../paths';
import { artifactStore } from './artifacts';
import { hasRunFile, localArtifactFolder, localRunFolder, runLocation } from './artifacts/run-artifacts';

async function checkpointPath(db: Db, runId: number): Promise<string | undefined> {
  const a = await db.artifact.findFirst({ where: { runId, kind: 'checkpoint' }, orderBy: { id: 'desc' }, select: { path: true } });
  return a?.path;
}

const hasConfig = (dir: string | undefined): dir is string => !!dir && fs.existsSync(path.join(dir, 'config.json'));

/** The run's saved model folder (with config.json) as a local path, or undefined when it kept none. */
export async function runModelFolder(db: Db, runId: number): Promise<string | undefined> {
  const p = await checkpointPath(db, runId);
  const fromArtifact = p ? await localArtifactFolder(p) : undefined;
  if (hasConfig(fromArtifact)) return fromArtifact;
  const fromRun = await localRunFolder(db, runId, 'model');
  if (hasConfig(fromRun)) return fromRun;
  const legacy = path.join(runDir(runId), 'model'); // runs stored before the artifact store: <home>/runs/<id>/model
  return hasConfig(legacy) ? legacy : undefined;
}

/** Whether the run kept a model, without downloading it (for pages). */
export async function runHasModel(db: Db, runId: number): Promise<boolean> {
  const store = artifactStore();
  if (store.localRoot) return (await runModelFolder(db, runId)) !== undefined;
  const p = await checkpointPath(db, runId);
  if (p && (await store.exists(`${p}/config.json`))) return true;
  return (await hasRunFile(db, runId, 'model/config.json')) || hasConfig(path.join(runDir(runId), 'model'));
}

/** Where runModelFolder looked, for error messages. */
export async function runModelCandidates(db: Db, runId: number): Promise<string[]> {
  const p = await checkpointPath(db, runId);
  return [...(p ? [p] : []), `${await runLocation(db, runId)}/model`, path.join(runDir(runId), 'model')];
}
