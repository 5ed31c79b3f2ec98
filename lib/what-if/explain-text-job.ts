// Integrated gradients for a what-if sentence, through the existing explain job queue: the box
// queues an 'explain' job whose payload carries the text ({ runId, method: 'ig', text, pair? });
// a `dml-lens worker` runs it on tfjs (gradients) and stores the TextExplanation as the job's
// result, which the box polls. The worker's side is ./explain-payload-text.ts.
import type { Db } from '../db/client';
import type { TextExplainPayload } from '../explain/explain-payload-text';
import { findJobState } from '../store/explain-jobs';
import { createJob } from '../store/job-rows';
import { UserError } from '../errors';
import { runHasModel } from '../store/run-model-folder';
import { getRunDetail } from '../store/runs';
import { MAX_WHAT_IF_CHARS } from './what-if';

export interface WhatIfJobState {
  jobId: number;
  status: string;
  error: string | null;
  /** The TextExplanation (tokens, scores, words, probs...) once done. */
  result: unknown;
}

export async function queueWhatIfExplanation(db: Db, runId: number, text: string, pair?: string): Promise<number> {
  const trimmed = text.trim();
  if (!trimmed) throw new UserError('the sentence is empty; type a sentence to explain');
  if (trimmed.length > MAX_WHAT_IF_CHARS)
    throw new UserError(`the sentence has ${trimmed.length} characters; at most ${MAX_WHAT_IF_CHARS}`);
  const run = await getRunDetail(db, runId);
  if (!run) throw new UserError(`run ${runId} does not exist`);
  if (!(await runHasModel(db, runId)))
    throw new UserError(
      `run ${runId} kept no fine-tuned model; train it again with "Keep the fine-tuned model" (--save-model) to explain sentences`,
    );
  const maxLength = typeof run.config.maxLength === 'number' ? run.config.maxLength : undefined;
  const payload: TextExplainPayload = { runId, method: 'ig', text: trimmed, pair: pair ?? null, options: maxLength ? { maxLength } : {} };
  // a plain row through the store (job rows are created in one place); the route handler must not pull in the job handlers (tfjs)
  return createJob(db, { kind: 'explain', runId, payload: payload as unknown as Record<string, unknown> });
}

export async function whatIfJobState(db: Db, runId: number, jobId: number): Promise<WhatIfJobState> {
  const job = await findJobState(db, jobId);
  if (!job || job.runId !== runId || job.kind !== 'explain') throw new UserError(`job ${jobId} is not an explanation of run ${runId}`);
  return { jobId: job.id, status: job.status, error: job.error, result: job.resultJson ? (JSON.parse(job.resultJson) as unknown) : null };
}
