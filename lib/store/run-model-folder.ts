// Where a finished run's fine-tuned model lives: an Artifact of kind 'checkpoint' (path relative
// to the data folder) first, else <runDir>/model, which training writes with saveModel: true.
import fs from 'node:fs';
import path from 'node:path';
import { dataHome, runDir } from '../paths';

/** Folders looked at, in order. */
export function runModelCandidates(runId: number, artifacts: { kind: string; path: string }[]): string[] {
  const checkpoint = [...artifacts].reverse().find((a) => a.kind === 'checkpoint');
  return [...(checkpoint ? [path.resolve(dataHome(), checkpoint.path)] : []), path.join(runDir(runId), 'model')];
}

/** The run's saved model folder (with config.json), or undefined when it kept none. */
export function runModelFolder(runId: number, artifacts: { kind: string; path: string }[]): string | undefined {
  return runModelCandidates(runId, artifacts).find((dir) => fs.existsSync(path.join(dir, 'config.json')));
}
