// Server-sent events: the run's status and progress, pushed when they change (the database is
// polled every POLL_MS on the server); the stream ends once the run is done, failed or cancelled.
import { getDb } from '../../../../../lib/db/client';
import { getRunProgress } from '../../../../../lib/store/views/run-progress';

export const dynamic = 'force-dynamic';

const POLL_MS = 500;
const KEEPALIVE_MS = 15_000;
const MAX_STREAM_MS = 6 * 60 * 60 * 1000;

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const runId = Number((await params).id);
  if (!Number.isInteger(runId)) return new Response('run id must be an integer', { status: 400 });
  const db = getDb();
  const first = await getRunProgress(db, runId);
  if (!first) return new Response(`no run ${runId}`, { status: 404 });
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const started = Date.now();
      let last = '';
      let lastSent = Date.now();
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        if (timer) clearTimeout(timer);
        try {
          controller.close();
        } catch {
          /* already closed by the client */
        }
      };
      request.signal.addEventListener('abort', close);
      const tick = async () => {
        if (closed) return;
        try {
          const snap = await getRunProgress(db, runId);
          if (!snap) {
            controller.enqueue(encoder.encode(`event: gone\ndata: {}\n\n`));
            return close();
          }
          const json = JSON.stringify(snap);
          if (json !== last) {
            controller.enqueue(encoder.encode(`data: ${json}\n\n`));
            [last, lastSent] = [json, Date.now()];
          } else if (Date.now() - lastSent > KEEPALIVE_MS) {
            controller.enqueue(encoder.encode(`: keep-alive\n\n`));
            lastSent = Date.now();
          }
          if (snap.finished || Date.now() - started > MAX_STREAM_MS) {
            controller.enqueue(encoder.encode(`event: end\ndata: ${json}\n\n`));
            return close();
          }
        } catch (err) {
          controller.enqueue(encoder.encode(`event: error\ndata: ${JSON.stringify({ message: (err as Error).message })}\n\n`));
        }
        timer = setTimeout(() => void tick(), POLL_MS);
      };
      void tick();
    },
    cancel() {
      if (timer) clearTimeout(timer);
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
}
