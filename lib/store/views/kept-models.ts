// Which runs kept their fine-tuned weights (explanations need them): a 'checkpoint' Artifact, or
// the trainer's model/ folder in the artifact store (or, for runs from before the store, under
// <home>/runs/<id>): the places lib/explain/run-model.ts looks, checked without loading model code.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/client';
import { runDir } from '../../paths';
import { hasRunFile } from '../artifacts/run-artifacts';

export async function runsWithKeptModel(db: Db, runIds: number[]): Promise<number[]> {
  const artifacts = await db.artifact.findMany({ where: { runId: { in: runIds }, kind: 'checkpoint' }, select: { runId: true } });
  const withArtifact = new Set(artifacts.map((a) => a.runId));
  const kept: number[] = [];
  for (const id of runIds) {
    if (
      withArtifact.has(id) ||
      fs.existsSync(path.join(runDir(id), 'model', 'config.json')) ||
      (await hasRunFile(db, id, 'model/config.json'))
    )
      kept.push(id);
  }
  return kept;
}
