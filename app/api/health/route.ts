// Liveness and database check: 200 {ok, runs} when the database answers, 503 otherwise.
import { getDb } from '../../../lib/db/client';
import { countRuns } from '../../../lib/store/run-lookup';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  try {
    const runs = await countRuns(getDb());
    return Response.json({ ok: true, runs });
  } catch (err) {
    return Response.json({ ok: false, error: (err as Error).message }, { status: 503 });
  }
}
