// Compute-on-demand from the Sentences page: queue an 'explain' job (payload {runId, exampleIds,
// method}) for the worker; tfjs never runs in a request. Sentences already queued are skipped.
// Any method of ./method-list may be requested (the one list the CLI and the worker read too).
// Job rows are created by lib/store/job-rows.ts, as every job is.
import type { Db } from '../db/client';
import { pendingExplainPayloads } from '../store/explain-jobs';
import { createJob } from '../store/job-rows';
import { findRunHeader } from '../store/run-lookup';
import { runsWithKeptModel } from '../store/views/kept-models';
import { EXPLAIN_METHODS, isExplainMethod } from './method-list';

export const MAX_EXAMPLES_PER_REQUEST = 200;

export interface ExplainRequestResult {
  jobId?: number;
  queued: number;
  alreadyQueued: number;
  message: string;
}

export async function requestExplanations(db: Db, runId: number, method: string, exampleIds: number[]): Promise<ExplainRequestResult> {
  if (!isExplainMethod(method))
    return { queued: 0, alreadyQueued: 0, message: `unknown method "${method}" (valid: ${EXPLAIN_METHODS.join(', ')})` };
  const run = await findRunHeader(db, runId);
  if (!run) return { queued: 0, alreadyQueued: 0, message: `no run ${runId}` };
  if (run.status !== 'done')
    return { queued: 0, alreadyQueued: 0, message: `run ${runId} is ${run.status}; attributions need a finished run` };
  if ((await runsWithKeptModel(db, [runId])).length === 0) {
    return {
      queued: 0,
      alreadyQueued: 0,
      message: `run ${runId} kept no fine-tuned model; train with "Keep the fine-tuned model" (saveModel) to explain it`,
    };
  }
  const ids = [...new Set(exampleIds.filter(Number.isInteger))].slice(0, MAX_EXAMPLES_PER_REQUEST);
  const waiting = new Set<number>();
  for (const payloadJson of await pendingExplainPayloads(db, runId)) {
    try {
      const p = JSON.parse(payloadJson) as { method?: string; exampleIds?: number[] };
      if (p.method === method) for (const id of p.exampleIds ?? []) waiting.add(id);
    } catch {
      /* a malformed payload queues nothing */
    }
  }
  const fresh = ids.filter((id) => !waiting.has(id));
  if (fresh.length === 0) return { queued: 0, alreadyQueued: ids.length, message: 'these sentences are already queued' };
  const jobId = await createJob(db, { kind: 'explain', runId, payload: { runId, exampleIds: fresh, method } });
  return {
    jobId,
    queued: fresh.length,
    alreadyQueued: ids.length - fresh.length,
    message: `queued ${fresh.length} sentences as job ${jobId}`,
  };
}
