// The Worker table: each worker process's row (host, pid, tags, state, current job, heartbeat),
// written by the worker itself and read by the overview (lib/store/views/workers.ts).
import os from 'node:os';
import type { Db } from '../db/client';
import { withBusyRetry } from '../db/busy-retry';
import { tagsKey } from './job-tags';

/** Creates or updates this process's Worker row; `tags` and `backend` are written when given. */
export async function recordWorker(
  db: Db,
  w: { id: string; status: string; currentJobId: number | null; tags?: string[]; backend?: string },
): Promise<void> {
  const now = new Date();
  const tags = { ...(w.tags ? { tags: tagsKey(w.tags) } : {}), ...(w.backend !== undefined ? { backend: w.backend } : {}) };
  await withBusyRetry(() =>
    db.worker.upsert({
      where: { id: w.id },
      create: {
        id: w.id,
        pid: process.pid,
        host: os.hostname(),
        status: w.status,
        currentJobId: w.currentJobId,
        heartbeatAt: now,
        ...tags,
      },
      update: { status: w.status, currentJobId: w.currentJobId, heartbeatAt: now, ...tags },
    }),
  );
}
