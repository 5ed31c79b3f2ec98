// The fine-tuned model of a finished run, for explanations. Training writes it only when asked
// (train config `saveModel: true`) to <runDir>/model; an Artifact of kind 'checkpoint' (path relative
// to the data folder) is used first when present.
import type { Db } from '../db/client';
import { UserError } from '../errors';
import { findRunHeader } from '../store/run-lookup';
import { runModelCandidates, runModelFolder } from '../store/run-model-folder';
import type { SequenceClassifier } from '../model/types';

export interface RunInfo {
  id: number;
  status: string;
  datasetId: number;
  config: Record<string, unknown>;
  /** The run's tokenizer truncation (config.maxLength), when recorded. */
  maxLength?: number;
}

export async function getFinishedRun(db: Db, runId: number): Promise<RunInfo> {
  if (!Number.isInteger(runId) || runId < 1) throw new UserError(`run id must be a positive integer, got "${runId}"`);
  const run = await findRunHeader(db, runId);
  if (!run) throw new UserError(`run ${runId} does not exist (see \`dml-lens runs list\`)`);
  if (run.status !== 'done') throw new UserError(`run ${runId} is ${run.status}; explanations and analyses need a finished run`);
  let config: Record<string, unknown> = {};
  try {
    config = JSON.parse(run.configJson) as Record<string, unknown>;
  } catch {
    /* an unreadable config only loses maxLength */
  }
  const maxLength = typeof config.maxLength === 'number' ? config.maxLength : undefined;
  return { id: run.id, status: run.status, datasetId: run.datasetId, config, maxLength };
}

/** Folder of the run's fine-tuned model, or a UserError saying how to get one. */
export async function runModelDir(db: Db, runId: number): Promise<string> {
  const found = await runModelFolder(db, runId);
  if (found) return found;
  throw new UserError(
    `run ${runId} has no saved fine-tuned model (looked in ${(await runModelCandidates(db, runId)).join(', ')}); ` +
      'explanations need the trained weights: train with `saveModel: true` in the config (or --save-model)',
  );
}

/** Loads the run's fine-tuned classifier (the caller disposes it). */
export async function loadRunClassifier(db: Db, runId: number): Promise<SequenceClassifier> {
  await getFinishedRun(db, runId);
  const dir = await runModelDir(db, runId);
  const [{ initBackend }, { loadClassifier }] = await Promise.all([import('../backend/backend'), import('../model/classifier')]);
  await initBackend({ quiet: true });
  return loadClassifier(dir, { quiet: true });
}
