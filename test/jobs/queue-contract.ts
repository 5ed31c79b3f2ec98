// The JobQueue contract (lib/jobs/job-queue.ts), written against the interface only, so every
// implementation (the embedded queue today, pg-boss next) runs the same suite:
//   queueContract('embedded', async () => ({ queue, db, cleanup }))
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../lib/db/client';
import type { JobQueue } from '../../lib/jobs/job-queue';
import { FenceLost } from '../../lib/store/job-rows';

export interface QueueUnderTest {
  queue: JobQueue;
  db: Db;
  /** A run the jobs can point at (jobs of kind 'train' belong to a run). */
  runIds: number[];
  cleanup(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function queueContract(name: string, make: () => Promise<QueueUnderTest>): void {
  const it = (title: string, body: (q: QueueUnderTest) => Promise<void>) =>
    void test(`[${name} queue] ${title}`, async () => {
      const q = await make();
      try {
        await body(q);
      } finally {
        await q.cleanup();
      }
    });

  it('claims in priority order, each job once, with a new fence token per claim', async ({ queue, runIds }) => {
    const low = await queue.enqueue({ kind: 'train', payload: { runId: runIds[0] }, runId: runIds[0] });
    const high = await queue.enqueue({ kind: 'train', payload: { runId: runIds[1] }, runId: runIds[1], priority: 5 });
    const a = await queue.claim('w1', { leaseMs: 60_000 });
    const b = await queue.claim('w2', { leaseMs: 60_000 });
    assert.deepEqual([a?.id, b?.id], [high.jobId, low.jobId]);
    assert.equal(await queue.claim('w3', { leaseMs: 60_000 }), null);
    assert.ok(a!.token && b!.token && a!.token !== b!.token);
  });

  it('singleton: a run is never queued twice', async ({ queue, runIds }) => {
    const first = await queue.enqueue({ kind: 'train', payload: { runId: runIds[0] }, runId: runIds[0], singleton: true });
    const again = await queue.enqueue({ kind: 'train', payload: { runId: runIds[0] }, runId: runIds[0], singleton: true });
    assert.deepEqual([first.created, again.created, again.jobId], [true, false, first.jobId]);
  });

  it('heartbeats extend the lease and store progress in our tables', async ({ queue, runIds }) => {
    await queue.enqueue({ kind: 'train', payload: { runId: runIds[0] }, runId: runIds[0] });
    const job = (await queue.claim('w', { leaseMs: 2000 }))!;
    for (let i = 0; i < 4; i++) {
      await sleep(150);
      assert.deepEqual(await queue.heartbeat(job, 'w', { leaseMs: 2000, progressJson: JSON.stringify({ step: i }) }), {
        held: true,
        cancelRequested: false,
      });
    }
    assert.deepEqual(await queue.reap(), [], 'a heartbeating job is never reaped');
    assert.equal((await queue.get(job.id))?.progressJson, JSON.stringify({ step: 3 }));
  });

  it("a lost lease is retried with a new token; the stale holder's writes are refused", async ({ queue, db, runIds }) => {
    await queue.enqueue({ kind: 'train', payload: { runId: runIds[0] }, runId: runIds[0] });
    const stale = (await queue.claim('dead', { leaseMs: 50 }))!;
    await sleep(80);
    assert.deepEqual(await queue.reap(), [stale.id]);
    const fresh = (await queue.claim('alive', { leaseMs: 60_000 }))!;
    assert.equal(fresh.id, stale.id);
    assert.equal(fresh.attempts, 2);
    await assert.rejects(
      queue.fenced(stale, (tx) => tx.run.update({ where: { id: runIds[0] }, data: { error: 'stale' } })),
      FenceLost,
    );
    assert.deepEqual(await queue.heartbeat(stale, 'dead', { leaseMs: 1000 }), { held: false, cancelRequested: false });
    assert.equal(await queue.finish(stale, 'dead', 'done'), false);
    await queue.fenced(fresh, (tx) => tx.run.update({ where: { id: runIds[0] }, data: { error: 'fresh' } }));
    assert.equal((await db.run.findUniqueOrThrow({ where: { id: runIds[0] } })).error, 'fresh');
    assert.equal(await queue.finish(fresh, 'alive', 'done'), true);
  });

  it('after maxAttempts lost leases a job ends failed; a graceful release is not an attempt', async ({ queue, runIds }) => {
    const { jobId } = await queue.enqueue({ kind: 'train', payload: { runId: runIds[0] }, runId: runIds[0] });
    const polite = (await queue.claim('w', { leaseMs: 60_000 }))!;
    await queue.release(polite, 'w', 'stopping');
    assert.deepEqual([(await queue.get(jobId))?.status, (await queue.get(jobId))?.attempts], ['queued', 0]);
    for (let i = 1; i <= 2; i++) {
      assert.ok(await queue.claim(`w${i}`, { leaseMs: 10 }));
      await sleep(30);
      await queue.reap({ maxAttempts: 2 });
    }
    assert.equal((await queue.get(jobId))?.status, 'failed');
  });

  it('cancel: a queued job ends at once; a running one is flagged, and ends cancelled if its worker dies', async ({ queue, runIds }) => {
    const a = await queue.enqueue({ kind: 'train', payload: { runId: runIds[0] }, runId: runIds[0] });
    const b = await queue.enqueue({ kind: 'train', payload: { runId: runIds[1] }, runId: runIds[1] });
    assert.equal(await queue.cancel(a.jobId), 'cancelled');
    const running = (await queue.claim('w', { leaseMs: 50 }))!;
    assert.equal(running.id, b.jobId);
    assert.equal(await queue.cancel(b.jobId), 'cancel-requested');
    assert.deepEqual(await queue.heartbeat(running, 'w', { leaseMs: 50 }), { held: true, cancelRequested: true });
    await sleep(80); // the worker dies without stopping the job
    assert.deepEqual(await queue.reap(), [b.jobId]);
    assert.equal((await queue.get(b.jobId))?.status, 'cancelled');
    assert.equal(await queue.claim('w2', { leaseMs: 1000 }), null);
  });

  it('tags: a job requiring tags goes only to a worker holding every one of them', async ({ queue }) => {
    const lease = { leaseMs: 60_000 };
    const plain = await queue.enqueue({ kind: 'train', payload: {} });
    const gpu = await queue.enqueue({ kind: 'train', payload: {}, tags: ['gpu'], priority: 2 });
    const gpuBig = await queue.enqueue({ kind: 'train', payload: {}, tags: ['big', 'gpu'], priority: 1 });
    assert.equal((await queue.claim('untagged', { ...lease, tags: [] }))?.id, plain.jobId, 'an untagged worker takes the untagged job');
    assert.equal(await queue.claim('untagged', { ...lease, tags: [] }), null, 'and nothing that requires tags');
    assert.equal(await queue.claim('big', { ...lease, tags: ['big'] }), null, 'a worker lacking "gpu" takes neither tagged job');
    assert.equal((await queue.claim('gpu', { ...lease, tags: ['gpu'] }))?.id, gpu.jobId);
    assert.equal(await queue.claim('gpu', { ...lease, tags: ['gpu'] }), null, 'a gpu worker lacks "big"');
    assert.equal((await queue.claim('all', { ...lease, tags: ['x', 'gpu', 'big'] }))?.id, gpuBig.jobId, 'a superset of the tags takes it');
  });

  it('tags: a tagged job keeps its tags through a release and a lost lease', async ({ queue }) => {
    const { jobId } = await queue.enqueue({ kind: 'train', payload: {}, tags: ['gpu'] });
    const first = (await queue.claim('g1', { leaseMs: 60_000, tags: ['gpu'] }))!;
    await queue.release(first, 'g1', 'stopping');
    assert.equal(await queue.claim('cpu', { leaseMs: 60_000, tags: ['cpu'] }), null);
    assert.equal((await queue.claim('g2', { leaseMs: 50, tags: ['gpu'] }))?.id, jobId);
    await sleep(80);
    assert.deepEqual(await queue.reap(), [jobId]);
    assert.equal(await queue.claim('cpu', { leaseMs: 60_000, tags: ['cpu'] }), null);
    assert.equal((await queue.claim('g3', { leaseMs: 60_000, tags: ['gpu'] }))?.id, jobId);
  });
}
