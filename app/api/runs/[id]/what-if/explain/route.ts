// POST {text, pair?} -> {jobId}: queues integrated gradients for a what-if sentence (a worker runs
// it); GET ?job=N -> {status, error, result} for the box to poll.
import { getDb } from '../../../../../../lib/db/client';
import { UserError } from '../../../../../../lib/errors';
import { queueWhatIfExplanation, whatIfJobState } from '../../../../../../lib/what-if/explain-text-job';

export const dynamic = 'force-dynamic';

async function runIdOf(params: Promise<{ id: string }>): Promise<number> {
  const runId = Number((await params).id);
  if (!Number.isInteger(runId)) throw new UserError('run id must be an integer');
  return runId;
}

function failure(err: unknown): Response {
  if (err instanceof UserError) return Response.json({ error: err.message }, { status: 400 });
  throw err;
}

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const runId = await runIdOf(params);
    const body = (await request.json().catch(() => ({}))) as { text?: unknown; pair?: unknown };
    if (typeof body.text !== 'string') throw new UserError('send JSON {"text": "..."}');
    const jobId = await queueWhatIfExplanation(
      getDb(),
      runId,
      body.text,
      typeof body.pair === 'string' && body.pair.trim() ? body.pair : undefined,
    );
    return Response.json({ jobId });
  } catch (err) {
    return failure(err);
  }
}

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const runId = await runIdOf(params);
    const jobId = Number(new URL(request.url).searchParams.get('job'));
    if (!Number.isInteger(jobId) || jobId < 1) throw new UserError('?job=<id> must be a job id');
    return Response.json(await whatIfJobState(getDb(), runId, jobId));
  } catch (err) {
    return failure(err);
  }
}
