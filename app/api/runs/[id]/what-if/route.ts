// POST {text, pair?} -> the what-if result for one sentence on the run's saved model (onnxruntime,
// lib/what-if): prediction, class scores, nearest training examples, nearest proxy/centre.
import { getDb } from '../../../../../lib/db/client';
import { UserError } from '../../../../../lib/errors';
import { whatIf } from '../../../../../lib/what-if/what-if';

export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const runId = Number((await params).id);
  if (!Number.isInteger(runId)) return Response.json({ error: 'run id must be an integer' }, { status: 400 });
  let body: { text?: unknown; pair?: unknown };
  try {
    body = (await request.json()) as typeof body;
  } catch {
    return Response.json({ error: 'send JSON {"text": "..."}' }, { status: 400 });
  }
  if (typeof body.text !== 'string') return Response.json({ error: 'send JSON {"text": "..."}' }, { status: 400 });
  try {
    return Response.json(
      await whatIf(getDb(), runId, body.text, { pair: typeof body.pair === 'string' && body.pair.trim() ? body.pair : undefined }),
    );
  } catch (err) {
    if (err instanceof UserError) return Response.json({ error: err.message }, { status: 400 });
    throw err;
  }
}
