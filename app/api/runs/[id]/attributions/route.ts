// GET -> every stored attribution of the run as JSON Lines (streamed). ?method=ig,attention filters.
import { getDb } from '../../../../../lib/db/client';
import { attributionRecords } from '../../../../../lib/export/attributions-jsonl';
import { runExists } from '../../../../../lib/store/run-lookup';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const runId = Number((await params).id);
  if (!Number.isInteger(runId)) return new Response('run id must be an integer', { status: 400 });
  const db = getDb();
  if (!(await runExists(db, runId))) return new Response(`no run ${runId}`, { status: 404 });
  const methods = new URL(request.url).searchParams.get('method')?.split(',').filter(Boolean);
  const records = attributionRecords(db, runId, methods);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await records.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(JSON.stringify(next.value) + '\n'));
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="run-${runId}-attributions.jsonl"`,
    },
  });
}
