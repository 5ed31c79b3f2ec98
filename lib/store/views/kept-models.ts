// Which runs kept their fine-tuned weights (explanations need them): a 'checkpoint' Artifact, or
// the trainer's <runDir>/model folder (the places lib/explain/run-model.ts looks, checked without
// loading any model code).
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/client';
import { runDir } from '../../paths';

export async function runsWithKeptModel(db: Db, runIds: number[]): Promise<number[]> {
  const artifacts = await db.artifact.findMany({ where: { runId: { in: runIds }, kind: 'checkpoint' }, select: { runId: true } });
  const withArtifact = new Set(artifacts.map((a) => a.runId));
  return runIds.filter((id) => withArtifact.has(id) || fs.existsSync(path.join(runDir(id), 'model', 'config.json')));
}
