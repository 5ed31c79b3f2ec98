// The JobQueue on PostgreSQL with pg-boss carrying the dispatch (docs/scale-out.md, "Queue on
// PostgreSQL (pg-boss)"). Our Job table stays the record of truth (status, progress, attempts,
// cancel flag, fence token); a pg-boss job is a doorbell that says "Job row N is waiting":
//   enqueue  = our Job row, then `send` to the kind's pg-boss queue (singletonKey kind:run, policy
//              'short': one queued doorbell per run);
//   claim    = `fetch` a doorbell, then our fenced claim of its Job row (new token); a doorbell whose
//              row is no longer queued (cancelled, claimed elsewhere) is completed and skipped;
//   heartbeat= our lease + pg-boss `touch` (its per-job heartbeat); the cancel flag comes back here;
//   finish   = our fenced finish + `complete`/`fail`; release = requeue (not an attempt) + new doorbell;
//   cancel   = our cancel + `cancel` of the queued doorbell; reap = our reaper (attempts up to
//              maxAttempts) + new doorbells for re-queued rows. pg-boss expiry (retryLimit 0) only
//              closes a dead worker's doorbell; attempts are counted once, by our reaper.
// Job rows made outside this queue (a sweep, the dashboard) get doorbells when a claim finds none
// while rows wait ("reconcile"), so nothing queued is ever stranded.
// Worker tags: one pg-boss queue per kind and required tag set ("dml-lens.train/big/gpu"); a worker
// fetches from the queues of the subsets of its tags that have waiting rows, best first.
import { PgBoss } from 'pg-boss';
import type { Db } from '../db/client';
import { explainPostgresError } from '../db/pg-connect';
import { redactUrl } from '../db/url';
import { UserError } from '../errors';
import { EmbeddedJobQueue, type EnqueueRequest, type JobQueue } from './job-queue';
import { tagsKey } from '../store/job-tags';
import { jobDispatchRow, waitingGroups, waitingRows, type WaitingRow } from '../store/queue-rows';
import { claimJob, DEFAULT_LEASE_MS, type ClaimedJob, type ClaimFilter, type HeartbeatAnswer } from './lease';
import type { CancelOutcome } from './queue';

/** pg-boss's own tables live in this schema, apart from ours. */
export const BOSS_SCHEMA = 'dml_lens_boss';
const QUEUE_PREFIX = 'dml-lens.';
/** pg-boss's heartbeat window (it must be >= 10 s); our own lease is the finer one. */
const BOSS_HEARTBEAT_S = Math.max(10, Math.ceil(DEFAULT_LEASE_MS / 1000));
/** A doorbell may stay active this long (a long run keeps it alive with touches; pg-boss caps expiry below 24 h). */
const BOSS_EXPIRE_S = 23 * 3600;
/** Stale doorbells skipped per claim before giving up for this poll. */
const MAX_SKIPS = 50;

interface Doorbell {
  jobId: number;
}

/** The pg-boss queue of a kind and a required tag set ("dml-lens.train", "dml-lens.train/big/gpu"). */
export function bossQueueName(kind: string, tags = ''): string {
  return `${QUEUE_PREFIX}${kind}${tags ? `/${tags.split(',').join('/')}` : ''}`;
}

function singletonKey(row: { id: number; kind: string; runId: number | null }): string {
  return row.runId != null ? `${row.kind}:run${row.runId}` : `${row.kind}:job${row.id}`;
}

export class PgBossJobQueue implements JobQueue {
  readonly name = 'pg-boss';
  private readonly table: EmbeddedJobQueue;
  /** Our job id -> the doorbell this process fetched for it. */
  private readonly held = new Map<number, { queue: string; bossId: string }>();
  private readonly queues = new Set<string>();

  private constructor(
    private readonly db: Db,
    readonly boss: PgBoss,
  ) {
    this.table = new EmbeddedJobQueue(db);
  }

  /** Starts pg-boss on `url` (installing its schema on first use) and creates the queues of `kinds`. */
  static async open(db: Db, url: string, kinds: string[]): Promise<PgBossJobQueue> {
    const boss = new PgBoss({ connectionString: url, schema: BOSS_SCHEMA, schedule: false });
    boss.on('error', (err: Error) => console.error(`pg-boss: ${err.message}`));
    const q = new PgBossJobQueue(db, boss);
    try {
      await boss.start();
      for (const kind of kinds) await q.ensureQueue(kind);
    } catch (err) {
      await boss.stop({ graceful: false, close: true }).catch(() => undefined);
      const why = explainPostgresError(err, url) ?? (err as Error).message;
      throw new UserError(
        `pg-boss could not start its queue (schema ${BOSS_SCHEMA}) on ${redactUrl(url)}: ${why} (the database user needs CREATE on the database, or run with --queue embedded)`,
      );
    }
    return q;
  }

  async close(): Promise<void> {
    await this.boss.stop({ graceful: false, close: true });
  }

  private async ensureQueue(kind: string, tags = ''): Promise<string> {
    const name = bossQueueName(kind, tags);
    if (this.queues.has(name)) return name;
    if (!(await this.boss.getQueue(name))) {
      await this.boss
        .createQueue(name, { policy: 'short', retryLimit: 0, expireInSeconds: BOSS_EXPIRE_S, heartbeatSeconds: BOSS_HEARTBEAT_S })
        .catch(async (err: unknown) => {
          if (!(await this.boss.getQueue(name))) throw err; // another worker created it meanwhile
        });
    }
    this.queues.add(name);
    return name;
  }

  /** Sends one doorbell per waiting row (a run that already has a queued doorbell gets none: singletonKey). */
  private async ring(rows: WaitingRow[]): Promise<void> {
    const byQueue = new Map<string, WaitingRow[]>();
    for (const r of rows) {
      const name = bossQueueName(r.kind, r.tags);
      byQueue.set(name, [...(byQueue.get(name) ?? []), r]);
    }
    for (const list of byQueue.values()) {
      const name = await this.ensureQueue(list[0].kind, list[0].tags);
      await this.boss.insert(
        name,
        list.map((r) => ({ data: { jobId: r.id } satisfies Doorbell, priority: r.priority, singletonKey: singletonKey(r) })),
      );
    }
  }

  async enqueue(req: EnqueueRequest): Promise<{ jobId: number; created: boolean }> {
    const res = await this.table.enqueue(req);
    if (res.created)
      await this.ring([
        { id: res.jobId, kind: req.kind, runId: req.runId ?? null, priority: req.priority ?? 0, tags: tagsKey(req.tags ?? []) },
      ]);
    return res;
  }

  /** Doorbells for queued rows of `kinds` (and tag sets `tags` may take) that have none (rows made outside this queue, lost sends). */
  async reconcile(kinds: string[], tags?: string[]): Promise<number> {
    const rows = await waitingRows(this.db, { kinds, tags });
    if (rows.length) await this.ring(rows);
    return rows.length;
  }

  async claim(workerId: string, opts: ClaimFilter & { leaseMs: number }): Promise<ClaimedJob | null> {
    const kinds = opts.kinds ?? ['train'];
    // a worker restricted to some jobs (foreground `train`, `worker --sweep`) claims rows directly;
    // the doorbells it leaves are closed by whoever fetches them
    if (opts.jobIds) return claimJob(this.db, workerId, opts);
    const job = await this.claimByDoorbell(workerId, kinds, opts.tags, opts.leaseMs);
    if (job) return job;
    if (!(await this.reconcile(kinds, opts.tags))) return null;
    return this.claimByDoorbell(workerId, kinds, opts.tags, opts.leaseMs);
  }

  /** Fetches doorbells from the queues (kind, tag set) that have waiting rows this worker may take, best first. */
  private async claimByDoorbell(
    workerId: string,
    kinds: string[],
    tags: string[] | undefined,
    leaseMs: number,
  ): Promise<ClaimedJob | null> {
    let skips = 0;
    // the queues with waiting rows, and always each kind's untagged queue: fetching there also closes
    // doorbells left behind by rows that were claimed directly or ended (a reaped job's second bell)
    const groups = await waitingGroups(this.db, { kinds, tags });
    for (const kind of kinds) if (!groups.some((g) => g.kind === kind && g.tags === '')) groups.push({ kind, tags: '' });
    for (const group of groups) {
      const name = await this.ensureQueue(group.kind, group.tags);
      while (skips < MAX_SKIPS) {
        const [bell] = await this.boss.fetch<Doorbell>(name, { batchSize: 1 });
        if (!bell) break;
        const job = await claimJob(this.db, workerId, { leaseMs, kinds: [group.kind], jobIds: [Number(bell.data.jobId)] });
        if (job) {
          this.held.set(job.id, { queue: name, bossId: bell.id });
          return job;
        }
        await this.boss.complete(name, bell.id, { skipped: 'job row no longer queued' });
        skips++;
      }
    }
    return null;
  }

  async heartbeat(job: ClaimedJob, workerId: string, opts: { leaseMs: number; progressJson?: string }): Promise<HeartbeatAnswer> {
    const answer = await this.table.heartbeat(job, workerId, opts);
    const bell = this.held.get(job.id);
    if (answer.held && bell) await this.boss.touch(bell.queue, bell.bossId).catch(() => undefined); // our lease is the truth
    return answer;
  }

  fenced<T>(job: Pick<ClaimedJob, 'id' | 'token'>, fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.table.fenced(job, fn);
  }

  async finish(
    job: ClaimedJob,
    workerId: string,
    status: 'done' | 'failed' | 'cancelled',
    info: { error?: string; resultJson?: string } = {},
  ): Promise<boolean> {
    const ok = await this.table.finish(job, workerId, status, info);
    await this.settle(job);
    return ok;
  }

  async release(job: ClaimedJob, workerId: string, reason: string): Promise<void> {
    await this.table.release(job, workerId, reason);
    await this.settle(job);
  }

  /**
   * Closes this process's doorbell of `job` after its end was written (here, or by the job
   * process): complete when done, fail otherwise; a row queued again gets a new doorbell.
   */
  async settle(job: ClaimedJob): Promise<void> {
    const bell = this.held.get(job.id);
    this.held.delete(job.id);
    const row = await jobDispatchRow(this.db, job.id);
    if (bell) {
      if (row?.status === 'done') await this.boss.complete(bell.queue, bell.bossId, { status: row.status });
      else if (row?.status === 'running' && row.fenceToken === job.token)
        this.held.set(job.id, bell); // not ended yet: keep it
      else await this.boss.fail(bell.queue, bell.bossId, { status: row?.status ?? 'deleted' });
    }
    if (row?.status === 'queued') await this.ring([row]);
  }

  async cancel(jobId: number): Promise<CancelOutcome> {
    const row = await jobDispatchRow(this.db, jobId);
    const outcome = await this.table.cancel(jobId);
    if (outcome === 'cancelled' && row) {
      const name = await this.ensureQueue(row.kind, row.tags);
      const bells = await this.boss.findJobs<Doorbell>(name, { key: singletonKey(row), queued: true });
      const mine = bells.filter((b) => Number(b.data?.jobId) === jobId).map((b) => b.id);
      if (mine.length) await this.boss.cancel(name, mine);
    }
    return outcome;
  }

  async reap(opts: { maxAttempts?: number; now?: Date } = {}): Promise<number[]> {
    const touched = await this.table.reap(opts);
    if (touched.length) {
      const rows = await waitingRows(this.db, { ids: touched });
      if (rows.length) await this.ring(rows);
    }
    return touched;
  }

  get(jobId: number) {
    return this.table.get(jobId);
  }
}
