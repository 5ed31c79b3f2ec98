// Job-queue glue for the explanation and analysis work: payloads, enqueueing, and the handlers a
// `dml-lens worker` runs for Job.kind 'explain' | 'project' | 'analyze'. The handlers match
// lib/jobs/handlers.ts's JobHandler (they run in the worker's job process); register them in JOB_HANDLERS:
//   explain: async () => (await import('../explain/jobs')).explainJobHandler, (and project, analyze)
// Payloads (Job.payloadJson):
//   explain  { runId, method, exampleIds?, limit?, seed?, options?, force? }  (the dashboard sends {runId, exampleIds, method})
//   project  { runId, method?, nNeighbors?, minDist?, seed?, nEpochs?, metric? }
//   analyze  { runId, metric?, distanceRunId?, faithfulness?: { methods?, limit?, seed?, mode?, options? }, compare?: { otherRunId, method, limit?, options? } }
import type { Db } from '../db/client';
import { UserError } from '../errors';
import { createJob } from '../store/job-rows';
import { runExists } from '../store/run-lookup';
import type { AnalyzeRequest, ProjectRequest } from '../analysis/service';
import type { AgreementRequest } from './agreement-service';
import type { FaithfulnessRequest } from './faithfulness-service';
import type { ExplainRunRequest } from './service';

export type WorkKind = 'explain' | 'project' | 'analyze';

export interface AnalyzePayload extends AnalyzeRequest {
  faithfulness?: Omit<FaithfulnessRequest, 'runId'>;
  compare?: Omit<AgreementRequest, 'runId'>;
  /** Skip reliability/retrieval (only faithfulness and/or agreement). */
  skipEmbeddings?: boolean;
}

export type Payloads = { explain: ExplainRunRequest; project: ProjectRequest; analyze: AnalyzePayload };

/** Queues one job; a `dml-lens worker` runs it. */
export async function enqueueWork<K extends WorkKind>(db: Db, kind: K, payload: Payloads[K], priority = 0): Promise<number> {
  if (!(await runExists(db, payload.runId))) throw new UserError(`run ${payload.runId} does not exist (see \`dml-lens runs\`)`);
  return createJob(db, { kind, runId: payload.runId, payload: payload as unknown as Record<string, unknown>, priority });
}

/** What lib/jobs passes a handler (structurally the same as its JobContext). */
export interface WorkContext {
  db: Db;
  job: { id: number; payload: Record<string, unknown>; runId: number | null };
  tick(progressJson?: string): Promise<void>;
}

export interface WorkOutcome {
  status: 'done' | 'failed' | 'cancelled' | 'interrupted' | 'lost';
  error?: string;
  result?: unknown;
}

type Work = (ctx: WorkContext, progress: (done: number, total: number, what: string) => Promise<void>) => Promise<unknown>;

function handler(work: Work) {
  return async (ctx: WorkContext): Promise<WorkOutcome> => {
    const progress = (done: number, total: number, what: string) => ctx.tick(JSON.stringify({ done, total, what }));
    try {
      return { status: 'done', result: await work(ctx, progress) };
    } catch (err) {
      const e = err as Error & { reason?: string };
      if (e.name === 'RunStopped') {
        const status = e.reason === 'cancelled' ? 'cancelled' : e.reason === 'lease-lost' ? 'lost' : 'interrupted';
        return { status, error: e.message };
      }
      return { status: 'failed', error: e.message ?? String(err) };
    }
  };
}

function payloadOf<T>(ctx: WorkContext): T & { runId: number } {
  const p = ctx.job.payload as T & { runId?: number };
  return { ...p, runId: Number(p.runId ?? ctx.job.runId) };
}

export const explainJobHandler = handler(async (ctx, progress) => {
  const { explainRun } = await import('./service');
  const p = payloadOf<ExplainRunRequest & { force?: boolean; text?: string }>(ctx);
  if (typeof p.text === 'string') return (await import('./explain-payload-text')).explainPayloadText(ctx.db, { ...p, text: p.text }); // the run page's what-if box
  return explainRun(ctx.db, p, { force: p.force, onProgress: (d, t) => progress(d, t, `${p.method} attributions`) });
});

export const projectJobHandler = handler(async (ctx, progress) => {
  const { projectRun } = await import('../analysis/service');
  const p = payloadOf<ProjectRequest>(ctx);
  let last = 0;
  return projectRun(ctx.db, p, {
    onProgress: async (d, t) => {
      if (Date.now() - last < 1000 && d < t) return;
      last = Date.now();
      await progress(d, t, `${p.method ?? 'umap'} epochs`);
    },
  });
});

export const analyzeJobHandler = handler(async (ctx, progress) => {
  const p = payloadOf<AnalyzePayload>(ctx);
  const out: Record<string, unknown> = {};
  if (!p.skipEmbeddings) {
    const { analyzeRun } = await import('../analysis/service');
    const r = await analyzeRun(ctx.db, p);
    out.reliabilityId = r.reliabilityId;
    out.retrievalId = r.retrievalId;
  }
  if (p.faithfulness) {
    const { evaluateRunFaithfulness } = await import('./faithfulness-service');
    out.faithfulnessId = (
      await evaluateRunFaithfulness(ctx.db, { ...p.faithfulness, runId: p.runId }, { onProgress: (d, t) => progress(d, t, 'faithfulness') })
    ).analysisId;
  }
  if (p.compare) {
    const { compareRunAttributions } = await import('./agreement-service');
    out.agreementId = (
      await compareRunAttributions(ctx.db, { ...p.compare, runId: p.runId }, { onProgress: (d, t) => progress(d, t, 'agreement') })
    ).analysisId;
  }
  return out;
});
